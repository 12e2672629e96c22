import fc from 'fast-check'
import { hasContinuity } from '../../../../server/services/scheduling/continuity'
import {
  chooseSitting,
  planReviews,
  type PlanInput,
  type PlannedReview,
  type SittingSlotInfo,
} from '../../../../server/services/scheduling/reviewPlanner'
import {
  addCalendarMonths,
  addDays,
  daysBetween,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  type IsoDate,
} from '../../../../server/utils/dates'

const RUNS = { numRuns: 200 }
const FIRST_DAY = '2025-01-01'
const MADE_ON_SPAN = daysBetween(FIRST_DAY, '2028-12-31')
const BENCH_POOL = ['jp-1', 'jp-2', 'jp-3', 'jp-4', 'jp-5', 'jp-6', 'dj-1']

const benchArb = fc.subarray(BENCH_POOL, { maxLength: 3 })

/** A random requirement (interval 1-6 months, 1-36 months long, made 2025-2028) and court calendar. */
const planInputArb: fc.Arbitrary<PlanInput> = fc
  .record({
    madeOnOffset: fc.integer({ min: 0, max: MADE_ON_SPAN }),
    intervalMonths: fc.integer({ min: 1, max: 6 }),
    months: fc.integer({ min: 1, max: 36 }),
    mode: fc.oneof(
      { arbitrary: fc.constant('hearing' as const), weight: 4 },
      { arbitrary: fc.constant('paper' as const), weight: 1 },
    ),
    firstSequence: fc.integer({ min: 1, max: 5 }),
    previousBench: fc.option(benchArb, { nil: undefined }),
  })
  .chain(requirement => {
    const from = addDays(FIRST_DAY, requirement.madeOnOffset)
    const endsOn = addDays(addCalendarMonths(from, requirement.months), -1)
    // Sittings from a little before the order to a little after its end, so some must be ignored.
    const dayArb = fc.integer({ min: -40, max: daysBetween(from, endsOn) + 40 })
    const sittingArb = fc.record({
      day: dayArb,
      startTime: fc.constantFrom('09:30', '10:00', '14:00'),
      capacity: fc.integer({ min: 0, max: 3 }),
      bookedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      bench: benchArb,
      // Some sittings were set up on a day that turns out to be a bank holiday.
      onBankHoliday: fc.integer({ min: 0, max: 5 }).map(n => n === 0),
    })
    return fc
      .record({
        sittings: fc.array(sittingArb, { maxLength: 150 }),
        otherHolidays: fc.uniqueArray(dayArb, { maxLength: 30 }),
      })
      .map(({ sittings, otherHolidays }): PlanInput => {
        const holidays = new Set(otherHolidays.map(day => addDays(from, day)))
        return {
          intervalMonths: requirement.intervalMonths,
          mode: requirement.mode,
          from,
          endsOn,
          firstSequence: requirement.firstSequence,
          previousBench: requirement.previousBench,
          holidays,
          sittings: sittings.map((s, index) => {
            const date = addDays(from, s.day)
            if (s.onBankHoliday) holidays.add(date)
            return {
              id: `sitting-${String(index).padStart(3, '0')}`,
              date,
              startTime: s.startTime,
              slotMinutes: 20,
              capacity: s.capacity,
              booked: Math.floor(s.bookedShare * s.capacity),
              benchUserIds: s.bench,
            }
          }),
        }
      })
  })

function sittingOf(input: PlanInput, review: PlannedReview): SittingSlotInfo {
  const sitting = input.sittings.find(s => s.id === review.sittingId)
  if (!sitting) throw new Error(`Planned into an unknown sitting ${review.sittingId}`)
  return sitting
}

/** The scheduling rules written the slow, obvious way, to check the planner's choices against. */
function expectedChoice(
  input: PlanInput,
  target: IsoDate,
  planned: ReadonlyMap<string, number>,
  previousBench: readonly string[] | undefined,
): SittingSlotInfo | null {
  const free = input.sittings
    .filter(
      s =>
        s.date >= target &&
        s.date <= input.endsOn &&
        isWorkingDay(s.date, input.holidays) &&
        s.booked + (planned.get(s.id) ?? 0) < s.capacity,
    )
    .sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime) || a.id.localeCompare(b.id))
  const weekAfterTarget = addDays(target, 7)
  const sameBench = free.find(s => s.date <= weekAfterTarget && hasContinuity(previousBench, s.benchUserIds) === true)
  return sameBench ?? free[0] ?? null
}

