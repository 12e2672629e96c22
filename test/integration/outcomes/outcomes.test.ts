import request from 'supertest'
import { apiToken, createTestContext, csrfFrom, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { errorSummary } from '../../support/html'
import { addCalendarMonths, addDays } from '../../../server/utils/dates'
import { bearer, expectProblem, fieldsOf, makeWorld, open, type World } from '../scheduling/schedulingWorld'
import { qa, textOf } from '../sittings/sittingWorld'

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

const OUTCOME_KEYS = [
  'id',
  'reviewId',
  'attended',
  'progress',
  'decision',
  'benchComments',
  'amendment',
  'consentToAmendment',
  'benchUserIds',
  'recordedAt',
  'version',
].sort()

/**
 * A weekly Tuesday review court from 8 February to 30 May 2028, and a 4-month DRR made on
 * 5 January 2028 with monthly reviews: the first is heard on 8 February.
 */
async function aCase(world: World) {
  const dateOf: Record<string, string> = {}
  for (let date = '2028-02-08'; date <= '2028-05-30'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date)).id] = date
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 4, interval: 1 })
  const [r1] = order.reviews
  expect(dateOf[r1.sittingId!]).toBe('2028-02-08')
  return { dateOf, order, r1 }
}

const outcome = (overrides: Record<string, unknown> = {}) => ({
  attended: true,
  progress: 'good',
  decision: 'continue_hearing',
  benchComments: 'Well done, Alex.\n\n  Keep going with the group work.  ',
  ...overrides,
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

describe('the outcome form', () => {
  const formBody = (csrf: string, overrides: Record<string, unknown> = {}) => ({
    attended: 'yes',
    progress: 'good',
    decision: 'continue_hearing',
    benchComments: 'Keep it up.',
    _csrf: csrf,
    ...overrides,
  })

  it('when the form and then its check page are each sent twice, then one outcome is recorded, the clerk returns to the sitting with the next date, and sending the form again shows the 409 message', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)
    const agent = await signIn(ctx.app, world.clerk.email)
    const form = await agent.get(`/reviews/${r1.id}/outcome`)
    expect(form.status).toBe(200)
    expect(textOf(form.text)).toContain('Tuesday 8 February 2028')
    const csrf = csrfFrom(form.text)
    const check = `/reviews/${r1.id}/outcome/check`

    const sent = await agent.post(`/reviews/${r1.id}/outcome`).type('form').send(formBody(csrf))
    const sentAgain = await agent.post(`/reviews/${r1.id}/outcome`).type('form').send(formBody(csrf))
    expect([sent.headers.location, sentAgain.headers.location]).toEqual([check, check])
    expect(await ctx.db('outcome').where({ review_id: r1.id })).toHaveLength(0)
    const first = await agent.post(check).type('form').send({ _csrf: csrf })
    const second = await agent.post(check).type('form').send({ _csrf: csrf })
    const late = await agent.post(`/reviews/${r1.id}/outcome`).type('form').send(formBody(csrf))

    expect(first.status).toBe(303)
    expect(first.headers.location).toBe(`/sittings/${r1.sittingId}`)
    const sitting = await agent.get(first.headers.location)
    expect(textOf(qa(sitting.text, 'flash'))).toContain('Outcome recorded. Next review: Tuesday 14 March 2028')
    expect(second.status).toBe(303)
    expect(second.headers.location).toBe(`/sittings/${r1.sittingId}`)
    expect(late.headers.location).toBe(`/reviews/${r1.id}/outcome`)
    const again = await agent.get(late.headers.location)
    expect(errorSummary(again.text)).toEqual([
      '#attended: An outcome has already been recorded for this review: change it instead',
    ])
    expect(await ctx.db('outcome').where({ review_id: r1.id })).toHaveLength(1)
  })

  it('when answers are missing or the amendment has no consent, then the error summary names the fields and keeps what was typed', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)
    const agent = await signIn(ctx.app, world.clerk.email)
    const csrf = csrfFrom((await agent.get(`/reviews/${r1.id}/outcome`)).text)

    await agent
      .post(`/reviews/${r1.id}/outcome`)
      .type('form')
      .send({ benchComments: 'Words kept <b>as typed</b>', _csrf: csrf })
    const missing = await agent.get(`/reviews/${r1.id}/outcome`)
    expect(errorSummary(missing.text)).toEqual([
      '#attended: Select whether the person attended',
      '#progress: Select the person’s progress: good, satisfactory or poor',
      '#decision: Select the court’s decision',
    ])
    expect(missing.text).toContain('Words kept &lt;b&gt;as typed&lt;/b&gt;')

    await agent
      .post(`/reviews/${r1.id}/outcome`)
      .type('form')
      .send(formBody(csrf, { decision: 'amend', amendment: 'Residential treatment for 3 months' }))
    const noConsent = await agent.get(`/reviews/${r1.id}/outcome`)
    expect(errorSummary(noConsent.text)[0]).toMatch(
      /^#consentToAmendment: An amendment needs the person to express willingness to comply/,
    )
    expect(noConsent.text).toContain('Residential treatment for 3 months')
    expect(noConsent.text).toMatch(/value="amend" checked/)
    expect(await ctx.db('outcome').where({ review_id: r1.id })).toHaveLength(0)
  })

  it('when the clerk corrects an outcome, then the decision is re-planned and the earlier version is kept in the history', async () => {
    const world = await makeWorld(ctx)
    const { order, r1 } = await aCase(world)
    const recorded = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, outcome({ progress: 'satisfactory' }))
    expect(recorded.status).toBe(201)
    const agent = await signIn(ctx.app, world.clerk.email)
    const edit = await agent.get(`/reviews/${r1.id}/outcome/edit`)
    expect(edit.text).toContain('This outcome has not been changed.')

    const res = await agent
      .post(`/reviews/${r1.id}/outcome/edit`)
      .type('form')
      .send({
        ...formBody(csrfFrom(edit.text), { progress: 'satisfactory', decision: 'continue_paper' }),
        version: '1',
        reason: 'The bench directed paper reviews; recorded wrongly in court',
      })

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/sittings/${r1.sittingId}`)
    const row = await ctx.db('outcome').where({ review_id: r1.id }).first()
    expect({ decision: row.decision, version: Number(row.version) }).toEqual({ decision: 'continue_paper', version: 2 })
    const history = await ctx.db('outcome_history').where({ outcome_id: row.id })
    expect(history).toHaveLength(1)
    expect(Number(history[0].version)).toBe(1)
    expect(JSON.parse(history[0].content)).toEqual(
      expect.objectContaining({ decision: 'continue_hearing', benchComments: outcome().benchComments }),
    )
    expect(history[0].reason).toBe('The bench directed paper reviews; recorded wrongly in court')
    const later = open(await world.reviewsOf(order.requirementId))
    expect(later.every(r => r.mode === 'paper' && r.sittingId === null)).toBe(true)
    const page = await agent.get(`/reviews/${r1.id}/outcome/edit`)
    expect(textOf(qa(page.text, 'outcome-history'))).toContain('Version 1: Continue, next review at a hearing')

    // A change made from a stale copy is refused.
    await expect(
      ctx.services.outcomes.correct(world.clerkUser, r1.id, outcome(), 1, 'Stale copy'),
    ).rejects.toMatchObject({ status: 409 })
  })

  it('when a sentencer or officer opens the outcome form, then it is 403', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)
    const other = await makeUser(ctx.services, 'sentencer')
    for (const email of [world.magistrate1.email, other.email, world.officer.email]) {
      const agent = await signIn(ctx.app, email)
      expect((await agent.get(`/reviews/${r1.id}/outcome`)).status).toBe(403)
      expect((await agent.get(`/reviews/${r1.id}/outcome/edit`)).status).toBe(403)
    }
  })
})
