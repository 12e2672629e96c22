import fc from 'fast-check'
import { hasContinuity } from '../../../../server/services/scheduling/continuity'
import {
  chooseSitting,
  lookAheadRanges,
  LOOK_AHEAD_DAYS,
  plannedWithin,
  planReviews,
  rangesNotRead,
  type PlanInput,
  type PlannedReview,
  type SittingSlotInfo,
} from '../../../../server/services/scheduling/reviewPlanner'
import {
  addCalendarMonths,
  addDays,
  daysBetween,
  isWorkingDay,
  maxDate,
  minDate,
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
        sittings: fc.array(sittingArb, { maxLength: 150, size: 'max' }),
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

/** The order's cadence: `from` plus k × the interval, for every k whose date is on or before the end. */
function cadenceTargets(input: PlanInput): IsoDate[] {
  const targets: IsoDate[] = []
  for (let k = 1; ; k += 1) {
    const target = addCalendarMonths(input.from, k * input.intervalMonths)
    if (target > input.endsOn) return targets
    targets.push(target)
  }
}

/** The scheduling rules written the slow, obvious way, to check the planner's choices against. */
function expectedChoice(
  input: PlanInput,
  earliest: IsoDate,
  planned: ReadonlyMap<string, number>,
  previousBench: readonly string[] | undefined,
): SittingSlotInfo | null {
  const free = input.sittings
    .filter(
      s =>
        s.date >= earliest &&
        s.date <= input.endsOn &&
        isWorkingDay(s.date, input.holidays) &&
        s.booked + (planned.get(s.id) ?? 0) < s.capacity,
    )
    .sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime) || a.id.localeCompare(b.id))
  const weekAfterEarliest = addDays(earliest, 7)
  const sameBench = free.find(s => s.date <= weekAfterEarliest && hasContinuity(previousBench, s.benchUserIds) === true)
  return sameBench ?? free[0] ?? null
}

