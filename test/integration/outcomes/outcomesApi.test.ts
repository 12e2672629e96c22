import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { addCalendarMonths } from '../../../server/utils/dates'
import { bearer, expectProblem, fieldsOf, makeWorld, open } from '../scheduling/schedulingWorld'
import { aCourtWithACase as aCase, outcome, OUTCOME_KEYS } from './outcomeWorld'

// Recording a review's outcome on the JSON API: what each decision does to the requirement and its
// later reviews, and what is refused.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

// The evening of the first review's sitting: tokens are issued and used at the same time.
beforeEach(() => {
  ctx.clock.set('2028-02-08T16:00:00Z')
})

describe('POST /api/v1/reviews/:id/outcome', () => {
  it('when the court continues at a hearing, then it answers 201, the review is held and the next review is in a sitting a calendar month or more later', async () => {
    const world = await makeWorld(ctx)
    const { dateOf, order, r1 } = await aCase(world)

    const res = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, outcome())

    expect(res.status).toBe(201)
    expect(Object.keys(res.body).sort()).toEqual(['nextReview', 'outcome'])
    expect(Object.keys(res.body.outcome).sort()).toEqual(OUTCOME_KEYS)
    expect(res.body.outcome).toEqual(
      expect.objectContaining({
        reviewId: r1.id,
        attended: true,
        progress: 'good',
        decision: 'continue_hearing',
        benchComments: 'Well done, Alex.\n\n  Keep going with the group work.  ',
        amendment: null,
        version: 1,
      }),
    )
    const next = res.body.nextReview
    expect(next).toEqual(expect.objectContaining({ mode: 'hearing', status: 'scheduled', sequence: 2 }))
    expect(next.sittingId).not.toBeNull()
    expect(dateOf[next.sittingId] >= addCalendarMonths('2028-02-08', 1)).toBe(true)
    expect(dateOf[next.sittingId]).toBe('2028-03-14')
    const reviews = await world.reviewsOf(order.requirementId)
    expect(reviews.find(r => r.id === r1.id)?.status).toBe('held')
    const row = await ctx.db('outcome').where({ review_id: r1.id }).first()
    expect(row.next_review_id).toBe(next.id)
    const audit = await ctx.db('audit_event').where({ action: 'record_outcome', subject_id: r1.id })
    expect(audit).toHaveLength(1)
  })

  it('when the court continues on paper, then the later reviews become paper reviews with no sitting', async () => {
    const world = await makeWorld(ctx)
    const { order, r1 } = await aCase(world)

    const res = await world.clerkApi.post(
      `/reviews/${r1.id}/outcome`,
      outcome({ progress: 'satisfactory', decision: 'continue_paper' }),
    )

    expect(res.status).toBe(201)
    expect(res.body.nextReview).toEqual(
      expect.objectContaining({ mode: 'paper', sittingId: null, startsAt: null, status: 'scheduled' }),
    )
    expect(res.body.nextReview.targetDate >= addCalendarMonths('2028-02-08', 1)).toBe(true)
    const later = open(await world.reviewsOf(order.requirementId))
    expect(later.length).toBeGreaterThan(0)
    for (const r of later) expect({ mode: r.mode, sittingId: r.sittingId }).toEqual({ mode: 'paper', sittingId: null })
    const requirement = await ctx.repos.cases.requirement(order.requirementId)
    expect(requirement?.reviewMode).toBe('paper')
  })

  it('when the requirement is completed, then it is closed and its later reviews are vacated', async () => {
    const world = await makeWorld(ctx)
    const { order, r1 } = await aCase(world)

    const res = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, outcome({ decision: 'completed' }))

    expect(res.status).toBe(201)
    expect(res.body.nextReview).toBeNull()
    const reviews = await world.reviewsOf(order.requirementId)
    expect(open(reviews)).toEqual([])
    expect(reviews.filter(r => r.id !== r1.id).every(r => r.status === 'vacated' && r.sittingId === null)).toBe(true)
    expect((await ctx.repos.cases.requirement(order.requirementId))?.status).toBe('completed')
  })

  it('when the person did not attend and is referred for breach, then the review is did_not_attend and the order goes on in breach proceedings (Sch 10 para 1)', async () => {
    const world = await makeWorld(ctx)
    const { order, r1 } = await aCase(world)

    const res = await world.clerkApi.post(
      `/reviews/${r1.id}/outcome`,
      outcome({ attended: false, progress: 'poor', decision: 'breach_referral', benchComments: null }),
    )

    expect(res.status).toBe(201)
    const reviews = await world.reviewsOf(order.requirementId)
    expect(reviews.find(r => r.id === r1.id)?.status).toBe('did_not_attend')
    // The review court deals with the breach; the order and its reviews go on meanwhile.
    expect(open(reviews).length).toBeGreaterThan(0)
    expect(open(reviews).every(r => r.status === 'scheduled' && r.sittingId !== null && r.mode === 'hearing')).toBe(
      true,
    )
    expect(await ctx.repos.cases.requirement(order.requirementId)).toEqual(
      expect.objectContaining({ status: 'active', breachProceedings: true }),
    )
    const person = await world.clerkApi.get(`/people/${order.person.id}`)
    expect(person.body.orders[0].requirements[0]).toEqual(
      expect.objectContaining({ status: 'active', breachProceedings: true }),
    )
  })

  it('when an amendment has no consent, then it is refused with 422 naming consentToAmendment and nothing is recorded', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)

    const refused = await world.clerkApi.post(
      `/reviews/${r1.id}/outcome`,
      outcome({ decision: 'amend', amendment: 'Add 10 more days of testing', consentToAmendment: false }),
    )
    const problem = expectProblem(refused, 422)

    expect(fieldsOf(problem)).toEqual(['consentToAmendment'])
    expect(problem.errors![0].message).toContain('Sentencing Act 2020 Sch 9 para 22(3)(a)')
    expect(await ctx.db('outcome').where({ review_id: r1.id })).toHaveLength(0)

    const res = await world.clerkApi.post(
      `/reviews/${r1.id}/outcome`,
      outcome({ decision: 'amend', amendment: 'Add 10 more days of testing', consentToAmendment: true }),
    )
    expect(res.status).toBe(201)
    expect(res.body.outcome).toEqual(
      expect.objectContaining({ amendment: 'Add 10 more days of testing', consentToAmendment: true }),
    )
    expect(res.body.nextReview.mode).toBe('hearing')
  })

  it('when the body is incomplete, then it answers 400 naming each field', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)

    const res = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, { benchComments: 'x' })

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['attended', 'decision', 'progress'])
  })

  it('when a second outcome is sent for the same review, then it is 409', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)
    expect((await world.clerkApi.post(`/reviews/${r1.id}/outcome`, outcome())).status).toBe(201)

    const problem = expectProblem(
      await world.clerkApi.post(`/reviews/${r1.id}/outcome`, outcome({ decision: 'completed' })),
      409,
    )

    expect(problem.detail).toBe('An outcome has already been recorded for this review: change it instead')
  })

  it('when five identical outcomes arrive at once, then exactly one is 201 and the rest 409', async () => {
    const world = await makeWorld(ctx)
    const { order, r1 } = await aCase(world)

    const results = await Promise.all(
      Array.from({ length: 5 }, () => world.clerkApi.post(`/reviews/${r1.id}/outcome`, outcome())),
    )

    expect(results.map(r => r.status).sort()).toEqual([201, 409, 409, 409, 409])
    expect(await ctx.db('outcome').where({ review_id: r1.id })).toHaveLength(1)
    const reviews = await world.reviewsOf(order.requirementId)
    expect(open(reviews).filter(r => r.sequence === 2)).toHaveLength(1)
  })

  it('when probation or a sentencer sends an outcome, then it is 403', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)
    const sentencerToken = await apiToken(ctx.app, world.magistrate1.email)
    const officerToken = await apiToken(ctx.app, world.officer.email)

    for (const token of [sentencerToken, officerToken])
      expectProblem(
        await request(ctx.app).post(`/api/v1/reviews/${r1.id}/outcome`).set(bearer(token)).send(outcome()),
        403,
      )
    expect(await ctx.db('outcome').where({ review_id: r1.id })).toHaveLength(0)
  })
})
