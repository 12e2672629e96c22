import { createTestContext, type TestContext } from '../../support/testApp'
import { makeWorld } from './schedulingWorld'
import { aCase, booked, placed } from './bookingCase'

// Adjourning a listed review: a new review in the next (or a chosen) sitting, later ones re-planned.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
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
