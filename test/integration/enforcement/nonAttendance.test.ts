import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { addCalendarMonths, addDays } from '../../../server/utils/dates'
import {
  bearer,
  expectProblem,
  fieldsOf,
  makeWorld,
  open,
  type ApiReview,
  type World,
} from '../scheduling/schedulingWorld'

/**
 * Issue 21, non-attendance (Sentencing Act 2020 Sch 9 para 21(2)(c); Sch 10 para 8) on the API: the
 * court adjourns, summonses to a sitting the clerk picks (no one-month floor), or issues a warrant that
 * stays open until executed (the return hearing listed) or withdrawn. Later periodic reviews re-chain
 * from the hearing that actually takes place.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx.close()
})

// Tuesday 8 February 2028, the evening of the first review hearing.
beforeEach(() => ctx.clock.set('2028-02-08T16:00:00Z'))

async function weeklySittings(world: World): Promise<Record<string, string>> {
  const dateOf: Record<string, string> = {}
  for (let date = '2028-02-08'; date <= '2028-06-27'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date)).id] = date
  return dateOf
}

async function aCase() {
  const world = await makeWorld(ctx)
  const dateOf = await weeklySittings(world)
  const sittingOn = (date: string) => Object.keys(dateOf).find(id => dateOf[id] === date)!
  // A 5-month DRR made on 5 January 2028, reviewed monthly: its first review is heard on 8 February.
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1 })
  const r1 = order.reviews[0]
  expect(dateOf[r1.sittingId!]).toBe('2028-02-08')
  return { world, dateOf, sittingOn, order, r1 }
}

const reviewStatus = async (id: string) => (await ctx.repos.reviews.find(id))!.status

/** The open reviews' dates in order, and that each is at least a calendar month after the one before. */
function expectChained(reviews: ApiReview[], dateOf: Record<string, string>, from: string) {
  let previous = from
  for (const r of open(reviews).filter(x => x.sittingId && dateOf[x.sittingId] > from)) {
    const date = dateOf[r.sittingId!]
    expect(date >= addCalendarMonths(previous, 1)).toBe(true)
    previous = date
  }
}

