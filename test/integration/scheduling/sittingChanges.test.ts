import { createTestContext, type TestContext } from '../../support/testApp'
import { makeWorld, open, type ApiSitting, type ApiReview } from './schedulingWorld'

// Changes to the calendar that re-plan reviews: a sitting added, its places changed, a sitting cancelled.
let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})
describe('adding a sitting when reviews are waiting for one', () => {
  it('when a sitting is added, then the waiting reviews it can take are listed in it, earliest target first, up to its places', async () => {
    const world = await makeWorld(ctx)
    const a = await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })
    const b = await world.addOrder({ madeOn: '2028-01-06', months: 2, interval: 1 })
    const c = await world.addOrder({ madeOn: '2028-01-07', months: 2, interval: 1 })
    const tooEarly = await world.addOrder({ madeOn: '2028-01-11', months: 2, interval: 1 })
    expect([a, b, c, tooEarly].map(o => o.reviews.map(r => r.status))).toEqual([
      ['unlisted'],
      ['unlisted'],
      ['unlisted'],
      ['unlisted'],
    ])

    // Added in the order c, b, a would be listed only if targets were ignored; a has the earliest target.
    const sitting = await world.addSitting('2028-02-10', { capacity: 2, startTime: '10:00', slotMinutes: 20 })

    expect(sitting.booked).toBe(2)
    const [ra, rb, rc, rLate] = await Promise.all([a, b, c, tooEarly].map(o => world.reviewsOf(o.requirementId)))
    expect(ra[0]).toEqual(
      expect.objectContaining({ status: 'scheduled', sittingId: sitting.id, startsAt: '2028-02-10T10:00:00+00:00' }),
    )
    expect(rb[0]).toEqual(
      expect.objectContaining({ status: 'scheduled', sittingId: sitting.id, startsAt: '2028-02-10T10:20:00+00:00' }),
    )
    expect(rc[0]).toEqual(expect.objectContaining({ status: 'unlisted', sittingId: null, startsAt: null }))
    // Its target (11 February) is after the sitting: listing it earlier would break the cadence.
    expect(rLate[0]).toEqual(expect.objectContaining({ status: 'unlisted', sittingId: null }))
    expect(ra[0].version).toBe(a.reviews[0].version + 1)
  })
})

describe('adding a sitting for a requirement reviewed every two months', () => {
  it('when a sitting is added less than two months after the last listed review, then the waiting review is not listed in it', async () => {
    const world = await makeWorld(ctx)
    const march7 = await world.addSitting('2028-03-07')
    const order = await world.addOrder({ madeOn: '2028-01-05', months: 6, interval: 2 })
    expect(order.reviews.map(r => [r.targetDate, r.status, r.sittingId])).toEqual([
      ['2028-03-05', 'scheduled', march7.id],
      ['2028-05-07', 'unlisted', null],
    ])

    // Before the second review is due (7 May, two months after 7 March): not to be used.
    const tooSoon = await world.addSitting('2028-05-05')
    const may9 = await world.addSitting('2028-05-09')

    expect(tooSoon.booked).toBe(0)
    expect(may9.booked).toBe(1)
    expect((await world.reviewsOf(order.requirementId))[1]).toEqual(
      expect.objectContaining({ status: 'scheduled', sittingId: may9.id }),
    )
  })
})

describe('changing a sitting’s places', () => {
  it('when the places would go below the reviews booked, then it is refused (422) and nothing changes', async () => {
    const world = await makeWorld(ctx)
    const sitting = await world.addSitting('2028-02-08', { capacity: 3 })
    await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })
    await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })
    const version = (await ctx.services.sittings.get(sitting.id)).version

    const attempt = ctx.services.sittings.update(world.clerkUser, sitting.id, {
      courtroom: '3',
      capacity: 1,
      benchUserIds: sitting.benchUserIds,
      version,
    })

    await expect(attempt).rejects.toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ field: 'capacity' })],
    })
    expect(await ctx.services.sittings.get(sitting.id)).toEqual(
      expect.objectContaining({ capacity: 3, booked: 2, version }),
    )
  })

  it('when the edit is based on a stale version, then it is refused (409) and nothing changes', async () => {
    const world = await makeWorld(ctx)
    const sitting = await world.addSitting('2028-02-08', { capacity: 3 })
    const version = (await ctx.services.sittings.get(sitting.id)).version
    await ctx.services.sittings.update(world.clerkUser, sitting.id, {
      courtroom: '4',
      capacity: 4,
      benchUserIds: sitting.benchUserIds,
      version,
    })

    const stale = ctx.services.sittings.update(world.clerkUser, sitting.id, {
      courtroom: '5',
      capacity: 6,
      benchUserIds: sitting.benchUserIds,
      version,
    })

    await expect(stale).rejects.toMatchObject({ status: 409 })
    expect(await ctx.services.sittings.get(sitting.id)).toEqual(
      expect.objectContaining({ courtroom: '4', capacity: 4, version: version + 1 }),
    )
  })

  it('when the places go up, then reviews waiting for that sitting are listed in the new places', async () => {
    const world = await makeWorld(ctx)
    const sitting = await world.addSitting('2028-02-08', { capacity: 1 })
    const first = await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })
    const second = await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })
    expect([first.reviews[0].status, second.reviews[0].status]).toEqual(['scheduled', 'unlisted'])

    const updated = await ctx.services.sittings.update(world.clerkUser, sitting.id, {
      courtroom: '3',
      capacity: 2,
      benchUserIds: sitting.benchUserIds,
      version: 1,
    })

    expect(updated.booked).toBe(2)
    expect((await world.reviewsOf(second.requirementId))[0]).toEqual(
      expect.objectContaining({ status: 'scheduled', sittingId: sitting.id, startsAt: '2028-02-08T10:20:00+00:00' }),
    )
  })
})

