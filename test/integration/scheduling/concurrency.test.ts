import request from 'supertest'
import { createTestContext, type TestContext } from '../../support/testApp'
import { bearer, makeWorld, type ApiReview, type World } from './schedulingWorld'

// Runs on SQLite (one connection: transactions queue) and, with TEST_DATABASE_URL, on PostgreSQL
// (the sitting row is locked FOR UPDATE): either way capacity must hold under a race.
let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const RACERS = 20

interface Row {
  id: string
  status: string
  sitting_id: string | null
  slot_index: number | null
  version: number
}

async function rowsOf(ids: string[]): Promise<Map<string, Row>> {
  const rows = await ctx.db('review').whereIn('id', ids).select('id', 'status', 'sitting_id', 'slot_index', 'version')
  return new Map(
    rows.map(r => [
      r.id as string,
      {
        id: r.id,
        status: r.status,
        sitting_id: r.sitting_id ?? null,
        slot_index: r.slot_index === null ? null : Number(r.slot_index),
        version: Number(r.version),
      },
    ]),
  )
}

async function placesTaken(sittingId: string): Promise<number> {
  const row = await ctx.db('review').where('sitting_id', sittingId).whereNotNull('slot_index').count({ n: '*' }).first()
  return Number(row?.n)
}

/** Fires one move per review at the same sitting, all at once, each from its own API client. */
function raceInto(world: World, sittingId: string, reviews: ApiReview[]) {
  return Promise.all(
    reviews.map(r =>
      request(ctx.app)
        .post(`/api/v1/reviews/${r.id}/move`)
        .set(bearer(world.clerkToken))
        .send({ sittingId, reason: 'Earlier hearing wanted', version: r.version }),
    ),
  )
}

/** One review each from RACERS different orders: a 3-month DRR with 2-monthly reviews has exactly one. */
async function manyReviews(world: World): Promise<ApiReview[]> {
  const reviews: ApiReview[] = []
  for (let i = 0; i < RACERS; i += 1) {
    const order = await world.addOrder({ madeOn: '2028-01-05', months: 3, interval: 2 })
    expect(order.reviews).toHaveLength(1)
    reviews.push(order.reviews[0])
  }
  return reviews
}

function expectOutcome(responses: request.Response[], winners: number) {
  const statuses = responses.map(r => r.status)
  expect(statuses.filter(s => s === 200)).toHaveLength(winners)
  expect(statuses.filter(s => s === 409)).toHaveLength(RACERS - winners)
  for (const loser of responses.filter(r => r.status === 409)) {
    expect(loser.type).toBe('application/problem+json')
    expect(loser.body.detail).toMatch(/full/)
  }
}

