import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import {
  bearer,
  expectProblem,
  fieldsOf,
  makeWorld,
  SITTING_KEYS,
  REVIEW_KEYS,
  type ApiReview,
  type ApiSitting,
} from './schedulingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

/** The fields API.md documents for a sitting (the response may carry more, never fewer). */
const documented = (s: ApiSitting) => Object.fromEntries(SITTING_KEYS.map(k => [k, s[k as keyof ApiSitting]]))

describe('POST /api/v1/courts/:courtId/sittings', () => {
  it('when a clerk adds a sitting in summer, then it answers 201 with the sitting, its start as a BST offset date-time', async () => {
    const world = await makeWorld(ctx)

    const res = await world.clerkApi.post(`/courts/${world.court.id}/sittings`, {
      date: '2028-04-06',
      startTime: '14:00',
      courtroom: '2',
      capacity: 12,
      slotMinutes: 15,
      benchUserIds: [world.magistrate2.id, world.magistrate1.id],
    })

    expect(res.status).toBe(201)
    for (const key of SITTING_KEYS) expect(res.body).toHaveProperty(key)
    expect(documented(res.body)).toEqual({
      id: expect.any(String),
      courtId: world.court.id,
      date: '2028-04-06',
      startTime: '14:00',
      startsAt: '2028-04-06T14:00:00+01:00',
      courtroom: '2',
      capacity: 12,
      slotMinutes: 15,
      benchUserIds: [world.magistrate1.id, world.magistrate2.id].sort(),
      booked: 0,
    })
  })

  it('when a clerk adds a sitting in winter, then its start is a GMT offset date-time', async () => {
    const world = await makeWorld(ctx)

    const sitting = await world.addSitting('2028-11-09', { startTime: '10:00' })

    expect(sitting.startsAt).toBe('2028-11-09T10:00:00+00:00')
  })

  it('when the date is a Saturday, then it is refused with 422 naming the date and nothing is added', async () => {
    const world = await makeWorld(ctx)

    const res = await world.clerkApi.post(`/courts/${world.court.id}/sittings`, {
      date: '2028-04-08',
      startTime: '10:00',
      courtroom: '3',
      capacity: 8,
      slotMinutes: 20,
      benchUserIds: [],
    })
    const list = await world.clerkApi.get(`/courts/${world.court.id}/sittings?from=2028-04-01&to=2028-04-30`)

    const problem = expectProblem(res, 422)
    expect(problem.detail).toContain('Saturday 8 April 2028')
    expect(problem.detail).toContain('weekend')
    expect(fieldsOf(problem)).toEqual(['date'])
    expect(list.body).toEqual([])
  })

  it('when the date is Easter Monday, then it is refused with 422 and the holiday’s name in the detail', async () => {
    const world = await makeWorld(ctx)

    const res = await world.clerkApi.post(`/courts/${world.court.id}/sittings`, {
      date: '2028-04-17',
      startTime: '10:00',
      courtroom: '3',
      capacity: 8,
      slotMinutes: 20,
      benchUserIds: [],
    })
    const list = await world.clerkApi.get(`/courts/${world.court.id}/sittings?from=2028-04-17&to=2028-04-17`)

    const problem = expectProblem(res, 422)
    expect(problem.detail).toContain('Easter Monday')
    expect(fieldsOf(problem)).toEqual(['date'])
    expect(list.body).toEqual([])
  })

  it('when the bench names someone who is not a magistrate or judge, then it is refused with 400 naming benchUserIds', async () => {
    const world = await makeWorld(ctx)

    const res = await world.clerkApi.post(`/courts/${world.court.id}/sittings`, {
      date: '2028-04-06',
      startTime: '10:00',
      courtroom: '3',
      capacity: 8,
      slotMinutes: 20,
      benchUserIds: [world.officer.id],
    })

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['benchUserIds'])
  })

  it('when a probation officer adds a sitting, then it is refused with 403', async () => {
    const world = await makeWorld(ctx)
    const token = await apiToken(ctx.app, world.officer.email)

    const res = await request(ctx.app)
      .post(`/api/v1/courts/${world.court.id}/sittings`)
      .set(bearer(token))
      .send({ date: '2028-04-06', startTime: '10:00', courtroom: '3', capacity: 8, slotMinutes: 20, benchUserIds: [] })

    expectProblem(res, 403)
  })
})

