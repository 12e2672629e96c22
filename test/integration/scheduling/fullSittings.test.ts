import fc from 'fast-check'
import { createTestContext, type TestContext } from '../../support/testApp'
import { makeWorld, type ApiSitting, type ApiReview } from './schedulingWorld'
import { planReviews } from '../../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, addDays } from '../../../server/utils/dates'

// Planning reads a court's sittings only in the fortnight after each review's target date, and the
// whole calendar when the plan had to look further (bookingService.plan). Either way a clerk must
// get the plan that the whole calendar's booked places give, and never a place in a full sitting.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const FIRST_TUESDAY = '2028-02-01'

describe('planning a new order into a court whose sittings are filling up', () => {
  it('then every order gets the plan the whole calendar’s booked places give, and no sitting goes over capacity', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          tuesdayPlaces: fc.integer({ min: 1, max: 2 }),
          thursdayPlaces: fc.integer({ min: 1, max: 2 }),
          // With one place a sitting, the ninth of nine orders made the same day looks a month ahead.
          sameDay: fc.integer({ min: 4, max: 9 }),
          others: fc.array(
            fc.record({ madeOnDay: fc.integer({ min: 1, max: 28 }), months: fc.integer({ min: 3, max: 9 }) }),
            { maxLength: 4 },
          ),
        }),
        async ({ tuesdayPlaces, thursdayPlaces, sameDay, others }) => {
          // Orders made the same day compete for the same sittings: with one place a sitting, each
          // finds the ones before it took the nearest sittings, and later ones look past the fortnight.
          const orders = [...Array.from({ length: sameDay }, () => ({ madeOnDay: 5, months: 9 })), ...others]
          const world = await makeWorld(ctx)
          // Two weekly series with different benches, so bench continuity matters as well as places.
          for (const [from, capacity, bench] of [
            [FIRST_TUESDAY, tuesdayPlaces, world.magistrate1.id],
            [addDays(FIRST_TUESDAY, 2), thursdayPlaces, world.magistrate2.id],
          ] as const) {
            await ctx.services.sittings.createSeries(world.clerkUser, world.court.id, {
              from,
              to: addDays(from, 364),
              startTime: '10:00',
              courtroom: '3',
              capacity,
              slotMinutes: 15,
              benchUserIds: [bench],
            })
          }
          for (const o of orders) {
            const madeOn = `2028-01-${String(o.madeOnDay).padStart(2, '0')}`
            const endsOn = addDays(addCalendarMonths(madeOn, o.months), -1)
            const calendar = await world.clerkApi.get(
              `/courts/${world.court.id}/sittings?from=${madeOn}&to=${addDays(FIRST_TUESDAY, 400)}`,
            )
            expect(calendar.status).toBe(200)
            const sittings = calendar.body as ApiSitting[]
            const expected = planReviews({
              intervalMonths: 1,
              mode: 'hearing',
              from: madeOn,
              endsOn,
              firstSequence: 1,
              sittings,
              holidays: new Set(),
            }).map(p => p.sittingId)

            const person = await world.addPerson()
            const res = await world.clerkApi.post('/orders', world.orderBody(person.id, { madeOn, months: o.months }))
            expect(res.status).toBe(201)
            const reviews = res.body.requirements[0].reviews as ApiReview[]
            expect(reviews.map(r => r.sittingId)).toEqual(expected)
          }
          const after = await world.clerkApi.get(
            `/courts/${world.court.id}/sittings?from=${FIRST_TUESDAY}&to=${addDays(FIRST_TUESDAY, 400)}`,
          )
          const booked = after.body as ApiSitting[]
          for (const s of booked) expect(s.booked).toBeLessThanOrEqual(s.capacity)
          expect(booked.some(s => s.booked === s.capacity)).toBe(true)
        },
      ),
      { numRuns: 12, examples: [[{ tuesdayPlaces: 1, thursdayPlaces: 1, sameDay: 9, others: [] }]] },
    )
  })
})
