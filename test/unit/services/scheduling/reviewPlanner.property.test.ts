import fc from 'fast-check'
import { hasContinuity } from '../../../../server/services/scheduling/continuity'
import {
  chooseSitting,
  CONTINUITY_WINDOW_DAYS,
  decidedWithin,
  lookAheadRanges,
  LOOK_AHEAD_DAYS,
  mergeRanges,
  plan,
  planReviews,
  rangesNotRead,
  type Plan,
  type PlanInput,
  type PlannedReview,
  type ReviewMode,
  type SittingSlotInfo,
} from '../../../../server/services/scheduling/reviewPlanner'
import {
  addCalendarMonths,
  addDays,
  daysBetween,
  isWorkingDay,
  minDate,
  nextWorkingDayOnOrAfter,
  weekdayOf,
  type IsoDate,
} from '../../../../server/utils/dates'

const RUNS = { numRuns: 150 }
const FIRST_DAY = '2025-01-01'
const MADE_ON_SPAN = daysBetween(FIRST_DAY, '2028-12-31')
// Small enough that benches often share a member, so continuity often decides.
const BENCH_POOL = ['jp-1', 'jp-2', 'jp-3', 'jp-4', 'dj-1']
/** Sittings are set up from this many days before the order, and (when the calendar reaches the end) after its end. */
const MARGIN_DAYS = 40
const TUESDAY = 2

const benchArb = fc.subarray(BENCH_POOL, { maxLength: 3 })

type Pattern = 'weekly' | 'fortnightly' | 'second Tuesday' | 'every working day' | 'random'
const PATTERNS: readonly Pattern[] = ['weekly', 'fortnightly', 'second Tuesday', 'every working day', 'random']

interface CourtOptions {
  patterns?: readonly Pattern[]
  mode?: ReviewMode
  /** Every sitting has a free place. */
  allFree?: boolean
  /** The court's sittings run past the requirement's end, and the horizon is theirs. */
  reachesEnd?: boolean
  /** Bank holidays never take the court's sitting day two weeks running. */
  noHolidayTwiceRunning?: boolean
}

/** The days (from the order date) a court with this pattern sits, from `first` to `last`. */
function patternDays(pattern: Pattern, from: IsoDate, first: number, last: number, weekday: number, phase: number) {
  const days: number[] = []
  for (let day = first; day <= last; day += 1) {
    const date = addDays(from, day)
    const dow = weekdayOf(date)
    if (pattern === 'every working day' && dow <= 5) days.push(day)
    if (pattern === 'weekly' && dow === weekday) days.push(day)
    if (pattern === 'fortnightly' && dow === weekday && Math.floor((day - first) / 7) % 2 === phase) days.push(day)
    // The second Tuesday of a month falls on the 8th to the 14th.
    const dayOfMonth = Number(date.slice(8))
    if (pattern === 'second Tuesday' && dow === TUESDAY && dayOfMonth >= 8 && dayOfMonth <= 14) days.push(day)
  }
  return days
}

/**
 * A random requirement (made 2025-2028, interval 1-6 months, 1-36 months long) at a court with a sitting
 * pattern, random bank holidays (some on its sitting days), random full sittings, and a calendar that
 * reaches the end or stops short of it.
 */
