import { createTestContext, type TestContext } from '../../support/testApp'
import { newId } from '../../../server/utils/ids'
import { fillPerson, sharedRows } from './retentionWorld'
import { wipePersonRows } from './retentionWipe'

// The daily retention job and a whole sitting's pack, one pack about several people (Data Protection Act
// 2018 s.39(1): kept no longer than necessary; s.47(2): restricted instead while needed as evidence): it
// goes once the first person in it passes the packs date, unless someone in it is under a legal hold.

let ctx: TestContext
let shared: Awaited<ReturnType<typeof sharedRows>>

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-12-08T12:00:00Z' })
  shared = await sharedRows(ctx.db, '2005-01-03T10:00:00.000Z')
})

afterAll(async () => {
  await ctx.close()
})

const wipe = () => wipePersonRows(ctx.db)

describe('the daily retention job', () => {
  it('when the first person in a whole sitting’s pack passes the packs date, then that pack goes, unless someone in it is held', async () => {
    await wipe()
    await ctx.db('retention_setting').update({ years: 6 })
    await ctx.db('retention_setting').where({ kind: 'case_record' }).update({ years: 7 })
    ctx.clock.set('2026-12-08T12:00:00Z')
    const sittingPack = async (sittingId: string) => {
      const id = newId()
      await ctx.db('hearing_pack').insert({
        id,
        sitting_id: sittingId,
        review_id: null,
        version: 1,
        issued_at: '2020-01-01T10:00:00.000Z',
        issued_by: shared.user,
        content_hash: 'h',
        html: '<p>both</p>',
      })
      return id
    }
    const ended = (endsOn: string) => ({ sentence_order: { ends_on: endsOn } })
    // A passed its packs date (ended 2019); B's order ends in 2025, so B's own packs stay.
    const s1 = await sharedRows(ctx.db, '2019-06-03T10:00:00.000Z')
    const a = await fillPerson(ctx.db, s1, 'SPAAAAA', ended('2019-06-30'), ['legal_hold'])
    const b = await fillPerson(ctx.db, s1, 'SPBBBBB', ended('2025-06-30'), ['legal_hold'])
    const gone = await sittingPack(s1.sitting)
    // The same, in another sitting, but the later person there is under a legal hold.
    const s2 = await sharedRows(ctx.db, '2019-06-03T10:00:00.000Z')
    await fillPerson(ctx.db, s2, 'SPCCCCC', ended('2019-06-30'), ['legal_hold'])
    const d = await fillPerson(ctx.db, s2, 'SPDDDDD', ended('2025-06-30'), ['legal_hold'])
    await ctx.db('legal_hold').insert({
      id: newId(),
      person_id: d.get('person'),
      reason: 'Appeal',
      placed_by: shared.user,
      placed_at: '2026-01-01T10:00:00.000Z',
    })
    const kept = await sittingPack(s2.sitting)

    await ctx.services.retentionJob.run()

    expect(await ctx.db('hearing_pack').where({ id: gone })).toHaveLength(0)
    expect(await ctx.db('hearing_pack').where({ id: kept })).toHaveLength(1)
    // A's own pack went with it; B's stays until B's date.
    expect(await ctx.db('hearing_pack').where({ id: a.get('hearing_pack') })).toHaveLength(0)
    expect(await ctx.db('hearing_pack').where({ id: b.get('hearing_pack') })).toHaveLength(1)
  })
})
