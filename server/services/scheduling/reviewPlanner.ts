import {
  addCalendarMonths,
  addDays,
  compareDates,
  isIsoDate,
  isWorkingDay,
  minDate,
  nextWorkingDayOnOrAfter,
  workingDaysBefore,
  type Holidays,
  type IsoDate,
} from '../../utils/dates'
import { hasContinuity } from './continuity'

/**
 * The review planner: pure functions from a requirement and its court's calendar to review dates.
 * It reads no clock and no database; callers load sittings (with their booked counts) and bank
 * holidays, plan, then book inside a transaction that re-checks capacity (DESIGN.md rule 4).
 */

export type ReviewMode = 'hearing' | 'paper'

export interface SittingSlotInfo {
  id: string
  date: IsoDate
  /** Local (London) start time, `HH:mm`. */
  startTime: string
  slotMinutes: number
  capacity: number
  /** Reviews already booked into the sitting. */
  booked: number
  benchUserIds: string[]
}

export interface PlanInput {
  intervalMonths: number
  mode: ReviewMode
  /** The order date, or the date the review before was listed (or held) on when re-planning. */
  from: IsoDate
  /** The requirement's end date: no review is planned after it. */
  endsOn: IsoDate
  /** Sequence number of the first review planned (1 for a new requirement). */
  firstSequence: number
  /** The bench that sat at the previous review (who sat, else its roster), for continuity. */
  previousBench?: readonly string[]
  /** The requirement court's open review sittings, in any order, with booked counts. */
  sittings: readonly SittingSlotInfo[]
  holidays: Holidays
  /**
   * The last date the court has sittings set up for (its latest open sitting), or null when it has
   * none. Undefined: the latest of `sittings`. See `planReviews` for what it decides.
   */
  horizon?: IsoDate | null
}

export interface PlannedReview {
  sequence: number
  /** The date this review is due on or after: the review before's listed date (or `from`) plus the interval. */
  targetDate: IsoDate
  mode: ReviewMode
  sittingId: string | null
  /** The sitting's date when listed; the target when unlisted; the paper review's decision date. */
  date: IsoDate
  status: 'scheduled' | 'unlisted'
  /** Whether the bench shares a member with the previous review's; null when either is unknown. */
  continuity: boolean | null
  /**
   * The last date of the calendar a hearing review's choice depended on: the sittings from its target
   * to this date decided it. Null when it depended on the calendar to the requirement's end (no free
   * sitting, so unlisted), and for a review decided on the papers.
   */
  searchedTo: IsoDate | null
}

export interface Plan {
  reviews: PlannedReview[]
  /**
   * The date ranges of the calendar the plan's choices depended on, including the one that ended it
   * (a review no sitting up to the end could take). A plan made from a calendar read only in some
   * ranges is the plan the whole calendar gives when these lie within what was read (`decidedWithin`).
   */
  dependsOn: Array<[IsoDate, IsoDate]>
}

/** Practice: within a week of the target, the same bench is worth a later date; beyond it, it is not. */
export const CONTINUITY_WINDOW_DAYS = 7

/** Sittings that could ever take a review, sorted once, with booked counts the plan can add to. */
interface Calendar {
  sittings: readonly SittingSlotInfo[]
  booked: number[]
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// Earliest first; the id breaks ties so the same calendar always gives the same plan.
function compareSittings(a: SittingSlotInfo, b: SittingSlotInfo): number {
  return compareDates(a.date, b.date) || compareText(a.startTime, b.startTime) || compareText(a.id, b.id)
}

// Reviews are not listed on weekends or bank holidays, nor after the requirement ends (DESIGN.md
// scheduling rule 2), so such sittings are dropped once here rather than checked per review.
function calendarOf(
  sittings: readonly SittingSlotInfo[],
  after: IsoDate | null,
  endsOn: IsoDate,
  holidays: Holidays,
): Calendar {
  const usable = sittings
    .filter(
      s =>
        (after === null || s.date > after) && s.date <= endsOn && isIsoDate(s.date) && isWorkingDay(s.date, holidays),
    )
    .sort(compareSittings)
  return { sittings: usable, booked: usable.map(s => s.booked) }
}

function firstOnOrAfter(sittings: readonly SittingSlotInfo[], date: IsoDate): number {
  let low = 0
  let high = sittings.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sittings[middle].date < date) low = middle + 1
    else high = middle
  }
  return low
}