function inputArb(options: CourtOptions = {}): fc.Arbitrary<PlanInput> {
  return fc
    .record({
      madeOnOffset: fc.integer({ min: 0, max: MADE_ON_SPAN }),
      intervalMonths: fc.integer({ min: 1, max: 6 }),
      months: fc.integer({ min: 1, max: 36 }),
      mode: options.mode
        ? fc.constant(options.mode)
        : fc.oneof(
            { arbitrary: fc.constant<ReviewMode>('hearing'), weight: 4 },
            { arbitrary: fc.constant<ReviewMode>('paper'), weight: 1 },
          ),
      firstSequence: fc.integer({ min: 1, max: 5 }),
      previousBench: fc.option(benchArb, { nil: undefined }),
      pattern: fc.constantFrom(...(options.patterns ?? PATTERNS)),
      weekday: fc.integer({ min: 1, max: 5 }),
      phase: fc.integer({ min: 0, max: 1 }),
      // Where the court's calendar stops, as a share of the requirement; null: past the end.
      stopsAt: options.reachesEnd
        ? fc.constant(null)
        : fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null, freq: 2 }),
      fullChance: options.allFree ? fc.constant(0) : fc.constantFrom(0, 0.1, 0.3, 0.6, 1),
      horizon: options.reachesEnd
        ? fc.constantFrom<'undefined' | 'latest'>('undefined', 'latest')
        : fc.constantFrom<'undefined' | 'latest' | 'later' | 'end'>('undefined', 'undefined', 'latest', 'later', 'end'),
    })
    .chain(court => {
      const from = addDays(FIRST_DAY, court.madeOnOffset)
      const endsOn = addDays(addCalendarMonths(from, court.months), -1)
      const length = daysBetween(from, endsOn)
      const last = court.stopsAt === null ? length + MARGIN_DAYS : Math.floor(court.stopsAt * length)
      const days =
        court.pattern === 'random'
          ? fc
              .array(fc.integer({ min: -MARGIN_DAYS, max: last }), { maxLength: 100 })
              // Some days have two sittings.
              .map(days => days.concat(days.filter((_, i) => i % 3 === 0)))
          : fc.constant(patternDays(court.pattern, from, -MARGIN_DAYS, last, court.weekday, court.phase))
      return days.chain(sittingDays =>
        fc.record({
          court: fc.constant(court),
          from: fc.constant(from),
          endsOn: fc.constant(endsOn),
          sittingDays: fc.constant(sittingDays),
          extras: fc.array(
            fc.record({
              startTime: fc.constantFrom('09:30', '10:00', '14:00'),
              capacity: fc.integer({ min: court.pattern === 'random' && !options.allFree ? 0 : 1, max: 3 }),
              full: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map(x => x < court.fullChance),
              bookedShare: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
              bench: benchArb,
              // Some sittings were set up on a day that turns out to be a bank holiday.
              onBankHoliday: fc.integer({ min: 0, max: 7 }).map(n => n === 0),
            }),
            { minLength: sittingDays.length, maxLength: sittingDays.length },
          ),
          otherHolidays: fc.uniqueArray(fc.integer({ min: -MARGIN_DAYS, max: length + MARGIN_DAYS }), {
            maxLength: Math.ceil(court.months * 0.8),
          }),
          laterBy: fc.integer({ min: 0, max: 120 }),
        }),
      )
    })
    .map(({ court, from, endsOn, sittingDays, extras, otherHolidays, laterBy }): PlanInput => {
      const holidays = new Set(otherHolidays.map(day => addDays(from, day)))
      const sittings = sittingDays.map((day, index): SittingSlotInfo => {
        const { startTime, capacity, full, bookedShare, bench, onBankHoliday } = extras[index]
        const date = addDays(from, day)
        if (onBankHoliday) holidays.add(date)
        return {
          id: `sitting-${String(index).padStart(3, '0')}`,
          date,
          startTime,
          slotMinutes: 20,
          capacity,
          booked: full ? capacity : Math.min(Math.max(capacity - 1, 0), Math.floor(bookedShare * capacity)),
          benchUserIds: bench,
        }
      })
      if (options.noHolidayTwiceRunning) {
        for (const s of sittings) if (holidays.has(s.date) && holidays.has(addDays(s.date, -7))) holidays.delete(s.date)
      }
      const latest = latestOf(sittings)
      const horizon =
        court.horizon === 'undefined'
          ? undefined
          : court.horizon === 'latest'
            ? latest
            : court.horizon === 'end'
              ? endsOn
              : addDays(latest ?? from, laterBy)
      return {
        intervalMonths: court.intervalMonths,
        mode: court.mode,
        from,
        endsOn,
        firstSequence: court.firstSequence,
        previousBench: court.previousBench,
        sittings,
        holidays,
        ...(horizon === undefined ? {} : { horizon }),
      }
    })
}

const anyInput = inputArb()
const hearingInput = inputArb({ mode: 'hearing' })

function latestOf(sittings: readonly SittingSlotInfo[]): IsoDate | null {
  return sittings.reduce<IsoDate | null>((latest, s) => (latest === null || s.date > latest ? s.date : latest), null)
}

/** The last date the court has sittings set up for, as the planner reads `horizon`. */
const horizonOf = (input: PlanInput) => (input.horizon === undefined ? latestOf(input.sittings) : input.horizon)

