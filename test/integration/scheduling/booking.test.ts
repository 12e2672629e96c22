import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { bearer, expectProblem, fieldsOf, makeWorld, open, REVIEW_KEYS, type ApiReview } from './schedulingWorld'
import { aCase, booked, placed } from './bookingCase'

// Moving and vacating a listed review through the API, and how the reviews after it are re-planned.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

describe('POST /api/v1/reviews/:id/move', () => {
  it('when a review is moved a week later, then it answers 200 with the review there and later reviews are re-planned a month on', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, order, r1 } = await aCase(world)

    const res = await world.clerkApi.post(`/reviews/${r1.id}/move`, {
      sittingId: s['2028-02-15'],
      reason: 'Solicitor unavailable',
      version: r1.version,
    })

    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(REVIEW_KEYS)
    expect(res.body).toEqual({
      ...r1,
      sittingId: s['2028-02-15'],
      startsAt: '2028-02-15T10:00:00+00:00',
      reportDueAt: '2028-02-11T23:59:59+00:00',
      version: r1.version + 1,
    })
    // From 15 February: due 15 March (21 March is the first sitting), then due a month after 21 March.
    expect(placed(await world.reviewsOf(order.requirementId))).toEqual([
      [1, '2028-02-05', 'scheduled', s['2028-02-15']],
      [2, '2028-03-15', 'scheduled', s['2028-03-21']],
      [3, '2028-04-21', 'scheduled', s['2028-04-25']],
    ])
    expect(await booked(world, s['2028-02-08'])).toBe(0)
    expect(await booked(world, s['2028-03-14'])).toBe(0)
  })

  it('when the sitting is earlier than a calendar month after the previous review, then it is refused with 422 and nothing changes', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, order, r2 } = await aCase(world)

    const res = await world.clerkApi.post(`/reviews/${r2.id}/move`, {
      sittingId: s['2028-03-07'],
      reason: 'Earlier date asked for',
      version: r2.version,
    })

    const problem = expectProblem(res, 422)
    expect(problem.detail).toContain('Wednesday 8 March 2028')
    expect(fieldsOf(problem)).toEqual(['sittingId'])
    expect(await world.reviewsOf(order.requirementId)).toEqual(order.reviews)
  })

  it('when the sitting is full, then it is refused with 409 saying it is full, and nothing changes', async () => {
    const world = await makeWorld(ctx)
    const { order, r1 } = await aCase(world)
    const full = await world.addSitting('2028-02-10', { capacity: 1 })
    const other = await world.addOrder({ madeOn: '2028-01-10', months: 2, interval: 1 })
    expect(other.reviews[0].sittingId).toBe(full.id)

    const res = await world.clerkApi.post(`/reviews/${r1.id}/move`, {
      sittingId: full.id,
      reason: 'Closer to home',
      version: r1.version,
    })

    expect(expectProblem(res, 409).detail).toContain('full')
    expect(await world.reviewsOf(order.requirementId)).toEqual(order.reviews)
    expect(await booked(world, full.id)).toBe(1)
  })

  it('when the version sent is stale, then it is refused with 409 and nothing changes', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, order, r1 } = await aCase(world)
    const first = await world.clerkApi.post(`/reviews/${r1.id}/move`, {
      sittingId: s['2028-02-15'],
      reason: 'First clerk',
      version: r1.version,
    })
    const afterFirst = await world.reviewsOf(order.requirementId)

    const res = await world.clerkApi.post(`/reviews/${r1.id}/move`, {
      sittingId: s['2028-02-08'],
      reason: 'Second clerk, from an old page',
      version: r1.version,
    })

    expect(first.status).toBe(200)
    expect(expectProblem(res, 409).detail).toContain('changed by someone else')
    expect(await world.reviewsOf(order.requirementId)).toEqual(afterFirst)
  })

  it('when the body has no reason and no version, then it answers 400 naming both', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, r1 } = await aCase(world)

    const res = await world.clerkApi.post(`/reviews/${r1.id}/move`, { sittingId: s['2028-02-15'] })

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['reason', 'version'])
  })

  it('when the review does not exist, then every change to it answers 404, even with an empty body', async () => {
    const world = await makeWorld(ctx)
    const missing = '00000000-0000-4000-8000-000000000000'

    for (const action of ['move', 'vacate', 'outcome']) {
      const res = await world.clerkApi.post(`/reviews/${missing}/${action}`, {})
      expect(expectProblem(res, 404).detail).toBe('Review not found')
    }
  })

  it('when a probation officer tries to move a review, then it is refused with 403', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, r1 } = await aCase(world)
    const token = await apiToken(ctx.app, world.officer.email)

    const res = await request(ctx.app)
      .post(`/api/v1/reviews/${r1.id}/move`)
      .set(bearer(token))
      .send({ sittingId: s['2028-02-15'], reason: 'Mine', version: r1.version })

    expectProblem(res, 403)
  })
})

describe('POST /api/v1/reviews/:id/vacate', () => {
  it('when a review is vacated, then it gives up its place and later reviews are re-planned from the one before it, the next taking its place', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, order, r2, r3 } = await aCase(world)

    const res = await world.clerkApi.post(`/reviews/${r2.id}/vacate`, {
      reason: 'Hearing no longer needed',
      version: r2.version,
    })

    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(REVIEW_KEYS)
    expect(res.body).toEqual(
      expect.objectContaining({ id: r2.id, status: 'vacated', sittingId: null, version: r2.version + 1 }),
    )
    // Re-planned from 8 February: due 8 March (14 March is the first sitting on or after it), then due 14 April.
    const reviews = await world.reviewsOf(order.requirementId)
    expect(placed(reviews)).toEqual([
      [1, '2028-02-05', 'scheduled', s['2028-02-08']],
      [3, '2028-03-08', 'scheduled', s['2028-03-14']],
      [4, '2028-04-14', 'scheduled', s['2028-04-18']],
    ])
    expect(open(reviews)[1].id).toBe(r3.id)
    const march14 = (await world.clerkApi.get(`/sittings/${s['2028-03-14']}`)).body
    expect(march14.reviews.map((r: ApiReview) => r.id)).toEqual([r3.id])
  })

  it('when the version sent is stale, then it is refused with 409 and the review stays', async () => {
    const world = await makeWorld(ctx)
    const { order, r2 } = await aCase(world)

    const res = await world.clerkApi.post(`/reviews/${r2.id}/vacate`, { reason: 'Old page', version: r2.version - 1 })

    expectProblem(res, 409)
    expect(await world.reviewsOf(order.requirementId)).toEqual(order.reviews)
  })
})
