import fc from 'fast-check'
import {
  decidedWithin,
  lookAheadRanges,
  LOOK_AHEAD_DAYS,
  mergeRanges,
  plan,
  planReviews,
  rangesNotRead,
  type Plan,
  type PlanInput,
  type SittingSlotInfo,
} from '../../../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, addDays, daysBetween, minDate, type IsoDate } from '../../../../server/utils/dates'
import { anyInput, FIRST_DAY, hearingInput, horizonOf, MARGIN_DAYS, RUNS } from './reviewPlannerArbitraries'

// booking/planning.ts `decide()` reads the calendar in parts: the fortnight after each target the order's
// cadence gives, then around each target of the plan so far, then from the first target to the end,
// stopping as soon as `decidedWithin` says the plan rested only on what was read. A clerk must get the
// plan the whole calendar gives either way.
describe('planning from part of the calendar', () => {
  type Ranges = Array<[IsoDate, IsoDate]>
  const within = (ranges: ReadonlyArray<readonly [IsoDate, IsoDate]>, date: IsoDate) =>
    ranges.some(([a, b]) => a <= date && date <= b)
  const partOf = (input: PlanInput, ranges: ReadonlyArray<readonly [IsoDate, IsoDate]>) =>
    input.sittings.filter(s => within(ranges, s.date))
  /** The plan made from only the sittings in `ranges`, with the court's horizon as the database gives it. */
  const planFromPart = (input: PlanInput, ranges: ReadonlyArray<readonly [IsoDate, IsoDate]>): Plan =>
    plan({ ...input, sittings: partOf(input, ranges), horizon: horizonOf(input) })

  /** Random ranges from `start` over `span` days: in order, apart, none empty. */
  const rangesArb = (start: IsoDate, span: number, maxLength = 24): fc.Arbitrary<Ranges> =>
    fc.uniqueArray(fc.integer({ min: 0, max: span }), { maxLength }).map(days => {
      const edges = [...days].sort((a, b) => a - b).map(d => addDays(start, d))
      const ranges: Ranges = []
      for (let i = 0; i + 1 < edges.length; i += 2) ranges.push([edges[i], edges[i + 1]])
      return mergeRanges(ranges)
    })

  const withRandomRanges = (maxLength: number) =>
    hearingInput.chain(input =>
      fc.tuple(fc.constant(input), rangesArb(input.from, daysBetween(input.from, input.endsOn) + 30, maxLength)),
    )

  it('when a plan made from any part of the calendar is judged decided, then it is the plan the whole calendar gives', () => {
    let decided = 0
    let undecided = 0
    fc.assert(
      fc.property(withRandomRanges(24), ([input, ranges]) => {
        const part = planFromPart(input, ranges)
        if (!decidedWithin(part, ranges)) {
          undecided += 1
          return
        }
        decided += 1
        expect(part).toEqual(plan(input))
      }),
      { numRuns: 400 },
    )
    // Both answers are exercised, or the property above says little.
    expect(decided).toBeGreaterThan(20)
    expect(undecided).toBeGreaterThan(20)
  })

  it('when the part of the calendar read holds every range the whole calendar’s plan depended on, then it gives that plan and judges it decided', () => {
    fc.assert(
      fc.property(withRandomRanges(6), ([input, extra]) => {
        const whole = plan(input)
        const read = mergeRanges([...whole.dependsOn, ...extra])
        const part = planFromPart(input, read)
        expect(part).toEqual(whole)
        expect(decidedWithin(part, read)).toBe(true)
      }),
      { numRuns: 400 },
    )
  })

  it('when the calendar is read but for one day with a sitting and the plan is judged decided, then it is the plan the whole calendar gives', () => {
    let decided = 0
    const withOneDayUnread = hearingInput
      .filter(input => input.sittings.length > 0)
      .chain(input => {
        // The days of the sittings the whole plan uses, and the end date, are the ones most worth hiding.
        const used = [input.endsOn, ...planReviews(input).flatMap(r => (r.sittingId ? [r.date] : []))]
        const days = fc.constantFrom(...input.sittings.map(s => s.date))
        return fc.tuple(fc.constant(input), fc.oneof(days, fc.constantFrom(...used)), fc.boolean())
      })
      // Sometimes the requirement ends on the hidden day, so the last review's choice turns on it.
      .map(([input, day, endsThere]): [PlanInput, IsoDate] => [
        endsThere && day > input.from ? { ...input, endsOn: day } : input,
        day,
      ])
    fc.assert(
      fc.property(withOneDayUnread, ([input, day]) => {
        const read = mergeRanges([
          [addDays(input.from, -MARGIN_DAYS), addDays(day, -1)],
          [addDays(day, 1), addDays(input.endsOn, MARGIN_DAYS)],
        ])
        const part = planFromPart(input, read)
        if (!decidedWithin(part, read)) return
        decided += 1
        expect(part).toEqual(plan(input))
      }),
      { numRuns: 400 },
    )
    expect(decided).toBeGreaterThan(20)
  })

  it('when a plan is made as booking makes it (look-ahead rounds, then the rest of the calendar), then each round reads only dates not read before and it ends with the plan the whole calendar gives', () => {
    const settledIn = new Map<number, number>()
    fc.assert(
      fc.property(hearingInput, input => {
        const horizon = horizonOf(input)
        const first = addCalendarMonths(input.from, input.intervalMonths)
        let read: Ranges = []
        let calendar: SittingSlotInfo[] = []
        let planned: Plan = { reviews: [], dependsOn: [] }
        let settled = -1
        const rounds: Array<number | null> = [...LOOK_AHEAD_DAYS, null]
        for (const [round, days] of rounds.entries()) {
          const ranges: Ranges =
            days === null
              ? first <= input.endsOn
                ? [[first, input.endsOn]]
                : []
              : lookAheadRanges(input.from, input.intervalMonths, input.endsOn, days, round ? planned.reviews : [])
          const more = rangesNotRead(ranges, read)
          const fresh = partOf(input, more)
          // No sitting is read twice.
          for (const s of fresh) expect(within(read, s.date)).toBe(false)
          calendar = calendar.concat(fresh)
          read = mergeRanges([...read, ...ranges])
          planned = plan({ ...input, sittings: calendar, horizon })
          settled = round
          if (decidedWithin(planned, read)) break
        }
        settledIn.set(settled, (settledIn.get(settled) ?? 0) + 1)
        expect(planned).toEqual(plan(input))
      }),
      { numRuns: 300 },
    )
    // Plans settled in each round: the first read is often enough, and not always.
    expect(settledIn.get(0) ?? 0).toBeGreaterThan(20)
    expect((settledIn.get(1) ?? 0) + (settledIn.get(2) ?? 0)).toBeGreaterThan(20)
  })

  it('when the first look-ahead is worked out, then it is exactly the days after each target of the order’s cadence, clipped to the end, in ranges in order and apart', () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom(...LOOK_AHEAD_DAYS), (input, days) => {
        const ranges = lookAheadRanges(input.from, input.intervalMonths, input.endsOn, days)
        const windows: Ranges = []
        for (let k = 1; addCalendarMonths(input.from, k * input.intervalMonths) <= input.endsOn; k += 1) {
          const target = addCalendarMonths(input.from, k * input.intervalMonths)
          windows.push([target, minDate(addDays(target, days), input.endsOn)])
        }
        expectExactly(ranges, windows, input.from, input.endsOn)
      }),
      RUNS,
    )
  })

  it('when a later look-ahead is worked out around a plan, then it is exactly a week before to the days after each target, and around the target one interval after the last review, clipped to the end', () => {
    fc.assert(
      fc.property(hearingInput, fc.constantFrom(...LOOK_AHEAD_DAYS), (input, days) => {
        const { reviews } = planFromPart(input, lookAheadRanges(input.from, input.intervalMonths, input.endsOn, 14))
        fc.pre(reviews.length > 0)
        const ranges = lookAheadRanges(input.from, input.intervalMonths, input.endsOn, days, reviews)
        const targets = [
          ...reviews.map(r => r.targetDate),
          addCalendarMonths(reviews[reviews.length - 1].date, input.intervalMonths),
        ].filter(t => t <= input.endsOn)
        const windows = targets.map((t): [IsoDate, IsoDate] => [
          addDays(t, -7),
          minDate(addDays(t, days), input.endsOn),
        ])
        expectExactly(ranges, windows, addDays(input.from, -7), input.endsOn)
      }),
      RUNS,
    )
  })

  /** `ranges` are in order, apart, and hold exactly the dates of `windows` between `start` and `end`. */
  function expectExactly(ranges: Ranges, windows: Ranges, start: IsoDate, end: IsoDate) {
    for (const [i, [a, b]] of ranges.entries()) {
      expect(a <= b && b <= end).toBe(true)
      if (i > 0) expect(addDays(ranges[i - 1][1], 1) < a).toBe(true)
    }
    for (let date = start; date <= end; date = addDays(date, 1)) {
      if (within(ranges, date) !== within(windows, date))
        throw new Error(`${date}: in ranges ${within(ranges, date)}, in windows ${within(windows, date)}`)
    }
  }

  /** The dates of `ranges` from the day before FIRST_DAY to `days` after it. */
  const datesIn = (ranges: ReadonlyArray<readonly [IsoDate, IsoDate]>, days: number) =>
    Array.from({ length: days + 2 }, (_, d) => addDays(FIRST_DAY, d - 1)).filter(date => within(ranges, date))

  /** Any ranges, some back to front (empty), some overlapping or touching, in any order. */
  const looseRangesArb = fc.array(
    fc
      .tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: -3, max: 20 }))
      .map(([start, length]): [IsoDate, IsoDate] => [addDays(FIRST_DAY, start), addDays(FIRST_DAY, start + length)]),
    { maxLength: 12 },
  )

  it('when ranges are merged, then they hold exactly the dates of the ranges given, in order, neither overlapping nor touching, and merging again changes nothing', () => {
    fc.assert(
      fc.property(looseRangesArb, ranges => {
        const before = structuredClone(ranges)
        const merged = mergeRanges(ranges)
        expect(ranges).toEqual(before)
        for (const [i, [a, b]] of merged.entries()) {
          expect(a <= b).toBe(true)
          if (i > 0) expect(addDays(merged[i - 1][1], 1) < a).toBe(true)
        }
        expect(datesIn(merged, 172)).toEqual(datesIn(ranges, 172))
        expect(mergeRanges(merged)).toEqual(merged)
        expect(mergeRanges([...ranges].reverse())).toEqual(merged)
      }),
      { numRuns: 300 },
    )
  })

  it('when the dates still to read are worked out, then they are exactly the dates of the wider ranges not read before, in order and apart', () => {
    const mergedArb = rangesArb(FIRST_DAY, 120, 16)
    fc.assert(
      fc.property(mergedArb, mergedArb, (wider, read) => {
        const more = rangesNotRead(wider, read)
        const alreadyRead = datesIn(read, 122)
        expect(datesIn(more, 122)).toEqual(datesIn(wider, 122).filter(date => !alreadyRead.includes(date)))
        for (const [i, [a, b]] of more.entries()) {
          expect(a <= b).toBe(true)
          if (i > 0) expect(addDays(more[i - 1][1], 1) < a).toBe(true)
        }
        // decidedWithin agrees: a range lies within what was read exactly when none of it is left to read.
        for (const range of wider)
          expect(decidedWithin({ reviews: [], dependsOn: [range] }, read)).toBe(
            rangesNotRead([range], read).length === 0,
          )
      }),
      { numRuns: 300 },
    )
  })
})
