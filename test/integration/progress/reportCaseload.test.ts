import { createTestContext, type TestContext } from '../../support/testApp'
import { toCurrentUser } from '../../../server/services/authService'
import { FULL_REPORT, makeReportWorld } from './progressWorld'
import { queriesDuring } from '../../support/queries'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-20T09:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

const queryCount = async (work: () => Promise<unknown>) => (await queriesDuring(ctx.db, work)).length

describe('the caseload read model', () => {
  it('when an officer has one case or five with reports, then the caseload takes the same number of queries', async () => {
    const one = await makeReportWorld(ctx)
    await one.addSitting('2026-05-05')
    await one.personWithReview('2026-05-05', '2026-04-01')
    const five = await makeReportWorld(ctx)
    await five.addSitting('2026-05-05')
    for (let i = 0; i < 5; i += 1) {
      const c = await five.personWithReview('2026-05-05', '2026-04-01')
      if (i % 2) await five.officerApi.put(`/reviews/${c.review.id}/report`, { ...FULL_REPORT, submit: i === 3 })
    }

    let rows = 0
    const forOne = await queryCount(() => ctx.services.reports.caseload(toCurrentUser(one.officer)))
    const forFive = await queryCount(async () => {
      rows = (await ctx.services.reports.caseload(toCurrentUser(five.officer))).length
    })

    expect(rows).toBe(5)
    expect(forFive).toBe(forOne)
    expect(forFive).toBeLessThanOrEqual(4)
  })

  it('when a requirement is no longer active, then it is not on the caseload', async () => {
    const w = await makeReportWorld(ctx)
    await w.addSitting('2026-05-05')
    const c = await w.personWithReview('2026-05-05', '2026-04-01')
    await ctx.db('requirement').where({ id: c.requirementId }).update({ status: 'completed' })

    expect(await ctx.services.reports.caseload(toCurrentUser(w.officer))).toEqual([])
  })

  it('when the first review is no longer open, then the caseload shows the next open one, earliest first', async () => {
    const w = await makeReportWorld(ctx)
    await w.addSitting('2026-05-05')
    await w.addSitting('2026-06-09')
    const c = await w.personWithReview('2026-05-05', '2026-04-01')
    await ctx.db('review').where({ id: c.review.id }).update({ status: 'vacated', sitting_id: null, slot_index: null })

    const [row] = await ctx.services.reports.caseload(toCurrentUser(w.officer))
    expect(row.review?.id).not.toBe(c.review.id)
    expect(row.review?.reviewDate).toBe('2026-06-09')
    expect(row.review?.status).toBe('scheduled')
  })
})
