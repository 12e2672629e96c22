import { createTestContext, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { expectProblem, fieldsOf, makeWorld, REVIEW_KEYS } from '../scheduling/schedulingWorld'
import { paperHelpers, START } from './paperWorld'

// Deciding a paper review on the JSON API: what each decision lists and records, and what is refused.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

// Each case's review hearing of 2 March is recorded with these words.
const { apiAs, decisionWorld, paperCase, submitReport, outcomesOf, reviewIn } = paperHelpers(() => ctx, {
  benchComments: 'Well done. Keep going.',
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