describe('cancelling a sitting', () => {
  it('when a sitting is cancelled, then its reviews go to the next suitable sitting with a place, or are left unlisted', async () => {
    const world = await makeWorld(ctx)
    const cancelled = await world.addSitting('2028-02-08', { capacity: 2 })
    const a = await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })
    const b = await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })
    // Added after the orders, so it takes nothing until the cancellation.
    const next = await world.addSitting('2028-02-10', { capacity: 1, startTime: '14:00' })
    const afterTheEnd = await world.addSitting('2028-03-07', { capacity: 5 })
    expect([a.reviews[0].sittingId, b.reviews[0].sittingId]).toEqual([cancelled.id, cancelled.id])

    const result = await ctx.services.sittings.cancel(world.clerkUser, cancelled.id, 1, 'Courtroom flooded')

    expect(result).toEqual({ relisted: 1, unlisted: 1 })
    const [ra] = await world.reviewsOf(a.requirementId)
    const [rb] = await world.reviewsOf(b.requirementId)
    expect(ra).toEqual(
      expect.objectContaining({
        status: 'scheduled',
        sittingId: next.id,
        startsAt: '2028-02-10T14:00:00+00:00',
        targetDate: '2028-02-05',
      }),
    )
    // The requirement ends on 4 March, so the 7 March sitting is no use to it.
    expect(rb).toEqual(expect.objectContaining({ status: 'unlisted', sittingId: null, startsAt: null }))
    const sittings = await world.clerkApi.get(`/courts/${world.court.id}/sittings?from=2028-02-01&to=2028-03-31`)
    expect(sittings.body.map((s: ApiSitting) => [s.id, s.booked])).toEqual([
      [next.id, 1],
      [afterTheEnd.id, 0],
    ])
    const needsListing = await world.clerkApi.get('/needs-listing')
    expect(needsListing.body.map((r: ApiReview) => r.id)).toContain(rb.id)
  })

  it('when a sitting is cancelled, then the later reviews of a relisted requirement are re-planned a month after it', async () => {
    const world = await makeWorld(ctx)
    const cancelled = await world.addSitting('2028-02-08')
    await world.addSitting('2028-03-08')
    const march15 = await world.addSitting('2028-03-15')
    const order = await world.addOrder({ madeOn: '2028-01-05', months: 3, interval: 1 })
    expect(order.reviews.map(r => r.startsAt)).toEqual(['2028-02-08T10:00:00+00:00', '2028-03-08T10:00:00+00:00'])
    const feb15 = await world.addSitting('2028-02-15')

    await ctx.services.sittings.cancel(world.clerkUser, cancelled.id, 1, 'Bench unavailable')

    const reviews = open(await world.reviewsOf(order.requirementId))
    expect(reviews.map(r => [r.sequence, r.sittingId])).toEqual([
      [1, feb15.id],
      [2, march15.id],
    ])
  })

  it('when a sitting is cancelled, then a review every two months is not relisted less than two months after the one before', async () => {
    const world = await makeWorld(ctx)
    const march7 = await world.addSitting('2028-03-07')
    await world.addSitting('2028-05-05')
    const cancelled = await world.addSitting('2028-05-09')
    const may16 = await world.addSitting('2028-05-16')
    const order = await world.addOrder({ madeOn: '2028-01-05', months: 6, interval: 2 })
    expect(order.reviews.map(r => r.sittingId)).toEqual([march7.id, cancelled.id])

    await ctx.services.sittings.cancel(world.clerkUser, cancelled.id, 1, 'Judge unwell')

    expect((await world.reviewsOf(order.requirementId))[1]).toEqual(
      expect.objectContaining({ status: 'scheduled', sittingId: may16.id }),
    )
  })

  it('when the cancel is based on a stale version, then it is refused (409) and the reviews stay', async () => {
    const world = await makeWorld(ctx)
    const sitting = await world.addSitting('2028-02-08')
    const order = await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })
    await ctx.services.sittings.update(world.clerkUser, sitting.id, {
      courtroom: '4',
      capacity: 8,
      benchUserIds: sitting.benchUserIds,
      version: 1,
    })

    await expect(ctx.services.sittings.cancel(world.clerkUser, sitting.id, 1, 'Old page')).rejects.toMatchObject({
      status: 409,
    })
    expect((await world.reviewsOf(order.requirementId))[0]).toEqual(order.reviews[0])
  })
})
