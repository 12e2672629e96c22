import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import {
  bearer,
  expectProblem,
  fieldsOf,
  makeWorld,
  REVIEW_KEYS,
  type ApiReview,
  type ApiSitting,
  type World,
} from '../scheduling/schedulingWorld'
import { toCurrentUser } from '../../../server/services/authService'

let ctx: TestContext

// Thursday 2 April 2026, 9am in London: the day each case's paper review is due to be decided.
const START = '2026-04-02T08:00:00Z'
// Monday 2 March 2026, 3pm in London: the review hearing that moved each case to paper reviews.
const HEARING_DAY = '2026-03-02T15:00:00Z'

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

const QUEUE_KEYS = [
  'reviewId',
  'requirementId',
  'sequence',
  'dueOn',
  'personId',
  'personName',
  'courtId',
  'breachProceedings',
  'report',
].sort()

/** An API client for a user, with a bearer token issued now. */
async function apiAs(email: string) {
  const token = await apiToken(ctx.app, email)
  return {
    get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
    post: (path: string, body: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(body),
  }
}

/** A court with a single justice of its own, signed in to the API. */
async function decisionWorld() {
  const world = await makeWorld(ctx)
  const justice = await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] })
  return { world, justice, justiceApi: await apiAs(justice.email) }
}

const hearingSittings = new Map<string, ApiSitting>()
async function hearingSitting(world: World): Promise<ApiSitting> {
  const known = hearingSittings.get(world.court.id)
  if (known) return known
  const sitting = await world.addSitting('2026-03-02')
  hearingSittings.set(world.court.id, sitting)
  return sitting
}

/**
 * A 6-month DRR made on 2 February 2026 with monthly reviews, moved to paper reviews at its first
 * review hearing on Monday 2 March (attended, progress satisfactory: Sch 9 para 22(6)), recorded by
 * the clerk that day. Returns the paper review that follows, due on Thursday 2 April; the clock is put back.
 */
async function paperCase(world: World) {
  const sitting = await hearingSitting(world)
  const made = await world.addOrder({ madeOn: '2026-02-02', months: 6 })
  const hearing = made.reviews[0]
  if (hearing.sittingId !== sitting.id) throw new Error(`first review not listed on 2 March: ${hearing.sittingId}`)
  const now = ctx.clock.now()
  ctx.clock.set(HEARING_DAY)
  const res = await world.clerkApi.post(`/reviews/${hearing.id}/outcome`, {
    attended: true,
    progress: 'satisfactory',
    decision: 'continue_paper',
    benchComments: 'Well done. Keep going.',
  })
  ctx.clock.set(now)
  if (res.status !== 201) throw new Error(`outcome: ${res.status} ${res.text}`)
  const paper = res.body.nextReview as ApiReview
  if (paper.mode !== 'paper' || paper.targetDate !== '2026-04-02')
    throw new Error(`no paper review on 2 April: ${JSON.stringify(paper)}`)
  return { ...made, hearing, paper }
}

async function submitReport(world: World, reviewId: string) {
  await ctx.services.reports.save(
    toCurrentUser(world.officer),
    reviewId,
    {
      attendance: 'Attended 7 of 8 appointments.',
      engagement: 'Engaged well in group work.',
      treatment: 'Stable on methadone.',
      testing: 'All tests negative for opiates.',
      recommendation: 'paper_review',
    },
    { submit: true },
  )
}

const outcomesOf = (reviewId: string) => ctx.db('outcome').where({ review_id: reviewId })
const reviewIn = async (world: World, requirementId: string, reviewId: string) =>
  (await world.reviewsOf(requirementId)).find(r => r.id === reviewId)!

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