interface Pick {
  /** Index of the sitting chosen, or -1. */
  index: number
  /** See PlannedReview.searchedTo. */
  searchedTo: IsoDate | null
}

/**
 * The sitting to use for a review due on or after `target`. Among free sittings within
 * CONTINUITY_WINDOW_DAYS of `target`, the earliest sharing a bench member with the previous review;
 * otherwise the earliest free sitting on or after `target` (DESIGN.md rule 3). Also says how far
 * through the calendar the choice looked.
 */
function pick(calendar: Calendar, target: IsoDate, previousBench: readonly string[] | undefined): Pick {
  const { sittings, booked } = calendar
  const windowEnd = addDays(target, CONTINUITY_WINDOW_DAYS)
  let earliest = -1
  for (let i = firstOnOrAfter(sittings, target); i < sittings.length; i += 1) {
    const sitting = sittings[i]
    // Capacity is a hard limit (DESIGN.md rule 4): bookings already made plus this plan's own.
    if (booked[i] >= sitting.capacity) continue
    // Past the window, any sitting only ends the search: the window's sittings decided it.
    if (sitting.date > windowEnd)
      return earliest >= 0 ? { index: earliest, searchedTo: windowEnd } : { index: i, searchedTo: sitting.date }
    if (earliest < 0) earliest = i
    // The first free sitting with the same bench (or any, with no bench to follow): nothing after it matters.
    if (!previousBench?.length || hasContinuity(previousBench, sitting.benchUserIds))
      return { index: i, searchedTo: sitting.date }
  }
  return earliest >= 0 ? { index: earliest, searchedTo: windowEnd } : { index: -1, searchedTo: null }
}

/**
 * The sitting a single hearing review due on or after `target` should go in, or null when no
 * sitting up to `endsOn` has a free slot. Sittings on weekends and bank holidays are never used.
 */
export function chooseSitting(
  target: IsoDate,
  endsOn: IsoDate,
  sittings: readonly SittingSlotInfo[],
  previousBench: readonly string[] | null | undefined,
  holidays: Holidays,
): SittingSlotInfo | null {
  const calendar = calendarOf(sittings, null, endsOn, holidays)
  const { index } = pick(calendar, target, previousBench ?? undefined)
  return index < 0 ? null : calendar.sittings[index]
}

function assertPlanInput(input: PlanInput): void {
  // Sentencing Act 2020 Sch 9 para 21(2)(a): reviews at intervals of not less than one month.
  if (!Number.isInteger(input.intervalMonths) || input.intervalMonths < 1) {
    throw new RangeError(`Review interval must be a whole number of months, at least 1: ${input.intervalMonths}`)
  }
  if (!Number.isInteger(input.firstSequence) || input.firstSequence < 1) {
    throw new RangeError(`First sequence number must be 1 or more: ${input.firstSequence}`)
  }
  if (!isIsoDate(input.from) || !isIsoDate(input.endsOn)) {
    throw new RangeError(`Plan dates must be YYYY-MM-DD: from ${input.from}, ends on ${input.endsOn}`)
  }
}

const latestOf = (sittings: readonly SittingSlotInfo[]): IsoDate | null =>
  sittings.reduce<IsoDate | null>((latest, s) => (latest === null || s.date > latest ? s.date : latest), null)