describe('GET /api/v1/courts/:courtId/sittings', () => {
  it('when a clerk asks for a month, then it lists that court’s sittings in it in date order with their booked counts', async () => {
    const world = await makeWorld(ctx)
    const other = await makeWorld(ctx)
    const feb8 = await world.addSitting('2028-02-08')
    const feb15 = await world.addSitting('2028-02-15')
    await world.addSitting('2028-03-07')
    await other.addSitting('2028-02-10')
    await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })

    const res = await world.clerkApi.get(`/courts/${world.court.id}/sittings?from=2028-02-01&to=2028-02-29`)

    expect(res.status).toBe(200)
    expect(res.body.map(documented)).toEqual([
      { ...documented(feb8), booked: 1 },
      { ...documented(feb15), booked: 0 },
    ])
  })

  it('when the range has no end, then it answers 400 naming to', async () => {
    const world = await makeWorld(ctx)

    const res = await world.clerkApi.get(`/courts/${world.court.id}/sittings?from=2028-02-01`)

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['to'])
  })

  it('when the court does not exist, then it answers 404', async () => {
    const world = await makeWorld(ctx)

    const res = await world.clerkApi.get(`/courts/no-such-court/sittings?from=2028-02-01&to=2028-02-29`)

    expectProblem(res, 404)
  })
})

describe('GET /api/v1/sittings/:id', () => {
  it('when two reviews share a summer sitting, then they are in slot order, slot 1 one slot length after slot 0, in BST', async () => {
    const world = await makeWorld(ctx)
    const sitting = await world.addSitting('2028-04-06', { startTime: '14:00', slotMinutes: 20 })
    const first = await world.addOrder({ madeOn: '2028-03-06', months: 2, interval: 1 })
    const second = await world.addOrder({ madeOn: '2028-03-06', months: 2, interval: 1 })

    const res = await world.clerkApi.get(`/sittings/${sitting.id}`)

    expect(res.status).toBe(200)
    expect(documented(res.body)).toEqual({ ...documented(sitting), booked: 2 })
    const reviews = res.body.reviews as (ApiReview & { slot: number })[]
    expect(reviews.map(r => [r.id, r.slot, r.startsAt])).toEqual([
      [first.reviews[0].id, 0, '2028-04-06T14:00:00+01:00'],
      [second.reviews[0].id, 1, '2028-04-06T14:20:00+01:00'],
    ])
    for (const r of reviews) for (const key of REVIEW_KEYS) expect(r).toHaveProperty(key)
  })

  it('when two reviews share a winter sitting, then slot 1 is one slot length after slot 0, in GMT', async () => {
    const world = await makeWorld(ctx)
    const sitting = await world.addSitting('2028-11-09', { startTime: '10:00', slotMinutes: 30 })
    await world.addOrder({ madeOn: '2028-10-09', months: 2, interval: 1 })
    await world.addOrder({ madeOn: '2028-10-09', months: 2, interval: 1 })

    const res = await world.clerkApi.get(`/sittings/${sitting.id}`)

    expect(res.body.reviews.map((r: ApiReview) => r.startsAt)).toEqual([
      '2028-11-09T10:00:00+00:00',
      '2028-11-09T10:30:00+00:00',
    ])
  })

  it('when a magistrate is on the bench, then they may see the sitting; when they are not, then it is 404', async () => {
    const world = await makeWorld(ctx)
    const sitting = await world.addSitting('2028-04-06', { benchUserIds: [world.magistrate1.id] })
    const onBench = await apiToken(ctx.app, world.magistrate1.email)
    const offBench = await apiToken(ctx.app, world.magistrate2.email)

    const allowed = await request(ctx.app).get(`/api/v1/sittings/${sitting.id}`).set(bearer(onBench))
    const refused = await request(ctx.app).get(`/api/v1/sittings/${sitting.id}`).set(bearer(offBench))

    expect(allowed.status).toBe(200)
    expect(allowed.body.id).toBe(sitting.id)
    expectProblem(refused, 404)
    expect(refused.text).not.toContain(sitting.id)
  })

  it('when a probation officer asks for a sitting, then it is refused with 403', async () => {
    const world = await makeWorld(ctx)
    const sitting = await world.addSitting('2028-04-06')
    const token = await apiToken(ctx.app, world.officer.email)

    const res = await request(ctx.app).get(`/api/v1/sittings/${sitting.id}`).set(bearer(token))

    expectProblem(res, 403)
  })
})