describe('POST /reviews/{id}/non-attendance', () => {
  it('adjourn: the hearing goes to the sitting the clerk picks a week later (no one-month floor), the missed review is "did not attend", and the later reviews re-chain from the new hearing', async () => {
    const { world, dateOf, sittingOn, order, r1 } = await aCase()
    const res = await world.clerkApi.post(`/reviews/${r1.id}/non-attendance`, {
      action: 'adjourn',
      sittingId: sittingOn('2028-02-15'),
      comments: 'Unwell; the officer will remind them',
    })
    expect(res.status).toBe(201)
    expect(res.body.event).toMatchObject({
      reviewId: r1.id,
      action: 'adjourn',
      comments: 'Unwell; the officer will remind them',
    })
    expect(res.body.warrant).toBeUndefined()
    expect(dateOf[res.body.hearing.sittingId]).toBe('2028-02-15')
    expect(res.body.hearing.status).toBe('scheduled')
    expect(await reviewStatus(r1.id)).toBe('did_not_attend')

    const reviews = await world.reviewsOf(order.requirementId)
    const after = open(reviews).map(r => dateOf[r.sittingId!])
    // Chained from 15 February: the first Tuesday on or after 15 March is 21 March (DESIGN.md rule 1).
    expect(after.slice(0, 2)).toEqual(['2028-02-15', '2028-03-21'])
    expectChained(reviews, dateOf, '2028-02-15')
    expect(after.every(d => d <= '2028-06-05')).toBe(true)
  })

  it('adjourn: the officer is told of the hearing listed, with no case data in the email', async () => {
    const { world, sittingOn, r1 } = await aCase()
    await ctx.db('email_outbox').del()
    const res = await world.clerkApi.post(`/reviews/${r1.id}/non-attendance`, {
      action: 'adjourn',
      sittingId: sittingOn('2028-02-22'),
    })
    expect(res.status).toBe(201)
    const mail = await ctx.db('email_outbox').where({ to_address: world.officer.email })
    expect(mail.length).toBeGreaterThanOrEqual(1)
    const text = mail.map(m => `${m.subject} ${m.text_body ?? ''} ${m.html_body ?? ''}`).join(' ')
    expect(text).not.toContain('Alex Example')
  })

  it('summons: a hearing in the chosen sitting and the summons date recorded (by default the day of the missed hearing)', async () => {
    const { world, dateOf, sittingOn, r1 } = await aCase()
    const res = await world.clerkApi.post(`/reviews/${r1.id}/non-attendance`, {
      action: 'summons',
      sittingId: sittingOn('2028-02-29'),
    })
    expect(res.status).toBe(201)
    expect(res.body.event).toMatchObject({ action: 'summons', summonsOn: '2028-02-08' })
    expect(dateOf[res.body.hearing.sittingId]).toBe('2028-02-29')
  })

  it('warrant backed for bail: open on the warrants list, with the bench that sat; executed, the return hearing is listed and the later reviews re-chain; it cannot be executed or withdrawn again', async () => {
    const { world, dateOf, sittingOn, order, r1 } = await aCase()
    const issued = await world.clerkApi.post(`/reviews/${r1.id}/non-attendance`, { action: 'warrant', bail: true })
    expect(issued.status).toBe(201)
    expect(issued.body.hearing).toBeUndefined()
    const warrant = issued.body.warrant
    expect(warrant).toMatchObject({
      personId: order.person.id,
      requirementId: order.requirementId,
      issuedOn: '2028-02-08',
      bail: true,
      status: 'open',
      issuedByBench: [world.magistrate1.id],
    })
    const openList = await world.clerkApi.get('/warrants?status=open')
    expect(openList.status).toBe(200)
    expect(openList.body.map((w: { id: string }) => w.id)).toContain(warrant.id)

    // Three weeks later (a new token: tokens last 12 hours).
    ctx.clock.set('2028-03-01T09:00:00Z')
    const token = await apiToken(ctx.app, world.clerk.email)
    const clerkApi = {
      get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
      post: (path: string, b: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(b),
    }
    const executed = await clerkApi.post(`/warrants/${warrant.id}/executed`, {
      executedOn: '2028-02-28',
      sittingId: sittingOn('2028-03-07'),
    })
    expect(executed.status).toBe(201)
    expect(executed.body.warrant).toMatchObject({
      status: 'executed',
      executedOn: '2028-02-28',
      bailReturnOn: '2028-03-07',
    })
    expect(dateOf[executed.body.hearing.sittingId]).toBe('2028-03-07')
    expect(executed.body.warrant.returnReviewId).toBe(executed.body.hearing.id)
    expectChained((await clerkApi.get(`/requirements/${order.requirementId}/reviews`)).body, dateOf, '2028-03-07')

    const after = await clerkApi.get('/warrants?status=open')
    expect(after.body.map((w: { id: string }) => w.id)).not.toContain(warrant.id)
    const again = await clerkApi.post(`/warrants/${warrant.id}/executed`, {
      executedOn: '2028-02-28',
      sittingId: sittingOn('2028-03-14'),
    })
    expect(expectProblem(again, 409).detail).toMatch(/already been executed/)
    expectProblem(await clerkApi.post(`/warrants/${warrant.id}/withdrawn`, { reason: 'Too late' }), 409)
  })

  it('warrant withdrawn with a reason: it leaves the open list and nothing is listed; a reason is required', async () => {
    const { world, r1 } = await aCase()
    const issued = await world.clerkApi.post(`/reviews/${r1.id}/non-attendance`, { action: 'warrant', bail: false })
    const id = issued.body.warrant.id
    expect(fieldsOf(expectProblem(await world.clerkApi.post(`/warrants/${id}/withdrawn`, {}), 400))).toEqual(['reason'])
    const withdrawn = await world.clerkApi.post(`/warrants/${id}/withdrawn`, {
      reason: 'Attended voluntarily the next day',
    })
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Attended voluntarily the next day' })
    const list = await world.clerkApi.get('/warrants?status=withdrawn')
    expect(list.body.map((w: { id: string }) => w.id)).toContain(id)
    expectProblem(
      await world.clerkApi.post(`/warrants/${id}/executed`, { executedOn: '2028-02-08', sittingId: 'x' }),
      409,
    )
  })

  it('refusals name the field and change nothing', async () => {
    const { world, sittingOn, order, r1 } = await aCase()
    const other = await makeWorld(ctx)
    const elsewhere = await other.addSitting('2028-02-15')
    const post = (body: object, id = r1.id) => world.clerkApi.post(`/reviews/${id}/non-attendance`, body)
    const cases: [string, object, number, string[]][] = [
      ['no action', {}, 400, ['action']],
      ['adjourn without a sitting', { action: 'adjourn' }, 422, ['sittingId']],
      ['summons without a sitting', { action: 'summons' }, 422, ['sittingId']],
      ['warrant without saying bail or not', { action: 'warrant' }, 422, ['bail']],
      ['a sitting of another court', { action: 'adjourn', sittingId: elsewhere.id }, 422, ['sittingId']],
      ['the sitting the person missed', { action: 'adjourn', sittingId: r1.sittingId }, 422, ['sittingId']],
      [
        'a sitting after the requirement ends',
        { action: 'adjourn', sittingId: sittingOn('2028-06-13') },
        422,
        ['sittingId'],
      ],
    ]
    for (const [, body, status, fields] of cases)
      expect(fieldsOf(expectProblem(await post(body), status))).toEqual(fields)
    expect(await reviewStatus(r1.id)).toBe('scheduled')

    // Before the hearing has happened: nothing to record yet.
    const r2 = order.reviews[1]
    const early = expectProblem(await post({ action: 'warrant', bail: false }, r2.id), 422)
    expect(fieldsOf(early)).toEqual(['reviewId'])
    expect(early.detail).toMatch(/nothing has happened yet/)

    // Recorded once: a second is a conflict, and an outcome can no longer be recorded for it.
    expect((await post({ action: 'warrant', bail: false })).status).toBe(201)
    expectProblem(await post({ action: 'warrant', bail: false }), 409)
    expectProblem(
      await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
        attended: true,
        progress: 'good',
        decision: 'continue_hearing',
      }),
      422,
    )
  })

  it('a review without a hearing cannot be missed', async () => {
    const { world } = await aCase()
    const paper = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1 })
    await ctx.db('review').where({ id: paper.reviews[0].id }).update({ mode: 'paper' })
    const res = await world.clerkApi.post(`/reviews/${paper.reviews[0].id}/non-attendance`, {
      action: 'warrant',
      bail: true,
    })
    expect(expectProblem(res, 422).detail).toMatch(/Sch 9 para 21\(2\)\(c\)/)
  })

  it('execution: the date must be on or after the warrant was issued and not in the future, and the sitting on or after it', async () => {
    const { world, sittingOn, r1 } = await aCase()
    const { body } = await world.clerkApi.post(`/reviews/${r1.id}/non-attendance`, { action: 'warrant', bail: false })
    const id = body.warrant.id
    const execute = (b: object) => world.clerkApi.post(`/warrants/${id}/executed`, b)
    expect(
      fieldsOf(expectProblem(await execute({ executedOn: '2028-02-09', sittingId: sittingOn('2028-02-15') }), 422)),
    ).toEqual(['executedOn'])
    expect(
      fieldsOf(expectProblem(await execute({ executedOn: '2028-02-01', sittingId: sittingOn('2028-02-15') }), 422)),
    ).toEqual(['executedOn'])
    expect(
      fieldsOf(expectProblem(await execute({ executedOn: '08/02/2028', sittingId: sittingOn('2028-02-15') }), 400)),
    ).toEqual(['executedOn'])
    expect((await ctx.repos.enforcement.warrant(id))!.status).toBe('open')
  })

  it('roles and records: an officer cannot record non-attendance or see warrants (403); unknown reviews and warrants are 404', async () => {
    const { world, r1 } = await aCase()
    const officerToken = await apiToken(ctx.app, world.officer.email)
    const asOfficer = request(ctx.app).post(`/api/v1/reviews/${r1.id}/non-attendance`).set(bearer(officerToken))
    expectProblem(await asOfficer.send({ action: 'warrant', bail: true }), 403)
    expectProblem(await request(ctx.app).get('/api/v1/warrants').set(bearer(officerToken)), 403)
    expectProblem(await world.clerkApi.post('/reviews/no-such-review/non-attendance', { action: 'adjourn' }), 404)
    expectProblem(await world.clerkApi.get('/warrants/no-such-warrant'), 404)
    expectProblem(await world.clerkApi.post('/warrants/no-such-warrant/withdrawn', {}), 404)
  })
})