const calendarStopsShort = (input: PlanInput) => {
  const horizon = horizonOf(input)
  return horizon === null || horizon < input.endsOn
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Sittings a review due on `target` could ever use, earliest first: on a working day, from the target to the end. */
function usableFrom(
  sittings: readonly SittingSlotInfo[],
  target: IsoDate,
  endsOn: IsoDate,
  holidays: ReadonlySet<IsoDate>,
): SittingSlotInfo[] {
  return sittings
    .filter(s => s.date >= target && s.date <= endsOn && isWorkingDay(s.date, holidays))
    .sort((a, b) => compareText(a.date, b.date) || compareText(a.startTime, b.startTime) || compareText(a.id, b.id))
}

const sittingsFrom = (input: PlanInput, target: IsoDate) =>
  usableFrom(input.sittings, target, input.endsOn, input.holidays)

/** DESIGN.md rule 3, the obvious way: within 7 days of the target the first free sitting with a member of the previous bench, else the first free one. */
function expectedChoice(
  free: readonly SittingSlotInfo[],
  target: IsoDate,
  previousBench: readonly string[] | undefined,
): SittingSlotInfo | undefined {
  const windowEnd = addDays(target, 7)
  return free.find(s => s.date <= windowEnd && hasContinuity(previousBench, s.benchUserIds) === true) ?? free[0]
}

type Expected = Omit<PlannedReview, 'searchedTo'>

/** The scheduling rules written the slow, obvious way, to check the planner's choices against. */
function expectedReviews(input: PlanInput): Expected[] {
  const reviews: Expected[] = []
  const taken = new Map<string, number>()
  let previousDate = input.from
  let previousBench = input.previousBench
  for (let sequence = input.firstSequence; ; sequence += 1) {
    const targetDate = addCalendarMonths(previousDate, input.intervalMonths)
    if (targetDate > input.endsOn) return reviews
    const common = { sequence, targetDate, mode: input.mode }
    if (input.mode === 'paper') {
      const date = nextWorkingDayOnOrAfter(targetDate, input.holidays)
      if (date > input.endsOn) return reviews
      reviews.push({ ...common, sittingId: null, date, status: 'scheduled', continuity: null })
      previousDate = date
      continue
    }
    const usable = sittingsFrom(input, targetDate)
    const free = usable.filter(s => s.booked + (taken.get(s.id) ?? 0) < s.capacity)
    const choice = expectedChoice(free, targetDate, previousBench)
    if (!choice) {
      // Could it still be held? Only if sittings may yet be set up, or places freed in full ones.
      if (usable.length === 0 && !calendarStopsShort(input)) return reviews
      reviews.push({ ...common, sittingId: null, date: targetDate, status: 'unlisted', continuity: null })
      previousDate = targetDate
      continue
    }
    taken.set(choice.id, (taken.get(choice.id) ?? 0) + 1)
    reviews.push({
      ...common,
      sittingId: choice.id,
      date: choice.date,
      status: 'scheduled',
      continuity: hasContinuity(previousBench, choice.benchUserIds),
    })
    previousDate = choice.date
    previousBench = choice.benchUserIds
  }
}

const withoutSearchedTo = (reviews: readonly PlannedReview[]): Expected[] =>
  reviews.map(({ searchedTo: _searchedTo, ...review }) => review)

function sittingOf(input: PlanInput, review: PlannedReview): SittingSlotInfo {
  const sitting = input.sittings.find(s => s.id === review.sittingId)
  if (!sitting) throw new Error(`Planned into an unknown sitting ${review.sittingId}`)
  return sitting
}

describe('planReviews properties', () => {
  it('when any requirement is planned, then the first target is the order date plus the interval and each next is the review before’s date (its target when unlisted) plus the interval, numbered in order', () => {
    fc.assert(
      fc.property(anyInput, input => {
        let previous = input.from
        for (const [index, review] of planReviews(input).entries()) {
          expect(review.sequence).toBe(input.firstSequence + index)
          expect(review.mode).toBe(input.mode)
          expect(review.targetDate).toBe(addCalendarMonths(previous, input.intervalMonths))
          if (review.status === 'unlisted') expect(review.date).toBe(review.targetDate)
          previous = review.date
        }
      }),
      RUNS,
    )
  })

  it('when any requirement is planned, then every review is at least the interval (so at least a calendar month) after the one before, on or after its target, and on or before the end', () => {
    fc.assert(
      fc.property(anyInput, input => {
        let previous = input.from
        for (const review of planReviews(input)) {
          expect(review.date >= addCalendarMonths(previous, input.intervalMonths)).toBe(true)
          expect(review.date >= addCalendarMonths(previous, 1)).toBe(true)
          expect(review.date >= review.targetDate).toBe(true)
          expect(review.date <= input.endsOn).toBe(true)
          previous = review.date
        }
      }),
      RUNS,
    )
  })

  it('when a hearing review is listed, then it is in a known sitting on that sitting’s date with a free place, counting the plan’s own bookings', () => {
    fc.assert(
      fc.property(hearingInput, input => {
        const perSitting = new Map<string, number>()
        for (const review of planReviews(input)) {
          if (review.status === 'unlisted') {
            expect(review).toMatchObject({ sittingId: null, continuity: null })
            continue
          }
          const sitting = sittingOf(input, review)
          expect(review.date).toBe(sitting.date)
          const count = (perSitting.get(sitting.id) ?? 0) + 1
          perSitting.set(sitting.id, count)
          expect(sitting.booked + count).toBeLessThanOrEqual(sitting.capacity)
        }
      }),
      RUNS,
    )
  })

  it('when any requirement is planned, then no review is listed or decided on a weekend or a bank holiday', () => {
    fc.assert(
      fc.property(anyInput, input => {
        for (const review of planReviews(input)) {
          if (review.status === 'scheduled')
            expect([review.date, isWorkingDay(review.date, input.holidays)]).toEqual([review.date, true])
        }
      }),
      RUNS,
    )
  })

  it('when a weekly court never loses its sitting day to bank holidays two weeks running and all its sittings have free places, then every review is listed within 14 days of its target', () => {
    fc.assert(
      fc.property(
        inputArb({
          patterns: ['weekly'],
          mode: 'hearing',
          allFree: true,
          reachesEnd: true,
          noHolidayTwiceRunning: true,
        }),
        input => {
          for (const review of planReviews(input)) {
            expect(review.status).toBe('scheduled')
            expect(daysBetween(review.targetDate, review.date)).toBeLessThanOrEqual(14)
          }
        },
      ),
      RUNS,
    )
  })

  it('when a court sits weekly to past the end with places free, then no review is left unlisted, and the plan ends only when the next review could not be held before the end', () => {
    fc.assert(
      fc.property(inputArb({ patterns: ['weekly'], mode: 'hearing', allFree: true, reachesEnd: true }), input => {
        const reviews = planReviews(input)
        expect(reviews.filter(r => r.status === 'unlisted')).toEqual([])
        const next = addCalendarMonths(reviews.at(-1)?.date ?? input.from, input.intervalMonths)
        expect(next > input.endsOn || sittingsFrom(input, next).length === 0).toBe(true)
      }),
      RUNS,
    )
  })

  it('when a hearing review is unlisted, then the court’s calendar stops before the end, or every working-day sitting from its target to the end is full', () => {
    let unlisted = 0
    fc.assert(
      fc.property(hearingInput, input => {
        const reviews = planReviews(input)
        for (const [index, review] of reviews.entries()) {
          if (review.status !== 'unlisted') continue
          unlisted += 1
          if (calendarStopsShort(input)) continue
          const sittings = sittingsFrom(input, review.targetDate)
          expect(sittings.length).toBeGreaterThan(0)
          for (const s of sittings) {
            const ownBookings = reviews.slice(0, index).filter(r => r.sittingId === s.id).length
            expect(s.booked + ownBookings).toBeGreaterThanOrEqual(s.capacity)
          }
        }
      }),
      RUNS,
    )
    expect(unlisted).toBeGreaterThan(0)
  })

  it('when a hearing plan ends, then the next review could not be held: its target is after the end, or the calendar reaches the end with no working-day sitting from it', () => {
    fc.assert(
      fc.property(hearingInput, input => {
        const reviews = planReviews(input)
        const next = addCalendarMonths(reviews.at(-1)?.date ?? input.from, input.intervalMonths)
        if (next > input.endsOn) return
        expect(calendarStopsShort(input)).toBe(false)
        expect(sittingsFrom(input, next)).toEqual([])
      }),
      RUNS,
    )
  })

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
