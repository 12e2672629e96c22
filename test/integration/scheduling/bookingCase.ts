import { open, type ApiReview, type World } from './schedulingWorld'

// The case the booking tests change: its sittings, its order and its three planned reviews.

/**
 * A weekly Tuesday review court, and a 4-month DRR made on 5 January 2028 with monthly reviews,
 * planned into 8 February, 14 March (due a month after 8 February) and 18 April (due a month after 14 March).
 */
export async function aCase(world: World) {
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

export const placed = (reviews: ApiReview[]) =>
  open(reviews).map(r => [r.sequence, r.targetDate, r.status, r.sittingId])

export async function booked(world: World, sittingId: string): Promise<number> {
  return (await world.clerkApi.get(`/sittings/${sittingId}`)).body.booked
}