describe('POST /api/v1/reviews/:id/paper-decision', () => {
  it('when progress is satisfactory, then it answers 201, the next review stays on paper, and the deciding sentencer is recorded as who sat', async () => {
    const { world, justice, justiceApi } = await decisionWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)

    const res = await justiceApi.post(`/reviews/${c.paper.id}/paper-decision`, {
      satisfactory: true,
      comments: 'Good progress.',
    })

    expect(res.status).toBe(201)
    expect(Object.keys(res.body).sort()).toEqual(['decision', 'nextReview', 'satisfactory'])
    expect(res.body.decision).toBe('continue_paper')
    expect(res.body.satisfactory).toBe(true)
    expect(Object.keys(res.body.nextReview).sort()).toEqual(REVIEW_KEYS)
    expect(res.body.nextReview).toEqual(
      expect.objectContaining({
        requirementId: c.requirementId,
        sequence: 3,
        mode: 'paper',
        status: 'scheduled',
        sittingId: null,
        startsAt: null,
      }),
    )
    expect((await reviewIn(world, c.requirementId, c.paper.id)).status).toBe('held')
    const [outcome] = await outcomesOf(c.paper.id)
    expect(outcome).toEqual(
      expect.objectContaining({
        decision: 'continue_paper',
        progress: 'satisfactory',
        bench_comments: 'Good progress.',
        recorded_by: justice.id,
      }),
    )
    expect(await ctx.db('outcome_bench').where({ outcome_id: outcome.id }).pluck('user_id')).toEqual([justice.id])
    expect((await ctx.db('requirement').where({ id: c.requirementId }).first()).review_mode).toBe('paper')
    // Decided: it leaves the queue.
    expect(JSON.stringify((await justiceApi.get('/paper-reviews')).body)).not.toContain(c.paper.id)
  })

  it('when progress is not satisfactory, then it answers 201 with the hearing the person must attend, in the sitting named, a week later', async () => {
    const { world, justice, justiceApi } = await decisionWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const sitting = await world.addSitting('2026-04-09', { courtroom: '2' })

    const res = await justiceApi.post(`/reviews/${c.paper.id}/paper-decision`, {
      satisfactory: false,
      comments: 'Two positive tests and missed appointments.',
      attendSittingId: sitting.id,
    })

    expect(res.status).toBe(201)
    expect(res.body.decision).toBe('require_attendance')
    expect(res.body.satisfactory).toBe(false)
    expect(Object.keys(res.body.nextReview).sort()).toEqual(REVIEW_KEYS)
    expect(res.body.nextReview).toEqual(
      expect.objectContaining({
        requirementId: c.requirementId,
        sequence: 3,
        mode: 'hearing',
        status: 'scheduled',
        sittingId: sitting.id,
        startsAt: '2026-04-09T10:00:00+01:00',
      }),
    )
    const [outcome] = await outcomesOf(c.paper.id)
    expect(outcome).toEqual(expect.objectContaining({ decision: 'require_attendance', progress: 'poor' }))
    expect(await ctx.db('outcome_bench').where({ outcome_id: outcome.id }).pluck('user_id')).toEqual([justice.id])
    expect((await ctx.db('requirement').where({ id: c.requirementId }).first()).review_mode).toBe('hearing')
    const later = (await world.reviewsOf(c.requirementId)).filter(r => r.sequence > 3 && r.status !== 'vacated')
    expect(later.length).toBeGreaterThan(0)
    expect(later.every(r => r.mode === 'hearing')).toBe(true)
    expect(await ctx.services.audit.list({ subjectId: c.paper.id, action: 'notify_officer' })).toHaveLength(1)
  })

  it('when the report is not yet submitted, then it is 422 naming the report, and nothing is recorded', async () => {
    const { world, justiceApi } = await decisionWorld()
    const c = await paperCase(world)

    const problem = expectProblem(
      await justiceApi.post(`/reviews/${c.paper.id}/paper-decision`, { satisfactory: true }),
      422,
    )

    expect(fieldsOf(problem)).toEqual(['report'])
    expect(problem.detail).toContain('Sentencing Act 2020 Sch 9 para 21(2)(d)-(e)')
    expect(await outcomesOf(c.paper.id)).toHaveLength(0)
    expect((await reviewIn(world, c.requirementId, c.paper.id)).status).toBe('scheduled')
  })

  it('when the review is not yet due, then it is 422 naming its date, and nothing is recorded', async () => {
    const { world, justiceApi } = await decisionWorld()
    const c = await paperCase(world)
    // Tuesday 31 March: the report is in, the review is due on Thursday.
    ctx.clock.set('2026-03-31T10:00:00Z')
    await submitReport(world, c.paper.id)

    const problem = expectProblem(
      await justiceApi.post(`/reviews/${c.paper.id}/paper-decision`, { satisfactory: true }),
      422,
    )

    expect(fieldsOf(problem)).toEqual(['reviewDate'])
    expect(problem.errors![0].message).toContain('Thursday 2 April 2026')
    expect(await outcomesOf(c.paper.id)).toHaveLength(0)
  })

  it('when the review is at a hearing of the sentencer’s court, then it is 422, and nothing is recorded', async () => {
    const { world, justiceApi } = await decisionWorld()
    await world.addSitting('2026-04-02')
    const made = await world.addOrder({ madeOn: '2026-03-02', months: 6 })
    const hearing = made.reviews[0]
    expect(hearing).toEqual(expect.objectContaining({ mode: 'hearing', status: 'scheduled', targetDate: '2026-04-02' }))

    const problem = expectProblem(
      await justiceApi.post(`/reviews/${hearing.id}/paper-decision`, { satisfactory: true }),
      422,
    )

    expect(problem.detail).toContain('This review is at a hearing')
    expect(await outcomesOf(hearing.id)).toHaveLength(0)
    expect((await reviewIn(world, made.requirementId, hearing.id)).status).toBe('scheduled')
  })

  it('when not satisfactory without a sitting or reasons, then it is 400 naming each missing field', async () => {
    const { world, justiceApi } = await decisionWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const sitting = await world.addSitting('2026-04-09')
    const path = `/reviews/${c.paper.id}/paper-decision`

    expect(fieldsOf(expectProblem(await justiceApi.post(path, { satisfactory: false }), 400))).toEqual([
      'attendSittingId',
      'comments',
    ])
    expect(
      fieldsOf(expectProblem(await justiceApi.post(path, { satisfactory: false, comments: 'Missed tests.' }), 400)),
    ).toEqual(['attendSittingId'])
    expect(
      fieldsOf(
        expectProblem(
          await justiceApi.post(path, { satisfactory: false, comments: '  ', attendSittingId: sitting.id }),
          400,
        ),
      ),
    ).toEqual(['comments'])
    expect(fieldsOf(expectProblem(await justiceApi.post(path, {}), 400))).toEqual(['satisfactory'])
    expect(await outcomesOf(c.paper.id)).toHaveLength(0)
  })

  it('when a sentencer of another court decides, then it is 404 and nothing changes', async () => {
    const { world } = await decisionWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const elsewhere = await makeWorld(ctx)
    const outsider = await makeUser(ctx.services, 'sentencer', { courtIds: [elsewhere.court.id] })
    const outsiderApi = await apiAs(outsider.email)

    const problem = expectProblem(
      await outsiderApi.post(`/reviews/${c.paper.id}/paper-decision`, { satisfactory: true }),
      404,
    )

    expect(problem.detail).not.toContain('Alex Example')
    expect(await outcomesOf(c.paper.id)).toHaveLength(0)
    expect((await reviewIn(world, c.requirementId, c.paper.id)).status).toBe('scheduled')
    expect((await ctx.db('requirement').where({ id: c.requirementId }).first()).review_mode).toBe('paper')
    expect(JSON.stringify((await outsiderApi.get('/paper-reviews')).body)).not.toContain(c.paper.id)
  })

  it('when a clerk decides, then it is 403 and nothing is recorded', async () => {
    const { world } = await decisionWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)

    expectProblem(await world.clerkApi.post(`/reviews/${c.paper.id}/paper-decision`, { satisfactory: true }), 403)

    expect(await outcomesOf(c.paper.id)).toHaveLength(0)
  })

  it('when the review is decided twice, then the second is 409 and the first decision stands', async () => {
    const { world, justiceApi } = await decisionWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const sitting = await world.addSitting('2026-04-09')
    const path = `/reviews/${c.paper.id}/paper-decision`
    expect((await justiceApi.post(path, { satisfactory: true })).status).toBe(201)

    const problem = expectProblem(
      await justiceApi.post(path, { satisfactory: false, comments: 'Changed my mind.', attendSittingId: sitting.id }),
      409,
    )

    expect(problem.detail).toBe('This paper review has already been decided.')
    const outcomes = await outcomesOf(c.paper.id)
    expect(outcomes).toHaveLength(1)
    expect(outcomes[0].decision).toBe('continue_paper')
    expect((await ctx.db('requirement').where({ id: c.requirementId }).first()).review_mode).toBe('paper')
    expect(await ctx.services.audit.list({ subjectId: c.paper.id, action: 'notify_officer' })).toHaveLength(0)
  })

  it('when the sitting named is of another court, then it is 422 naming attendSittingId, and nothing is recorded', async () => {
    const { world, justiceApi } = await decisionWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const elsewhere = await makeWorld(ctx)
    const theirs = await elsewhere.addSitting('2026-04-09')

    const problem = expectProblem(
      await justiceApi.post(`/reviews/${c.paper.id}/paper-decision`, {
        satisfactory: false,
        comments: 'Not engaging.',
        attendSittingId: theirs.id,
      }),
      422,
    )

    expect(fieldsOf(problem)).toEqual(['attendSittingId'])
    expect(await outcomesOf(c.paper.id)).toHaveLength(0)
    expect((await ctx.db('requirement').where({ id: c.requirementId }).first()).review_mode).toBe('paper')
    const theirList = await elsewhere.clerkApi.get(`/sittings/${theirs.id}`)
    expect(theirList.status).toBe(200)
    expect(theirList.body.booked).toBe(0)
  })
})
