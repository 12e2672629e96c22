import request from 'supertest'
import { apiToken, createTestContext, signIn, type TestContext } from '../../support/testApp'
import { addDays } from '../../../server/utils/dates'
import { bearer, expectProblem, fieldsOf, makeWorld, open, type World } from '../scheduling/schedulingWorld'

/**
 * Issue 21, breach at the review court (Sentencing Act 2020 Sch 10 para 1; powers in Sch 10 para 10(5)
 * for a community order and Sch 16 para 13(1) for a suspended sentence order), on the API.
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

async function aCase(kind: 'community' | 'suspended' = 'community') {
  const world: World = await makeWorld(ctx)
  const dateOf: Record<string, string> = {}
  for (let date = '2028-02-08'; date <= '2028-06-27'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date)).id] = date
  ctx.clock.set('2028-02-08T16:00:00Z')
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1, kind })
  const held = await world.clerkApi.post(`/reviews/${order.reviews[0].id}/outcome`, {
    attended: true,
    progress: 'poor',
    decision: 'continue_hearing',
  })
  expect(held.status).toBe(201)
  ctx.clock.set('2028-02-10T10:00:00Z')
  const officer = as(await apiToken(ctx.app, world.officer.email))
  const clerk = as(await apiToken(ctx.app, world.clerk.email))
  return { world, dateOf, order, officer, clerk }
}

const LAID = {
  failure: 'Missed three appointments with the treatment provider',
  occurredOn: '2028-02-09',
  details: null,
}

const requirementOf = async (clerk: ReturnType<typeof as>, personId: string) =>
  (await clerk.get(`/people/${personId}`)).body.orders[0].requirements[0] as {
    status: string
    breachProceedings: boolean
  }

describe('an officer lays a breach; the review court decides it', () => {
  it('laid: the requirement is in breach proceedings, the order stays live, its reviews stay listed and the breach is heard at the next review hearing', async () => {
    const { order, officer, clerk, dateOf, world } = await aCase()
    const before = open(await world.reviewsOf(order.requirementId)).map(r => r.sittingId)
    const res = await officer.post(`/requirements/${order.requirementId}/breaches`, LAID)
    expect(res.status).toBe(201)
    expect(res.body.breach).toMatchObject({ ...LAID, status: 'open', proved: null })
    expect(dateOf[res.body.hearing.sittingId]).toBe('2028-03-14')
    expect(await requirementOf(clerk, order.person.id)).toMatchObject({ status: 'active', breachProceedings: true })
    expect(open(await world.reviewsOf(order.requirementId)).map(r => r.sittingId)).toEqual(before)
    // Shown wherever the case is: the officer's caseload and the court list of the hearing.
    const officerPages = await signIn(ctx.app, world.officer.email)
    expect((await officerPages.get('/caseload')).text).toContain('data-qa="breach-proceedings"')
    const clerkPages = await signIn(ctx.app, world.clerk.email)
    expect((await clerkPages.get(`/sittings/${res.body.hearing.sittingId}`)).text).toContain(
      'data-qa="breach-proceedings"',
    )
  })

  it('refusals name the field: a failure in the future or before the order, nothing said; another officer’s case is 404 and a clerk cannot lay one', async () => {
    const { order, officer, clerk, world } = await aCase()
    const lay = (body: object) => officer.post(`/requirements/${order.requirementId}/breaches`, body)
    expect(fieldsOf(expectProblem(await lay({ ...LAID, occurredOn: '2028-02-11' }), 422))).toEqual(['occurredOn'])
    expect(fieldsOf(expectProblem(await lay({ ...LAID, occurredOn: '2028-01-04' }), 422))).toEqual(['occurredOn'])
    expect(fieldsOf(expectProblem(await lay({ occurredOn: '2028-02-09' }), 400))).toEqual(['failure'])
    const other = await makeWorld(ctx)
    const stranger = as(await apiToken(ctx.app, other.officer.email))
    expectProblem(await stranger.post(`/requirements/${order.requirementId}/breaches`, LAID), 404)
    expectProblem(await clerk.post(`/requirements/${order.requirementId}/breaches`, LAID), 403)
    expect(await ctx.db('breach').where({ requirement_id: order.requirementId })).toHaveLength(0)
    void world
  })

  it('community order: only Sch 10 para 10(5) powers, a fine of at most £2,500; proved with a fine, the proceedings end and the order goes on', async () => {
    const { order, officer, clerk, world } = await aCase()
    const { body } = await officer.post(`/requirements/${order.requirementId}/breaches`, LAID)
    const decide = (b: object) => clerk.post(`/breaches/${body.breach.id}/outcome`, b)
    // Before its hearing on 14 March nothing can be decided.
    expect(expectProblem(await decide({ proved: true, power: 'fine', fineAmount: 100 }), 422).detail).toMatch(
      /heard on Tuesday 14 March 2028/,
    )
    ctx.clock.set('2028-03-14T15:00:00Z')
    const clerkNow = as(await apiToken(ctx.app, world.clerk.email))
    const decideNow = (b: object) => clerkNow.post(`/breaches/${body.breach.id}/outcome`, b)
    const cases: [object, string[]][] = [
      [{ proved: true, power: 'activate_in_full' }, ['power']],
      [{ proved: true }, ['power']],
      [{ proved: true, power: 'fine' }, ['fineAmount']],
      [{ proved: true, power: 'fine', fineAmount: 2501 }, ['fineAmount']],
      [{ proved: true, power: 'fine', fineAmount: 0 }, ['fineAmount']],
      [{ proved: false, power: 'fine' }, ['power']],
    ]
    for (const [b, fields] of cases) expect(fieldsOf(expectProblem(await decideNow(b), 422))).toEqual(fields)
    const fined = await decideNow({ proved: true, power: 'fine', fineAmount: 250, comments: 'Last chance' })
    expect(fined.status).toBe(201)
    expect(fined.body).toMatchObject({ status: 'decided', proved: true, power: 'fine', fineAmount: 250 })
    expect(await requirementOf(clerkNow, order.person.id)).toMatchObject({ status: 'active', breachProceedings: false })
    expectProblem(await decideNow({ proved: false }), 409)
  })

  it('community order: revoked and re-sentenced, the requirement closes and its later reviews are vacated', async () => {
    const { order, officer, world } = await aCase()
    const { body } = await officer.post(`/requirements/${order.requirementId}/breaches`, LAID)
    ctx.clock.set('2028-03-14T15:00:00Z')
    const clerk = as(await apiToken(ctx.app, world.clerk.email))
    const res = await clerk.post(`/breaches/${body.breach.id}/outcome`, { proved: true, power: 'revoke_resentence' })
    expect(res.status).toBe(201)
    expect(await requirementOf(clerk, order.person.id)).toMatchObject({ status: 'revoked', breachProceedings: false })
    const reviews = (await clerk.get(`/requirements/${order.requirementId}/reviews`)).body as {
      id: string
      status: string
    }[]
    const later = reviews.filter(r => r.id !== body.hearing.id && r.id !== order.reviews[0].id)
    expect(later.length).toBeGreaterThan(0)
    expect(later.every(r => r.status === 'vacated')).toBe(true)
    // A requirement that has ended takes no further breach.
    const officerNow = as(await apiToken(ctx.app, world.officer.email))
    const again = await officerNow.post(`/requirements/${order.requirementId}/breaches`, {
      ...LAID,
      occurredOn: '2028-03-14',
    })
    expect(fieldsOf(expectProblem(again, 422))).toEqual(['requirementId'])
  })

  it('suspended sentence order: the Sch 16 para 13(1) powers, not the community order’s; not proved is dismissed', async () => {
    const { order, officer, world } = await aCase('suspended')
    const first = (await officer.post(`/requirements/${order.requirementId}/breaches`, LAID)).body.breach.id
    const second = (
      await officer.post(`/requirements/${order.requirementId}/breaches`, { ...LAID, failure: 'Positive test' })
    ).body.breach.id
    ctx.clock.set('2028-03-14T15:00:00Z')
    const clerk = as(await apiToken(ctx.app, world.clerk.email))
    expect(
      fieldsOf(
        expectProblem(
          await clerk.post(`/breaches/${first}/outcome`, { proved: true, power: 'revoke_resentence' }),
          422,
        ),
      ),
    ).toEqual(['power'])
    const dismissed = await clerk.post(`/breaches/${first}/outcome`, { proved: false })
    expect(dismissed.body).toMatchObject({ proved: false, power: 'not_proved' })
    // One breach still before the court: the proceedings go on.
    expect(await requirementOf(clerk, order.person.id)).toMatchObject({ breachProceedings: true })
    const noOrder = await clerk.post(`/breaches/${second}/outcome`, {
      proved: true,
      power: 'no_order',
      comments: 'Unjust to activate',
    })
    expect(noOrder.status).toBe(201)
    expect(await requirementOf(clerk, order.person.id)).toMatchObject({ status: 'active', breachProceedings: false })
  })
})
