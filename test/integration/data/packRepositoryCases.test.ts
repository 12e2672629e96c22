import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { queriesDuring } from '../../support/queries'
import { createPackRepository } from '../../../server/data/packRepository'
import { newId } from '../../../server/utils/ids'
import { hearingSeed, stamps } from './hearingSeed'

// The pack repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set): the case
// a pack is made from (requirement, order, person, court, officer, provider), report versions and provider updates.

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const { court, organisation, user, requirement, review } = hearingSeed(() => db)

describe('the pack repository', () => {
  const packs = () => createPackRepository(db)

  it('when asked for requirements, then gives each with its order, person, court, officer and provider', async () => {
    const c = await court('crown')
    const officer = await user('Olive Officer', 'probation')
    const provider = await organisation('provider')
    const q = await requirement(c, { officerId: officer, providerId: provider })
    const bare = await requirement(c)
    await db('sentence_order').where({ id: q.orderId }).update({ psr_text: 'Background & risk' })

    const rows = await packs().requirements([q.id, bare.id])

    const row = rows.find(r => r.id === q.id)
    expect(row).toEqual({
      id: q.id,
      kind: 'DRR',
      months: 12,
      startsOn: '2026-01-05',
      endsOn: '2027-01-04',
      reviewMode: 'paper',
      breachProceedings: true,
      orderId: q.orderId,
      orderKind: 'suspended',
      madeOn: '2026-01-05',
      orderEndsOn: '2027-01-04',
      caseReference: `REF-${q.crn}`,
      psrText: 'Background & risk',
      courtName: expect.stringMatching(/^Court /),
      courtKind: 'crown',
      personId: q.personId,
      personName: `Person ${q.crn}`,
      dateOfBirth: '1990-01-31',
      crn: q.crn,
      pnc: null,
      officerName: 'Olive Officer',
      providerName: expect.stringMatching(/^Org /),
    })
    expect(rows.find(r => r.id === bare.id)).toEqual(
      expect.objectContaining({ officerName: null, providerName: null, psrText: null }),
    )
  })

  it('when given no ids, then answers empty without a query', async () => {
    const p = packs()
    const sql = await queriesDuring(db, async () => {
      expect(await p.requirements([])).toEqual([])
      expect(await p.reportVersions([])).toEqual([])
      expect(await p.providerUpdates([])).toEqual([])
      expect(await p.outcomes([])).toEqual([])
      expect(await p.drugTests([])).toEqual([])
      expect(await p.ordersWithPsr([])).toEqual([])
      expect(await p.userNames([])).toEqual([])
    })
    expect(sql).toEqual([])
  })

  it('when a report has versions, then gives them oldest first with their content, for the reviews asked for only', async () => {
    const q = await requirement(await court())
    const [r1, r2] = [await review(q.id, 1), await review(q.id, 2)]
    const author = await user('Author', 'probation')
    for (const [reviewId, versions] of [
      [r1, 2],
      [r2, 1],
    ] as const) {
      const reportId = newId()
      await db('progress_report').insert({
        id: reportId,
        review_id: reviewId,
        author_id: author,
        status: 'submitted',
        ...stamps,
      })
      for (let v = versions; v >= 1; v -= 1)
        await db('progress_report_version').insert({
          id: newId(),
          report_id: reportId,
          version_number: v,
          submitted_at: `2026-02-0${v}T10:00:00.000Z`,
          submitted_by: author,
          late: v === 1,
          content: JSON.stringify({ attendance: `Version ${v}`, appointmentsOffered: 4 }),
        })
    }

    const rows = await packs().reportVersions([r1])

    expect(rows).toEqual([
      {
        reviewId: r1,
        versionNumber: 1,
        submittedAt: '2026-02-01T10:00:00.000Z',
        late: true,
        content: { attendance: 'Version 1', appointmentsOffered: 4 },
      },
      {
        reviewId: r1,
        versionNumber: 2,
        submittedAt: '2026-02-02T10:00:00.000Z',
        late: false,
        content: { attendance: 'Version 2', appointmentsOffered: 4 },
      },
    ])
  })

  it('when providers have written, then gives their updates oldest first with the organisation named', async () => {
    const q = await requirement(await court())
    const r = await review(q.id, 1)
    const author = await user('Worker', 'provider')
    const [first, second] = [await organisation('provider'), await organisation('provider')]
    await db('provider_update').insert({
      id: newId(),
      review_id: r,
      organisation_id: second,
      author_id: author,
      treatment_view: 'Later view',
      engagement: null,
      appointments_offered: null,
      appointments_kept: null,
      created_at: '2026-02-02T00:00:00.000Z',
      updated_at: '2026-02-03T00:00:00.000Z',
    })
    await db('provider_update').insert({
      id: newId(),
      review_id: r,
      organisation_id: first,
      author_id: author,
      treatment_view: 'Earlier view',
      engagement: 'Good',
      appointments_offered: 8,
      appointments_kept: 0,
      created_at: '2026-02-01T00:00:00.000Z',
      updated_at: '2026-02-01T00:00:00.000Z',
    })

    const rows = await packs().providerUpdates([r])

    expect(rows.map(u => u.treatmentView)).toEqual(['Earlier view', 'Later view'])
    expect(rows[0]).toEqual({
      reviewId: r,
      organisationName: expect.stringMatching(/^Org /),
      treatmentView: 'Earlier view',
      engagement: 'Good',
      appointmentsOffered: 8,
      appointmentsKept: 0,
      updatedAt: '2026-02-01T00:00:00.000Z',
    })
    expect(rows[1]).toEqual(
      expect.objectContaining({ engagement: null, appointmentsOffered: null, appointmentsKept: null }),
    )
  })
})
