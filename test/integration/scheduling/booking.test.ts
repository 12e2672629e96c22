import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import {
  bearer,
  expectProblem,
  fieldsOf,
  makeWorld,
  open,
  REVIEW_KEYS,
  type ApiReview,
  type World,
} from './schedulingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

/**
 * A weekly Tuesday review court, and a 4-month DRR made on 5 January 2028 with monthly reviews,
 * planned into 8 February, 14 March (due a month after 8 February) and 18 April (due a month after 14 March).
 */
async function aCase(world: World) {
  const dates = ['2028-02-08', '2028-02-15', '2028-03-07', '2028-03-14', '2028-03-21', '2028-04-18', '2028-04-25']
  const s: Record<string, string> = {}
  for (const date of dates) s[date] = (await world.addSitting(date)).id
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 4, interval: 1 })
  expect(order.reviews.map(r => [r.sequence, r.targetDate, r.sittingId])).toEqual([
    [1, '2028-02-05', s['2028-02-08']],
    [2, '2028-03-08', s['2028-03-14']],
    [3, '2028-04-14', s['2028-04-18']],
  ])
  const [r1, r2, r3] = order.reviews
  return { sittings: s, order, r1, r2, r3 }
}

const placed = (reviews: ApiReview[]) => open(reviews).map(r => [r.sequence, r.targetDate, r.status, r.sittingId])

async function booked(world: World, sittingId: string): Promise<number> {
  return (await world.clerkApi.get(`/sittings/${sittingId}`)).body.booked
}

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

describe('undoing the last booking change', () => {
  it('when a clerk undoes a vacate, then the review is back in its sitting and the plan after it is as before', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, order, r2 } = await aCase(world)
    await world.clerkApi.post(`/reviews/${r2.id}/vacate`, { reason: 'Listed in error', version: r2.version })

    const restored = await ctx.services.booking.undoLast(world.clerkUser)

    expect(restored).toEqual(expect.objectContaining({ id: r2.id, status: 'scheduled', sittingId: s['2028-03-14'] }))
    expect(placed(await world.reviewsOf(order.requirementId))).toEqual([
      [1, '2028-02-05', 'scheduled', s['2028-02-08']],
      [2, '2028-03-08', 'scheduled', s['2028-03-14']],
      [3, '2028-04-14', 'scheduled', s['2028-04-18']],
    ])
    expect(await booked(world, s['2028-03-14'])).toBe(1)
  })

  it('when a clerk undoes a move, then the review is back in its first sitting and later reviews are re-planned back', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, order, r1 } = await aCase(world)
    await world.clerkApi.post(`/reviews/${r1.id}/move`, {
      sittingId: s['2028-02-15'],
      reason: 'Wrong week',
      version: r1.version,
    })

    const restored = await ctx.services.booking.undoLast(world.clerkUser)

    expect(restored).toEqual(expect.objectContaining({ id: r1.id, status: 'scheduled', sittingId: s['2028-02-08'] }))
    expect(placed(await world.reviewsOf(order.requirementId))).toEqual([
      [1, '2028-02-05', 'scheduled', s['2028-02-08']],
      [2, '2028-03-08', 'scheduled', s['2028-03-14']],
      [3, '2028-04-14', 'scheduled', s['2028-04-18']],
    ])
  })

  it('when a move made the last review unnecessary, then undo undoes the move, not the re-plan’s side effect', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, order, r2, r3 } = await aCase(world)
    await world.clerkApi.post(`/reviews/${r2.id}/move`, {
      sittingId: s['2028-04-18'],
      reason: 'In residential treatment until April',
      version: r2.version,
    })
    const moved = await world.reviewsOf(order.requirementId)
    expect(moved.find(r => r.id === r3.id)?.status).toBe('vacated')

    const restored = await ctx.services.booking.undoLast(world.clerkUser)

    expect(restored.id).toBe(r2.id)
    expect(placed(await world.reviewsOf(order.requirementId))).toEqual([
      [1, '2028-02-05', 'scheduled', s['2028-02-08']],
      [2, '2028-03-08', 'scheduled', s['2028-03-14']],
      [3, '2028-04-14', 'scheduled', s['2028-04-18']],
    ])
    expect(await booked(world, s['2028-04-18'])).toBe(1)
  })

  it('when the clerk has made no booking change, then undo is refused with 422', async () => {
    const world = await makeWorld(ctx)

    await expect(ctx.services.booking.undoLast(world.clerkUser)).rejects.toMatchObject({ status: 422 })
  })
})

describe('adjourning a review', () => {
  it('when a review is adjourned, then it is marked adjourned and a new review is listed in the next sitting, later ones re-planned', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, order, r1 } = await aCase(world)

    const next = await ctx.services.booking.adjourn(world.clerkUser, r1.id, {
      reason: 'Interpreter not available',
      version: r1.version,
    })

    const reviews = await world.reviewsOf(order.requirementId)
    expect(reviews.find(r => r.id === r1.id)).toEqual(expect.objectContaining({ status: 'adjourned', sittingId: null }))
    expect(next.id).not.toBe(r1.id)
    expect(reviews.find(r => r.id === next.id)).toEqual(
      expect.objectContaining({
        sequence: 1,
        targetDate: '2028-02-05',
        status: 'scheduled',
        sittingId: s['2028-02-15'],
        startsAt: '2028-02-15T10:00:00+00:00',
      }),
    )
    expect(placed(reviews)).toEqual([
      [1, '2028-02-05', 'scheduled', s['2028-02-15']],
      [2, '2028-03-15', 'scheduled', s['2028-03-21']],
      [3, '2028-04-21', 'scheduled', s['2028-04-25']],
    ])
    expect(await booked(world, s['2028-02-08'])).toBe(0)
  })

  it('when a review is adjourned to a chosen sitting, then the new review is listed there', async () => {
    const world = await makeWorld(ctx)
    const { sittings: s, order, r2 } = await aCase(world)

    const next = await ctx.services.booking.adjourn(world.clerkUser, r2.id, {
      sittingId: s['2028-03-21'],
      reason: 'Report not ready',
      version: r2.version,
    })

    expect(next).toEqual(expect.objectContaining({ status: 'scheduled', sittingId: s['2028-03-21'], sequence: 2 }))
    expect(placed(await world.reviewsOf(order.requirementId))).toEqual([
      [1, '2028-02-05', 'scheduled', s['2028-02-08']],
      [2, '2028-03-08', 'scheduled', s['2028-03-21']],
      [3, '2028-04-21', 'scheduled', s['2028-04-25']],
    ])
  })

  it('when the review is not listed in a sitting, then adjourning it is refused with 422', async () => {
    const world = await makeWorld(ctx)
    const order = await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })
    const [review] = order.reviews
    expect(review.status).toBe('unlisted')

    await expect(
      ctx.services.booking.adjourn(world.clerkUser, review.id, { reason: 'Not yet', version: review.version }),
    ).rejects.toMatchObject({ status: 422 })
  })
})
