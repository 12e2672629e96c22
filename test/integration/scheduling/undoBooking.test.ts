import { createTestContext, type TestContext } from '../../support/testApp'
import { makeWorld } from './schedulingWorld'
import { aCase, booked, placed } from './bookingCase'

// Undoing a clerk's last booking change (a move or a vacate), and the plan after it put back.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
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