describe('planReviews properties', () => {
  it('when any requirement is planned, then consecutive reviews are never less than the interval (at least one calendar month) apart', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        const reviews = planReviews(input)

        let previous = input.from
        for (const review of reviews) {
          expect(review.targetDate).toBe(addCalendarMonths(previous, input.intervalMonths))
          expect(review.date >= review.targetDate).toBe(true)
          expect(review.date >= addCalendarMonths(previous, 1)).toBe(true)
          previous = review.date
        }
      }),
      RUNS,
    )
  })

  it('when any requirement is planned, then no review is placed on a weekend or a bank holiday', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        for (const review of planReviews(input)) {
          if (review.status === 'scheduled')
            expect([review.date, isWorkingDay(review.date, input.holidays)]).toEqual([review.date, true])
        }
      }),
      RUNS,
    )
  })

  it('when any requirement is planned, then no sitting is booked over its capacity', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        const perSitting = new Map<string, number>()
        for (const review of planReviews(input)) {
          if (review.sittingId) perSitting.set(review.sittingId, (perSitting.get(review.sittingId) ?? 0) + 1)
        }

        for (const [id, count] of perSitting) {
          const sitting = input.sittings.find(s => s.id === id)!
          expect(count + sitting.booked).toBeLessThanOrEqual(sitting.capacity)
        }
      }),
      RUNS,
    )
  })

  it('when any requirement is planned, then nothing falls after its end and no review that fits before the end is left out', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        const reviews = planReviews(input)

        for (const review of reviews) expect(review.date <= input.endsOn).toBe(true)
        const last = reviews.length ? reviews[reviews.length - 1].date : input.from
        const nextTarget = addCalendarMonths(last, input.intervalMonths)
        const nextDate = input.mode === 'paper' ? nextWorkingDayOnOrAfter(nextTarget, input.holidays) : nextTarget
        expect(nextDate > input.endsOn).toBe(true)
      }),
      RUNS,
    )
  })

  it('when a review is listed, then it is in a known sitting on that sitting’s date, on or after its target, and numbered in order', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        const reviews = planReviews(input)

        reviews.forEach((review, index) => {
          expect(review.sequence).toBe(input.firstSequence + index)
          expect(review.mode).toBe(input.mode)
          if (review.sittingId === null) return
          const sitting = sittingOf(input, review)
          expect(review.status).toBe('scheduled')
          expect(review.date).toBe(sitting.date)
          expect(sitting.date >= review.targetDate).toBe(true)
        })
      }),
      RUNS,
    )
  })

  it('when hearings are planned, then each takes the same-bench sitting within a week of its target if there is one, else the earliest free sitting', () => {
    fc.assert(
      fc.property(
        planInputArb.filter(input => input.mode === 'hearing'),
        input => {
          const reviews = planReviews(input)
          const planned = new Map<string, number>()
          let previousBench = input.previousBench

          for (const review of reviews) {
            const expected = expectedChoice(input, review.targetDate, planned, previousBench)
            expect(review.sittingId).toBe(expected?.id ?? null)
            expect(review.status).toBe(expected ? 'scheduled' : 'unlisted')
            expect(review.continuity).toBe(expected ? hasContinuity(previousBench, expected.benchUserIds) : null)
            if (expected) planned.set(expected.id, (planned.get(expected.id) ?? 0) + 1)
            previousBench = expected?.benchUserIds
          }
          if (reviews.length > 0) {
            const first = reviews[0]
            const chosen = chooseSitting(
              first.targetDate,
              input.endsOn,
              input.sittings,
              input.previousBench,
              input.holidays,
            )
            expect(chosen?.id ?? null).toBe(first.sittingId)
          }
        },
      ),
      RUNS,
    )
  })

  it('when reviews are on the papers, then none has a sitting and each is on the first working day on or after its target', () => {
    fc.assert(
      fc.property(
        planInputArb.filter(input => input.mode === 'paper'),
        input => {
          for (const review of planReviews(input)) {
            expect(review).toMatchObject({ sittingId: null, status: 'scheduled', continuity: null })
            expect(review.date).toBe(nextWorkingDayOnOrAfter(review.targetDate, input.holidays))
          }
        },
      ),
      { numRuns: 50 },
    )
  })

  it('when any requirement is planned, then the sittings and holidays passed in are left as they were', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        const sittingsBefore = structuredClone(input.sittings)
        const holidaysBefore = [...input.holidays]

        planReviews(input)

        expect(input.sittings).toEqual(sittingsBefore)
        expect([...input.holidays]).toEqual(holidaysBefore)
      }),
      { numRuns: 50 },
    )
  })
})
