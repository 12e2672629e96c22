import fc from 'fast-check'
import { hasContinuity } from '../../../../server/services/scheduling/continuity'
import {
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
  nextWorkingDayOnOrAfter,
  weekdayOf,
  type IsoDate,
} from '../../../../server/utils/dates'

// Random plan inputs (fast-check arbitraries) and the scheduling rules written the slow, obvious way,
// shared by the reviewPlanner property tests.

export const RUNS = { numRuns: 150 }
export const FIRST_DAY = '2025-01-01'
export const MADE_ON_SPAN = daysBetween(FIRST_DAY, '2028-12-31')
// Small enough that benches often share a member, so continuity often decides.
const BENCH_POOL = ['jp-1', 'jp-2', 'jp-3', 'jp-4', 'dj-1']
/** Sittings are set up from this many days before the order, and (when the calendar reaches the end) after its end. */
export const MARGIN_DAYS = 40
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
export function inputArb(options: CourtOptions = {}): fc.Arbitrary<PlanInput> {
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

export const anyInput = inputArb()
export const hearingInput = inputArb({ mode: 'hearing' })

function latestOf(sittings: readonly SittingSlotInfo[]): IsoDate | null {
  return sittings.reduce<IsoDate | null>((latest, s) => (latest === null || s.date > latest ? s.date : latest), null)
}

/** The last date the court has sittings set up for, as the planner reads `horizon`. */
export const horizonOf = (input: PlanInput) => (input.horizon === undefined ? latestOf(input.sittings) : input.horizon)

export const calendarStopsShort = (input: PlanInput) => {
  const horizon = horizonOf(input)
  return horizon === null || horizon < input.endsOn
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Sittings a review due on `target` could ever use, earliest first: on a working day, from the target to the end. */
export function usableFrom(
  sittings: readonly SittingSlotInfo[],
  target: IsoDate,
  endsOn: IsoDate,
  holidays: ReadonlySet<IsoDate>,
): SittingSlotInfo[] {
  return sittings
    .filter(s => s.date >= target && s.date <= endsOn && isWorkingDay(s.date, holidays))
    .sort((a, b) => compareText(a.date, b.date) || compareText(a.startTime, b.startTime) || compareText(a.id, b.id))
}

export const sittingsFrom = (input: PlanInput, target: IsoDate) =>
  usableFrom(input.sittings, target, input.endsOn, input.holidays)

/** DESIGN.md rule 3, the obvious way: within 7 days of the target the first free sitting with a member of the previous bench, else the first free one. */
export function expectedChoice(
  free: readonly SittingSlotInfo[],
  target: IsoDate,
  previousBench: readonly string[] | undefined,
): SittingSlotInfo | undefined {
  const windowEnd = addDays(target, 7)
  return free.find(s => s.date <= windowEnd && hasContinuity(previousBench, s.benchUserIds) === true) ?? free[0]
}

type Expected = Omit<PlannedReview, 'searchedTo'>

/** The scheduling rules written the slow, obvious way, to check the planner's choices against. */
export function expectedReviews(input: PlanInput): Expected[] {
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

export const withoutSearchedTo = (reviews: readonly PlannedReview[]): Expected[] =>
  reviews.map(({ searchedTo: _searchedTo, ...review }) => review)

export function sittingOf(input: PlanInput, review: PlannedReview): SittingSlotInfo {
  const sitting = input.sittings.find(s => s.id === review.sittingId)
  if (!sitting) throw new Error(`Planned into an unknown sitting ${review.sittingId}`)
  return sitting
}
