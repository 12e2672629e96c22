import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { addDays } from '../../../server/utils/dates'
import { bearer, expectProblem, fieldsOf, makeWorld, open, type World } from '../scheduling/schedulingWorld'

/**
 * Issue 21, applications to the review court outside a review (parts 3 and 4), on the API: to amend
 * the requirement (Sentencing Act 2020 Sch 10 para 18) or to revoke it early for good progress
 * (Sch 10 para 14; Sch 16 para 22), by the responsible officer. Only "the offender or an officer of a
 * provider of probation services" may apply (Sch 10 paras 14(1), 18(1); Sch 16 para 22(1)): a treatment
 * provider is refused (403) but still sees the applications.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx.close()
})

// Thursday 10 February 2028: the first review was heard on Tuesday 8 February.
beforeEach(() => ctx.clock.set('2028-02-10T10:00:00Z'))

const as = (token: string) => ({
  get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
  post: (path: string, body: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(body),
})

/** An order whose first review (Tuesday 8 February 2028) was held; the next hearing is on 14 March. */
async function aCase(
  kind: 'community' | 'suspended' = 'community',
  decision: 'continue_hearing' | 'continue_paper' = 'continue_hearing',
) {
  const world: World = await makeWorld(ctx)
  const dateOf: Record<string, string> = {}
  for (let date = '2028-02-08'; date <= '2028-06-27'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date)).id] = date
  ctx.clock.set('2028-02-08T16:00:00Z')
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1, kind })
  const held = await world.clerkApi.post(`/reviews/${order.reviews[0].id}/outcome`, {
    attended: true,
    progress: 'good',
    decision,
  })
  expect(held.status).toBe(201)
  ctx.clock.set('2028-02-10T10:00:00Z')
  const officer = as(await apiToken(ctx.app, world.officer.email))
  const provider = as(await apiToken(ctx.app, world.providerWorker.email))
  const clerk = as(await apiToken(ctx.app, world.clerk.email))
  return { world, dateOf, order, officer, provider, clerk }
}

const EARLY = {
  kind: 'early_revocation',
  reason: 'Six months of negative tests, in work, attends every appointment',
}

/** The day of the hearing, five weeks on: tokens from before have lapsed, so the clerk signs in again. */
async function onHearingDay(world: World) {
  ctx.clock.set('2028-03-14T15:00:00Z')
  return as(await apiToken(ctx.app, world.clerk.email))
}

const reviewsOf = async (clerk: ReturnType<typeof as>, requirementId: string) =>
  (await clerk.get(`/requirements/${requirementId}/reviews`)).body as Parameters<typeof open>[0]

const requirementRow = (id: string) =>
  ctx.db('requirement').where({ id }).first() as Promise<{ status: string; completed_early: boolean | number }>

describe('the responsible officer applies to the review court', () => {
  it('the officer applies for early revocation: heard at the next review hearing, the order stays in force', async () => {
    const { order, officer, dateOf } = await aCase()
    const res = await officer.post(`/requirements/${order.requirementId}/applications`, EARLY)
    expect(res.status).toBe(201)
    expect(res.body.application).toMatchObject({ ...EARLY, proposed: null, status: 'open', decidedBy: null })
    expect(dateOf[res.body.hearing.sittingId]).toBe('2028-03-14')
    expect(res.body.application.hearingReviewId).toBe(res.body.hearing.id)
    expect((await requirementRow(order.requirementId)).status).toBe('active')
    const audit = await ctx.db('audit_event').where({ action: 'make_application', subject_id: order.requirementId })
    expect(audit).toHaveLength(1)
  })

  it('the officer applies to amend, with the change proposed; a paper review becomes the hearing, its event saying an application is to be heard', async () => {
    const { order, officer, world, dateOf } = await aCase('community', 'continue_paper')
    const next = await ctx.db('review').where({ id: order.reviews[1].id }).first()
    expect(next.mode).toBe('paper')
    const res = await officer.post(`/requirements/${order.requirementId}/applications`, {
      kind: 'amend',
      reason: 'The residential place has ended',
      proposed: 'Non-residential, reviews every 2 months',
    })
    expect(res.status).toBe(201)
    expect(res.body.application).toMatchObject({
      kind: 'amend',
      proposed: 'Non-residential, reviews every 2 months',
      madeBy: world.officer.id,
    })
    expect(res.body.hearing).toMatchObject({ id: next.id, mode: 'hearing' })
    expect(dateOf[res.body.hearing.sittingId]).toBeDefined()
    const events = await ctx.db('review_event').where({ review_id: res.body.hearing.id }).orderBy('id')
    expect(events.at(-1)?.reason).toBe('An application to be heard at a review hearing')
  })

  it('a treatment provider may not apply (Sch 10 paras 14(1), 18(1); Sch 16 para 22(1)): 403, before and after the officer’s application', async () => {
    const { order, officer, provider } = await aCase('suspended')
    const path = `/requirements/${order.requirementId}/applications`
    expectProblem(await provider.post(path, { kind: 'amend', reason: 'The residential place has ended' }), 403)
    expect(await ctx.db('application').where({ requirement_id: order.requirementId })).toHaveLength(0)
    const made = await officer.post(path, EARLY)
    expect(made.status).toBe(201)
    expectProblem(await provider.post(path, EARLY), 403)
    expect(await ctx.db('application').where({ requirement_id: order.requirementId })).toHaveLength(1)
  })

  it('refusals: another officer’s case is 404, a clerk or provider cannot apply (403), bad input names the field, an ended requirement is 422', async () => {
    const { order, officer, clerk } = await aCase()
    const path = `/requirements/${order.requirementId}/applications`
    const other = await makeWorld(ctx)
    expectProblem(await as(await apiToken(ctx.app, other.officer.email)).post(path, EARLY), 404)
    expectProblem(await as(await apiToken(ctx.app, other.providerWorker.email)).post(path, EARLY), 403)
    expectProblem(await clerk.post(path, EARLY), 403)
    expect(fieldsOf(expectProblem(await officer.post(path, { kind: 'revoke' }), 400))).toEqual(['kind', 'reason'])
    expect(fieldsOf(expectProblem(await officer.post(path, { ...EARLY, proposed: 'x'.repeat(2001) }), 400))).toEqual([
      'proposed',
    ])
    expect(await ctx.db('application').where({ requirement_id: order.requirementId })).toHaveLength(0)
    await ctx.db('requirement').where({ id: order.requirementId }).update({ status: 'completed' })
    expect(expectProblem(await officer.post(path, EARLY), 422).detail).toMatch(/requirement has ended/)
  })
})