describe('planReviews properties', () => {
  it('when any requirement is planned, then targets follow the order’s cadence, strictly increase, and are numbered in order', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        const reviews = planReviews(input)
        const targets = cadenceTargets(input)

        expect(reviews.map(r => r.targetDate)).toEqual(targets.slice(0, reviews.length))
        reviews.forEach((review, index) => {
          expect(review.sequence).toBe(input.firstSequence + index)
          expect(review.mode).toBe(input.mode)
          if (index > 0) expect(review.targetDate > reviews[index - 1].targetDate).toBe(true)
        })
      }),
      RUNS,
    )
  })

  it('when hearings are planned, then there is one review for every cadence target on or before the end, listed or not', () => {
    fc.assert(
      fc.property(
        planInputArb.filter(input => input.mode === 'hearing'),
        input => {
          expect(planReviews(input)).toHaveLength(cadenceTargets(input).length)
        },
      ),
      RUNS,
    )
  })

  it('when any requirement is planned, then each listed review is at least the interval (so at least one calendar month) after the previous listed review, and on or after its target', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        let previousListed = input.from
        for (const review of planReviews(input)) {
          if (review.status !== 'scheduled') continue
          expect(review.date >= addCalendarMonths(previousListed, input.intervalMonths)).toBe(true)
          expect(review.date >= addCalendarMonths(previousListed, 1)).toBe(true)
          expect(review.date >= review.targetDate).toBe(true)
          previousListed = review.date
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

  it('when any requirement is planned, then nothing falls after its end, listed or unlisted', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        for (const review of planReviews(input)) {
          expect(review.targetDate <= input.endsOn).toBe(true)
          expect(review.date <= input.endsOn).toBe(true)
        }
      }),
      RUNS,
    )
  })

  it('when a review is listed it is in a known sitting on that sitting’s date; when unlisted it has no sitting and sits on its target', () => {
    fc.assert(
      fc.property(planInputArb, input => {
        for (const review of planReviews(input)) {
          if (review.sittingId === null) {
            if (review.status === 'unlisted') {
              expect(review).toMatchObject({ mode: 'hearing', date: review.targetDate, continuity: null })
            } else {
              expect(review.mode).toBe('paper')
            }
            continue
          }
          const sitting = sittingOf(input, review)
          expect(review.status).toBe('scheduled')
          expect(review.date).toBe(sitting.date)
        }
      }),
      RUNS,
    )
  })

  it('when hearings are planned, then each takes the same-bench sitting within a week of its earliest date if there is one, else the earliest free sitting', () => {
    fc.assert(
      fc.property(
        planInputArb.filter(input => input.mode === 'hearing'),
        input => {
          const reviews = planReviews(input)
          const planned = new Map<string, number>()
          let previousListed = input.from
          let previousBench = input.previousBench

          cadenceTargets(input).forEach((target, index) => {
            const review = reviews[index]
            const earliest = maxDate(target, addCalendarMonths(previousListed, input.intervalMonths))
            const expected = expectedChoice(input, earliest, planned, previousBench)
            expect(review.targetDate).toBe(target)
            expect(review.sittingId).toBe(expected?.id ?? null)
            expect(review.status).toBe(expected ? 'scheduled' : 'unlisted')
            expect(review.date).toBe(expected?.date ?? target)
            expect(review.continuity).toBe(expected ? hasContinuity(previousBench, expected.benchUserIds) : null)
            // A single review chosen alone agrees: earlier reviews of the plan are in earlier sittings.
            const alone = chooseSitting(earliest, input.endsOn, input.sittings, previousBench, input.holidays)
            expect(alone?.id ?? null).toBe(review.sittingId)
            if (!expected) return
            // Only a listed review moves the date and bench the next one is measured from.
            planned.set(expected.id, (planned.get(expected.id) ?? 0) + 1)
            previousListed = expected.date
            previousBench = expected.benchUserIds
          })
        },
      ),
      RUNS,
    )
  })

  it('when reviews are on the papers, then each is on the first working day on or after the later of its target and a full interval after the one before, stopping at the first past the end', () => {
    fc.assert(
      fc.property(
        planInputArb.filter(input => input.mode === 'paper'),
        input => {
          const reviews = planReviews(input)
          const targets = cadenceTargets(input)
          let previous = input.from

          for (const [index, target] of targets.entries()) {
            const date = nextWorkingDayOnOrAfter(
              maxDate(target, addCalendarMonths(previous, input.intervalMonths)),
              input.holidays,
            )
            if (date > input.endsOn) {
              expect(reviews).toHaveLength(index)
              return
            }
            expect(reviews[index]).toEqual({
              sequence: input.firstSequence + index,
              targetDate: target,
              mode: 'paper',
              sittingId: null,
              date,
              status: 'scheduled',
              continuity: null,
              searchedTo: null,
            })
            previous = date
          }
          expect(reviews).toHaveLength(targets.length)
        },
      ),
      { numRuns: 100 },
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

// bookingService.plan reads only the sittings in the week after each target (lookAheadRanges), then
// the rest of the fortnight, then the whole calendar, going on while plannedWithin says the plan
// depended on sittings not read. A clerk must get the plan the whole calendar gives either way.
describe('planning from part of the calendar', () => {
  type Ranges = Array<[IsoDate, IsoDate]>
  const within = (ranges: ReadonlyArray<readonly [IsoDate, IsoDate]>, date: IsoDate) =>
    ranges.some(([a, b]) => a <= date && date <= b)
  const partOf = (input: PlanInput, ranges: Ranges) => input.sittings.filter(s => within(ranges, s.date))

  /** Random ranges over the plan's dates, in order, apart and not overlapping, as a plan might read. */
  const withRandomRanges = planInputArb.chain(input =>
    fc
      .uniqueArray(fc.integer({ min: 0, max: daysBetween(input.from, input.endsOn) + 30 }), {
        minLength: 2,
        maxLength: 24,
      })
      .map(days => {
        const edges = [...days].sort((a, b) => a - b).map(d => addDays(input.from, d))
        const ranges: Ranges = []
        for (let i = 0; i + 1 < edges.length; i += 2) ranges.push([edges[i], edges[i + 1]])
        return { input, ranges: ranges.filter(([a, b], i) => i === 0 || (addDays(ranges[i - 1][1], 1) < a && a <= b)) }
      }),
  )

  it('when a plan made from any part of the calendar is judged complete, then it is the plan the whole calendar gives', () => {
    let judgedComplete = 0
    let judgedIncomplete = 0
    fc.assert(
      fc.property(withRandomRanges, ({ input, ranges }) => {
        const part = planReviews({ ...input, sittings: partOf(input, ranges) })
        if (!plannedWithin(part, ranges, input.from, input.intervalMonths, input.endsOn)) {
          judgedIncomplete += 1
          return
        }
        judgedComplete += 1
        expect(part).toEqual(planReviews(input))
      }),
      { numRuns: 600 },
    )
    // Both answers are exercised, or the property above says little.
    expect(judgedComplete).toBeGreaterThan(20)
    expect(judgedIncomplete).toBeGreaterThan(20)
  })

  it('when a plan is made as booking makes it (a week, a fortnight, then the rest), then it is the plan the whole calendar gives', () => {
    const judged = new Map<number | 'all', number>()
    fc.assert(
      fc.property(
        planInputArb.filter(input => input.mode === 'hearing'),
        input => {
          let read: Ranges = []
          let sittings: SittingSlotInfo[] = []
          let plan = planReviews({ ...input, sittings })
          let width: number | 'all' = 'all'
          const widths: Array<[number | 'all', Ranges]> = [
            ...LOOK_AHEAD_DAYS.map(
              days => [days, lookAheadRanges(input.from, input.intervalMonths, input.endsOn, days)] as [number, Ranges],
            ),
            ['all', [[addCalendarMonths(input.from, input.intervalMonths), input.endsOn]]],
          ]
          for (const [w, ranges] of widths) {
            // Each wider read adds only dates not read before.
            const more = rangesNotRead(ranges, read)
            for (const s of partOf(input, more)) expect(within(read, s.date)).toBe(false)
            sittings = sittings.concat(partOf(input, more))
            read = ranges
            plan = planReviews({ ...input, sittings })
            width = w
            if (plannedWithin(plan, ranges, input.from, input.intervalMonths, input.endsOn)) break
          }
          judged.set(width, (judged.get(width) ?? 0) + 1)
          expect(plan).toEqual(planReviews(input))
        },
      ),
      { numRuns: 400 },
    )
    // Plans settled at each width: the first read is often enough, and not always.
    expect(judged.get(LOOK_AHEAD_DAYS[0]) ?? 0).toBeGreaterThan(20)
    expect((judged.get(LOOK_AHEAD_DAYS[1]) ?? 0) + (judged.get('all') ?? 0)).toBeGreaterThan(20)
  })

  it('when the look-ahead ranges are worked out, then each target starts one, they are in order, apart, and none goes past the end', () => {
    fc.assert(
      fc.property(planInputArb, fc.constantFrom(...LOOK_AHEAD_DAYS), (input, days) => {
        const ranges = lookAheadRanges(input.from, input.intervalMonths, input.endsOn, days)
        for (const target of cadenceTargets(input)) {
          expect(within(ranges, target)).toBe(true)
          expect(within(ranges, minDate(addDays(target, days), input.endsOn))).toBe(true)
        }
        for (const [i, [a, b]] of ranges.entries()) {
          expect(a <= b && b <= input.endsOn).toBe(true)
          if (i > 0) expect(addDays(ranges[i - 1][1], 1) < a).toBe(true)
        }
      }),
      RUNS,
    )
  })

  it('when the dates still to read are worked out, then they are exactly the dates of the wider ranges not read before, in order and apart', () => {
    const rangesArb = fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 16 }).map(days => {
      const edges = [...days].sort((a, b) => a - b).map(d => addDays(FIRST_DAY, d))
      const ranges: Ranges = []
      for (let i = 0; i + 1 < edges.length; i += 2) ranges.push([edges[i], edges[i + 1]])
      return ranges
    })
    fc.assert(
      fc.property(rangesArb, rangesArb, (wider, read) => {
        const more = rangesNotRead(wider, read)
        for (let d = 0; d <= 121; d += 1) {
          const date = addDays(FIRST_DAY, d)
          expect(within(more, date)).toBe(within(wider, date) && !within(read, date))
        }
        for (const [i, [a, b]] of more.entries()) {
          expect(a <= b).toBe(true)
          if (i > 0) expect(more[i - 1][1] < a).toBe(true)
        }
      }),
      RUNS,
    )
  })

  const sitting = (id: string, date: IsoDate, benchUserIds: string[], capacity = 4): SittingSlotInfo => ({
    id,
    date,
    startTime: '10:00',
    slotMinutes: 15,
    capacity,
    booked: 0,
    benchUserIds,
  })

  it('when a review takes a same-bench sitting a few days after a week that started late, then reading that week was enough', () => {
    // Monthly from 1 March: the first review is listed on Thursday 1 April; the second may not be
    // listed before 1 May, a Saturday, and takes Monday 3 May, which has the same bench. A wider
    // window past 3 May could not change that choice, so the week after each target is enough.
    const sittings = [
      sitting('s1', '2027-04-01', ['jp-1', 'jp-2']),
      sitting('s2', '2027-05-03', ['jp-2', 'jp-3']),
      sitting('s3', '2027-05-12', ['jp-1', 'jp-2']),
    ]
    const input = {
      intervalMonths: 1,
      mode: 'hearing' as const,
      from: '2027-03-01',
      endsOn: '2027-05-31',
      firstSequence: 1,
      previousBench: ['jp-9'],
      sittings,
      holidays: new Set<string>(),
    }
    const ranges = lookAheadRanges(input.from, 1, input.endsOn, LOOK_AHEAD_DAYS[0])
    expect(ranges).toEqual([
      ['2027-04-01', '2027-04-08'],
      ['2027-05-01', '2027-05-08'],
    ])
    const part = planReviews({ ...input, sittings: partOf(input, ranges) })
    expect(part.map(p => [p.sittingId, p.continuity, p.searchedTo])).toEqual([
      // No sitting in the week after 1 April shares a bench with jp-9: the whole week was looked at.
      ['s1', false, '2027-04-08'],
      ['s2', true, '2027-05-03'],
    ])
    expect(plannedWithin(part, ranges, input.from, 1, input.endsOn)).toBe(true)
    expect(part).toEqual(planReviews(input))
  })

  it('when reviews are pushed past the look-ahead by full sittings, then the plan is judged incomplete', () => {
    // Monthly from 1 March; the only sittings with room are three weeks after each target.
    const sittings = ['2027-04-22', '2027-05-24', '2027-06-24'].map((date, i) => sitting(`s${i}`, date, ['jp-1']))
    const input = {
      intervalMonths: 1,
      mode: 'hearing' as const,
      from: '2027-03-01',
      endsOn: '2027-06-30',
      firstSequence: 1,
      sittings,
      holidays: new Set<string>(),
    }
    for (const days of LOOK_AHEAD_DAYS) {
      const ranges = lookAheadRanges(input.from, 1, input.endsOn, days)
      const part = planReviews({ ...input, sittings: partOf(input, ranges) })
      expect(part.every(p => p.status === 'unlisted' && p.searchedTo === null)).toBe(true)
      expect(plannedWithin(part, ranges, input.from, 1, input.endsOn)).toBe(false)
    }
    expect(planReviews(input).map(p => p.sittingId)).toEqual(['s0', 's1', 's2'])
  })
})
