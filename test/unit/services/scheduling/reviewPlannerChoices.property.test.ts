import fc from 'fast-check'
import {
  chooseSitting,
  CONTINUITY_WINDOW_DAYS,
  plan,
  planReviews,
  type SittingSlotInfo,
} from '../../../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, addDays, nextWorkingDayOnOrAfter } from '../../../../server/utils/dates'
import {
  anyInput,
  expectedChoice,
  expectedReviews,
  FIRST_DAY,
  hearingInput,
  inputArb,
  MADE_ON_SPAN,
  RUNS,
  usableFrom,
  withoutSearchedTo,
} from './reviewPlannerArbitraries'

// Properties of planReviews over random requirements and courts: each choice is the one the scheduling
// rules give, paper plans, and the plan does not depend on the order of, or change, what is passed in.

describe('planReviews properties', () => {
  it('when hearings are planned, then each takes the free sitting the rules give: within 7 days of its target the earliest with a member of the previous bench, else the earliest', () => {
    expect(CONTINUITY_WINDOW_DAYS).toBe(7)
    fc.assert(
      fc.property(hearingInput, input => {
        const reviews = planReviews(input)
        expect(withoutSearchedTo(reviews)).toEqual(expectedReviews(input))
        let previousBench = input.previousBench
        for (const review of reviews) {
          // A single review chosen alone agrees: the plan's earlier reviews are in earlier sittings.
          const alone = chooseSitting(review.targetDate, input.endsOn, input.sittings, previousBench, input.holidays)
          expect(alone?.id ?? null).toBe(review.sittingId)
          if (alone) previousBench = alone.benchUserIds
        }
      }),
      RUNS,
    )
  })

  it('when a single review’s sitting is chosen among sittings around its target, then it is the free working-day sitting on or before the end that the continuity rule gives', () => {
    const POOL = ['jp-1', 'jp-2', 'jp-3', 'jp-4']
    const aroundArb = fc.record({
      targetOffset: fc.integer({ min: 0, max: MADE_ON_SPAN }),
      endsAfter: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(12)),
      previousBench: fc.option(fc.subarray(POOL, { maxLength: 2 }), { nil: undefined, freq: 10 }),
      sittings: fc.array(
        fc.record({
          // Most near the end of the 7-day window, where an off-by-one would show.
          day: fc.oneof(fc.integer({ min: -2, max: 10 }), fc.constantFrom(6, 7, 8)),
          startTime: fc.constantFrom('10:00', '14:00'),
          capacity: fc.integer({ min: 0, max: 2 }),
          booked: fc.integer({ min: 0, max: 1 }),
          bench: fc.subarray(POOL, { minLength: 1, maxLength: 2 }),
        }),
        { maxLength: 8 },
      ),
      holidays: fc.uniqueArray(fc.integer({ min: -2, max: 10 }), { maxLength: 2 }),
    })
    fc.assert(
      fc.property(aroundArb, around => {
        const target = addDays(FIRST_DAY, around.targetOffset)
        const endsOn = addDays(target, around.endsAfter)
        const holidays = new Set(around.holidays.map(day => addDays(target, day)))
        const sittings = around.sittings.map((s, index): SittingSlotInfo => ({
          id: `sitting-${index}`,
          date: addDays(target, s.day),
          startTime: s.startTime,
          slotMinutes: 20,
          capacity: s.capacity,
          booked: s.booked,
          benchUserIds: s.bench,
        }))
        const free = usableFrom(sittings, target, endsOn, holidays).filter(s => s.booked < s.capacity)
        const expected = expectedChoice(free, target, around.previousBench)

        const chosen = chooseSitting(target, endsOn, sittings, around.previousBench, holidays)

        expect(chosen?.id ?? null).toBe(expected?.id ?? null)
      }),
      { numRuns: 1000 },
    )
  })

  it('when reviews are on the papers, then each is on the first working day on or after its target, chained from the day before, stopping at the first past the end', () => {
    fc.assert(
      fc.property(inputArb({ mode: 'paper' }), input => {
        const { reviews, dependsOn } = plan(input)
        expect(dependsOn).toEqual([])
        let previous = input.from
        for (const review of reviews) {
          expect(review.targetDate).toBe(addCalendarMonths(previous, input.intervalMonths))
          expect(review).toMatchObject({
            date: nextWorkingDayOnOrAfter(review.targetDate, input.holidays),
            sittingId: null,
            status: 'scheduled',
            continuity: null,
            searchedTo: null,
          })
          previous = review.date
        }
        const next = addCalendarMonths(previous, input.intervalMonths)
        expect(nextWorkingDayOnOrAfter(next, input.holidays) > input.endsOn).toBe(true)
        expect(withoutSearchedTo(reviews)).toEqual(expectedReviews(input))
      }),
      RUNS,
    )
  })

  it('when a paper plan’s end date is brought forward, then it is the longer plan cut before the first review decided after the new end', () => {
    const withEarlierEnd = inputArb({ mode: 'paper' }).chain(input => {
      const reviews = planReviews(input)
      // The day before each decision day is where an off-by-one at the end would show.
      const ends = [input.from, ...reviews.map(r => addDays(r.date, -1)), ...reviews.map(r => r.targetDate)]
      return fc.tuple(fc.constant(input), fc.constantFrom(...ends))
    })
    fc.assert(
      fc.property(withEarlierEnd, ([input, endsOn]) => {
        const cut = planReviews(input).filter(r => r.date <= endsOn)

        expect(planReviews({ ...input, endsOn })).toEqual(cut)
      }),
      { numRuns: 100 },
    )
  })

  it('when the sittings come in another order, then the plan is the same', () => {
    fc.assert(
      fc.property(
        hearingInput.chain(input =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray([...input.sittings], {
              minLength: input.sittings.length,
              maxLength: input.sittings.length,
            }),
          ),
        ),
        ([input, shuffled]) => {
          expect(plan({ ...input, sittings: shuffled })).toEqual(plan(input))
        },
      ),
      { numRuns: 60 },
    )
  })

  it('when any requirement is planned, then the sittings and holidays passed in are left as they were', () => {
    fc.assert(
      fc.property(anyInput, input => {
        const sittingsBefore = structuredClone(input.sittings)
        const holidaysBefore = [...input.holidays]
        const benchBefore = input.previousBench && [...input.previousBench]

        plan(input)

        expect(input.sittings).toEqual(sittingsBefore)
        expect([...input.holidays]).toEqual(holidaysBefore)
        expect(input.previousBench).toEqual(benchBefore)
      }),
      { numRuns: 50 },
    )
  })
})
