import { createTestContext, type TestContext } from '../../support/testApp'
import { expectProblem, makeWorld } from '../scheduling/schedulingWorld'
import { paperHelpers, QUEUE_KEYS, START } from './paperWorld'

// The paper review queue on the JSON API: the paper reviews of a sentencer's courts that are due,
// with their reports.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

// Each case's review hearing of 2 March is recorded with these words.
const { decisionWorld, paperCase, submitReport } = paperHelpers(() => ctx, {
  benchComments: 'Well done. Keep going.',
})

describe('GET /api/v1/paper-reviews', () => {
  it('when paper reviews of the sentencer’s court are due, then it answers 200 with each one, its person and its report', async () => {
    const { world, justiceApi } = await decisionWorld()
    const withReport = await paperCase(world)
    const withoutReport = await paperCase(world)
    await submitReport(world, withReport.paper.id)
    const elsewhere = await makeWorld(ctx)
    const otherCourt = await paperCase(elsewhere)

    const res = await justiceApi.get('/paper-reviews')

    expect(res.status).toBe(200)
    expect(res.body.map((q: { reviewId: string }) => q.reviewId).sort()).toEqual(
      [withReport.paper.id, withoutReport.paper.id].sort(),
    )
    for (const q of res.body) expect(Object.keys(q).sort()).toEqual(QUEUE_KEYS)
    const reported = res.body.find((q: { reviewId: string }) => q.reviewId === withReport.paper.id)
    expect(reported).toEqual({
      reviewId: withReport.paper.id,
      requirementId: withReport.requirementId,
      sequence: 2,
      dueOn: '2026-04-02',
      personId: withReport.person.id,
      personName: 'Alex Example',
      courtId: world.court.id,
      breachProceedings: false,
      // Submitted this morning, after the end of Tuesday 31 March when it was due.
      report: { status: 'submitted', submittedAt: '2026-04-02T09:00:00+01:00', late: true },
    })
    expect(res.body.find((q: { reviewId: string }) => q.reviewId === withoutReport.paper.id).report).toBeNull()
    expect(JSON.stringify(res.body)).not.toContain(otherCourt.paper.id)
  })

  it('when a clerk asks for the paper reviews, then it is 403', async () => {
    const { world } = await decisionWorld()
    await paperCase(world)

    expectProblem(await world.clerkApi.get('/paper-reviews'), 403)
  })
})