describe('the clerk records the court’s decision', () => {
  it('not before the hearing’s day; early revocation granted ends the requirement as completed early, holds its hearing and vacates its later reviews; a second decision is 409', async () => {
    const { order, officer, clerk, world } = await aCase()
    const { body } = await officer.post(`/requirements/${order.requirementId}/applications`, EARLY)
    const path = `/applications/${body.application.id}/decision`
    expect(expectProblem(await clerk.post(path, { granted: true }), 422).detail).toMatch(
      /heard on Tuesday 14 March 2028/,
    )
    expectProblem(await officer.post(path, { granted: true }), 403)
    const clerkNow = await onHearingDay(world)
    const res = await clerkNow.post(path, { granted: true, comments: 'Excellent progress' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'granted', comments: 'Excellent progress', decidedBy: world.clerk.id })
    const requirement = await requirementRow(order.requirementId)
    expect(requirement.status).toBe('completed')
    expect(Boolean(requirement.completed_early)).toBe(true)
    const reviews = await reviewsOf(clerkNow, order.requirementId)
    const later = reviews.filter(r => r.id !== body.hearing.id && r.id !== order.reviews[0].id)
    expect(later.length).toBeGreaterThan(0)
    expect(later.every(r => r.status === 'vacated')).toBe(true)
    // The hearing it was decided at is held (an ended requirement takes no outcome, so it must not stay listed
    // asking for a report), and nothing is left open.
    expect(reviews.find(r => r.id === body.hearing.id)?.status).toBe('held')
    expect(open(reviews)).toEqual([])
    expectProblem(await clerkNow.post(path, { granted: false }), 409)
  })

  it('refused: the order goes on and its reviews stay listed', async () => {
    const { order, officer, world } = await aCase('suspended')
    const { body } = await officer.post(`/requirements/${order.requirementId}/applications`, EARLY)
    const clerkNow = await onHearingDay(world)
    const before = open(await reviewsOf(clerkNow, order.requirementId)).map(r => r.id)
    const res = await clerkNow.post(`/applications/${body.application.id}/decision`, { granted: false })
    expect(res.body).toMatchObject({ status: 'refused' })
    const requirement = await requirementRow(order.requirementId)
    expect(requirement.status).toBe('active')
    expect(Boolean(requirement.completed_early)).toBe(false)
    expect(open(await reviewsOf(clerkNow, order.requirementId)).map(r => r.id)).toEqual(before)
  })

  it('an amendment granted is recorded and changes nothing by itself', async () => {
    const { order, officer, world } = await aCase()
    const { body } = await officer.post(`/requirements/${order.requirementId}/applications`, {
      kind: 'amend',
      reason: 'Needs a residential place',
    })
    const clerkNow = await onHearingDay(world)
    const before = open(await reviewsOf(clerkNow, order.requirementId)).map(r => r.id)
    const res = await clerkNow.post(`/applications/${body.application.id}/decision`, { granted: true })
    expect(res.body).toMatchObject({ kind: 'amend', status: 'granted' })
    expect((await requirementRow(order.requirementId)).status).toBe('active')
    expect(open(await reviewsOf(clerkNow, order.requirementId)).map(r => r.id)).toEqual(before)
  })
})