describe('racing for the last place in a sitting', () => {
  it('when 20 clerks move unlisted reviews into a one-place sitting at once, then exactly one wins and the rest are told it is full', async () => {
    const world = await makeWorld(ctx)
    const reviews = await manyReviews(world)
    expect(new Set(reviews.map(r => r.status))).toEqual(new Set(['unlisted']))
    // Before every target (5 March), so adding it lists nothing; a month after the order, so a move may use it.
    const sitting = await world.addSitting('2028-02-16', { capacity: 1 })
    expect(sitting.booked).toBe(0)
    const before = await rowsOf(reviews.map(r => r.id))

    const responses = await raceInto(world, sitting.id, reviews)

    expectOutcome(responses, 1)
    expect(await placesTaken(sitting.id)).toBe(1)
    const winner = responses.find(r => r.status === 200)!.body as ApiReview
    expect(winner).toEqual(
      expect.objectContaining({ status: 'scheduled', sittingId: sitting.id, startsAt: '2028-02-16T10:00:00+00:00' }),
    )
    const after = await rowsOf(reviews.map(r => r.id))
    for (const review of reviews.filter(r => r.id !== winner.id))
      expect(after.get(review.id)).toEqual(before.get(review.id))
    expect(after.get(winner.id)).toEqual(
      expect.objectContaining({ sitting_id: sitting.id, slot_index: 0, version: before.get(winner.id)!.version + 1 }),
    )
    const read = await world.clerkApi.get(`/sittings/${sitting.id}`)
    expect(read.body.booked).toBe(1)
    expect(read.body.reviews.map((r: ApiReview) => r.id)).toEqual([winner.id])
  })

  it('when 20 clerks move listed reviews into a two-place sitting at once, then exactly two win and the losers stay where they were', async () => {
    const world = await makeWorld(ctx)
    const elsewhere = await world.addSitting('2028-03-07', { capacity: 30 })
    const reviews = await manyReviews(world)
    expect(new Set(reviews.map(r => r.sittingId))).toEqual(new Set([elsewhere.id]))
    const sitting = await world.addSitting('2028-03-09', { capacity: 2 })
    const before = await rowsOf(reviews.map(r => r.id))

    const responses = await raceInto(world, sitting.id, reviews)

    expectOutcome(responses, 2)
    expect(await placesTaken(sitting.id)).toBe(2)
    expect(await placesTaken(elsewhere.id)).toBe(RACERS - 2)
    const winners = new Set(responses.filter(r => r.status === 200).map(r => (r.body as ApiReview).id))
    const after = await rowsOf(reviews.map(r => r.id))
    for (const review of reviews) {
      if (winners.has(review.id)) expect(after.get(review.id)?.sitting_id).toBe(sitting.id)
      else expect(after.get(review.id)).toEqual(before.get(review.id))
    }
    const slots = [...winners].map(id => after.get(id)!.slot_index).sort()
    expect(slots).toEqual([0, 1])
  })

  it('when two clerks move the same review into different sittings at once, then one wins, the other gets 409, and it is in one place', async () => {
    const world = await makeWorld(ctx)
    const elsewhere = await world.addSitting('2028-03-07', { capacity: 5 })
    const [review] = (await world.addOrder({ madeOn: '2028-01-05', months: 3, interval: 2 })).reviews
    expect(review.sittingId).toBe(elsewhere.id)
    const targets = []
    for (const date of ['2028-03-08', '2028-03-09', '2028-03-10', '2028-03-13', '2028-03-14', '2028-03-15'])
      targets.push(await world.addSitting(date))

    const responses = await Promise.all(
      targets.map(t =>
        request(ctx.app)
          .post(`/api/v1/reviews/${review.id}/move`)
          .set(bearer(world.clerkToken))
          .send({ sittingId: t.id, reason: 'Racing', version: review.version }),
      ),
    )

    const statuses = responses.map(r => r.status)
    expect(statuses.filter(s => s === 200)).toHaveLength(1)
    expect(statuses.filter(s => s === 409)).toHaveLength(targets.length - 1)
    const winner = responses.find(r => r.status === 200)!.body as ApiReview
    const row = (await rowsOf([review.id])).get(review.id)!
    expect(row).toEqual(
      expect.objectContaining({ sitting_id: winner.sittingId, slot_index: 0, version: review.version + 1 }),
    )
    for (const t of [elsewhere, ...targets]) expect(await placesTaken(t.id)).toBe(t.id === winner.sittingId ? 1 : 0)
    const moves = await ctx
      .db('review_event')
      .where({ review_id: review.id, action: 'moved' })
      .count({ n: '*' })
      .first()
    expect(Number(moves?.n)).toBe(1)
  })

  it('when clerks move and vacate the same review at once, then exactly one change is made and the others get 409', async () => {
    const world = await makeWorld(ctx)
    const elsewhere = await world.addSitting('2028-03-07', { capacity: 5 })
    const [review] = (await world.addOrder({ madeOn: '2028-01-05', months: 3, interval: 2 })).reviews
    expect(review.sittingId).toBe(elsewhere.id)
    const targets = []
    for (const date of ['2028-03-08', '2028-03-09', '2028-03-10']) targets.push(await world.addSitting(date))
    const send = (path: string, body: object) =>
      request(ctx.app).post(`/api/v1/reviews/${review.id}/${path}`).set(bearer(world.clerkToken)).send(body)

    const responses = await Promise.all([
      ...targets.map(t => send('move', { sittingId: t.id, reason: 'Racing', version: review.version })),
      ...targets.map(() => send('vacate', { reason: 'Racing', version: review.version })),
    ])

    const statuses = responses.map(r => r.status)
    expect(statuses.filter(s => s === 200)).toHaveLength(1)
    expect(statuses.filter(s => s === 409)).toHaveLength(responses.length - 1)
    const winner = responses.find(r => r.status === 200)!.body as ApiReview
    const row = (await rowsOf([review.id])).get(review.id)!
    expect(row.version).toBe(review.version + 1)
    if (winner.status === 'vacated')
      expect(row).toEqual(expect.objectContaining({ status: 'vacated', slot_index: null }))
    else
      expect(row).toEqual(expect.objectContaining({ status: 'scheduled', sitting_id: winner.sittingId, slot_index: 0 }))
    const changes = await ctx
      .db('review_event')
      .where({ review_id: review.id })
      .whereIn('action', ['moved', 'vacated'])
      .count({ n: '*' })
      .first()
    expect(Number(changes?.n)).toBe(1)
  })

  it('when four clerks adjourn the same review at once, then it is adjourned once, with one new review', async () => {
    const world = await makeWorld(ctx)
    await world.addSitting('2028-03-07')
    await world.addSitting('2028-03-14')
    const order = await world.addOrder({ madeOn: '2028-01-05', months: 3, interval: 2 })
    const [review] = order.reviews

    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() =>
        ctx.services.booking.adjourn(world.clerkUser, review.id, { reason: 'Racing', version: review.version }),
      ),
    )

    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter(r => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409 })
    const reviews = await world.reviewsOf(order.requirementId)
    expect(reviews.map(r => r.status).sort()).toEqual(['adjourned', 'scheduled'])
  })
})