/**
 * Plans every review from `from` to the end of the requirement, each target chained from the review
 * before (DESIGN.md scheduling rule 1): the first is due on or after `from` plus the interval, each
 * next one on or after the previous review's listed date plus the interval, in calendar months
 * (Sentencing Act 2020 Sch 9 para 21(2)(a): intervals of not less than one month), so listings never
 * drift past the next review's target and reviews never quietly stop.
 *
 * - hearing: each review goes in the sitting the continuity rule chooses from its target (the 7-day
 *   window runs from it), on a working day, on or before `endsOn`, counted against capacity as the
 *   plan goes. With no free sitting up to the end, the review is `unlisted` on its target while it
 *   could still be held: the court has not set up sittings to the end yet (`horizon` before `endsOn`),
 *   or the sittings there are full (places may be added). The next review chains from its target.
 *   When the calendar reaches the end and has no sitting at all from the target, the review could
 *   never be held, and it and later ones are not planned.
 * - paper: decided on the papers on the first working day on or after its target; the next chains
 *   from that day. A review whose day would be after `endsOn` is not planned.
 */
export function plan(input: PlanInput): Plan {
  assertPlanInput(input)
  const { intervalMonths, mode, from, endsOn, holidays } = input
  const calendar = mode === 'hearing' ? calendarOf(input.sittings, from, endsOn, holidays) : null
  const horizon = input.horizon === undefined ? latestOf(input.sittings) : input.horizon
  const reviews: PlannedReview[] = []
  const dependsOn: Array<[IsoDate, IsoDate]> = []
  let previousDate = from
  let previousBench: readonly string[] | undefined = input.previousBench

  for (let k = 1; ; k += 1) {
    const target = addCalendarMonths(previousDate, intervalMonths)
    if (target > endsOn) break
    const sequence = input.firstSequence + k - 1
    if (!calendar) {
      const date = nextWorkingDayOnOrAfter(target, holidays)
      if (date > endsOn) break
      reviews.push({
        sequence,
        targetDate: target,
        mode,
        sittingId: null,
        date,
        status: 'scheduled',
        continuity: null,
        searchedTo: null,
      })
      previousDate = date
      continue
    }
    const { index, searchedTo } = pick(calendar, target, previousBench)
    dependsOn.push([target, minDate(searchedTo ?? endsOn, endsOn)])
    if (index < 0) {
      const sittingsLeft = firstOnOrAfter(calendar.sittings, target) < calendar.sittings.length
      const calendarStopsShort = horizon === null || horizon < endsOn
      if (!sittingsLeft && !calendarStopsShort) break
      reviews.push({
        sequence,
        targetDate: target,
        mode,
        sittingId: null,
        date: target,
        status: 'unlisted',
        continuity: null,
        searchedTo,
      })
      previousDate = target
      continue
    }
    const sitting = calendar.sittings[index]
    // Two reviews of one plan are at least a month apart so cannot share a sitting; counting keeps
    // the capacity rule true without relying on that.
    calendar.booked[index] += 1
    reviews.push({
      sequence,
      targetDate: target,
      mode,
      sittingId: sitting.id,
      date: sitting.date,
      status: 'scheduled',
      continuity: hasContinuity(previousBench, sitting.benchUserIds),
      searchedTo,
    })
    previousDate = sitting.date
    previousBench = sitting.benchUserIds
  }
  return { reviews, dependsOn }
}

/** The reviews `plan` gives. */
export function planReviews(input: PlanInput): PlannedReview[] {
  return plan(input).reviews
}

export { decidedWithin, mergeRanges, lookAheadRanges, rangesNotRead, LOOK_AHEAD_DAYS } from './calendarRanges'

/**
 * The date a progress report is due: `workingDays` (a court setting, default 2) working days before
 * the hearing, skipping weekends and bank holidays.
 * Sentencing Act 2020 Sch 9 para 21(2)(d): a written progress report to the court before each review.
 */
export function reportDueDate(hearingDate: IsoDate, workingDays: number, holidays: Holidays): IsoDate {
  return workingDaysBefore(hearingDate, workingDays, holidays)
}
