import {
  addCalendarMonths,
  addDays,
  compareDates,
  isIsoDate,
  isWorkingDay,
  maxDate,
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
  /** The order date, or the date of the last held or fixed review when re-planning. */
  from: IsoDate
  /** The requirement's end date: no review is planned after it. */
  endsOn: IsoDate
  /** Sequence number of the first review planned (1 for a new requirement). */
  firstSequence: number
  /** Bench of the previous review, for continuity. */
  previousBench?: readonly string[]
  /** The requirement court's open review sittings, in any order, with booked counts. */
  sittings: readonly SittingSlotInfo[]
  holidays: Holidays
}

export interface PlannedReview {
  sequence: number
  /** The order's cadence date for this review: `from` plus k × the interval, for the k-th review planned. */
  targetDate: IsoDate
  mode: ReviewMode
  sittingId: string | null
  /** The sitting's date when listed; the target when unlisted; the paper review's decision date. */
  date: IsoDate
  status: 'scheduled' | 'unlisted'
  /** Whether the bench shares a member with the previous review's; null when either is unknown. */
  continuity: boolean | null
  /**
   * The last date of the calendar a hearing review's choice depended on: the sittings from its
   * earliest date to this one decided it, and no sitting after it could have changed it. Null when
   * the choice depended on the calendar to the requirement's end (no free sitting, so unlisted), and
   * for a review decided on the papers. `plannedWithin` uses it.
   */
  searchedTo: IsoDate | null
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
 * The sitting to use for a review that may be listed on or after `target`. Among free sittings
 * within CONTINUITY_WINDOW_DAYS of `target`, the earliest sharing a bench member with the previous
 * review; otherwise the earliest free sitting on or after `target` (DESIGN.md rule 3). Also says how
 * far through the calendar the choice looked.
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

/**
 * Plans every review from `from` to the end of the requirement.
 *
 * The number of reviews comes from the order's cadence, so reviews never quietly stop happening:
 * the k-th review's target is `from` plus k × the interval in calendar months (computed from
 * `from`, not chained, so 31 Jan, 28/29 Feb, 31 Mar), for every target on or before `endsOn`.
 * No review is ever placed less than the interval (so never less than the statutory one month)
 * after the review before it.
 *
 * - hearing: one review per target. The earliest date it may be listed is the later of its target
 *   and the last listed review's date (or `from`) plus the interval; it goes in the sitting the
 *   continuity rule chooses from that date (the 7-day window runs from it), on a working day, on or
 *   before `endsOn`, counted against capacity as the plan goes. With no such sitting the review is
 *   `unlisted` on its target date, so a clerk sees it on "needs listing" rather than losing it; an
 *   unlisted review moves neither the date the next one is measured from nor the bench it is
 *   compared with (both stay the last listed review's).
 * - paper: decided on the papers on the first working day on or after the later of its target and
 *   the previous paper review's date (or `from`) plus the interval. If that would be after `endsOn`
 *   the review is not planned and planning stops: moving it earlier would break the minimum gap.
 */
export function planReviews(input: PlanInput): PlannedReview[] {
  assertPlanInput(input)
  const { intervalMonths, mode, from, endsOn, holidays } = input
  const calendar = mode === 'hearing' ? calendarOf(input.sittings, from, endsOn, holidays) : null
  const reviews: PlannedReview[] = []
  // The last review actually placed (listed in a sitting, or decided on the papers), or `from`.
  let previousDate = from
  let previousBench: readonly string[] | undefined = input.previousBench

  for (let k = 1; ; k += 1) {
    const target = addCalendarMonths(from, k * intervalMonths)
    if (target > endsOn) break
    const sequence = input.firstSequence + k - 1
    const earliest = maxDate(target, addCalendarMonths(previousDate, intervalMonths))
    if (calendar) {
      const { index, searchedTo } =
        earliest > endsOn ? { index: -1, searchedTo: null } : pick(calendar, earliest, previousBench)
      if (index < 0) {
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
    } else {
      const date = nextWorkingDayOnOrAfter(earliest, holidays)
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
    }
  }
  return reviews
}

/**
 * How far past each review's target date a plan's calendar is read, in turn (see `lookAheadRanges`):
 * a week settles nearly every review at a court that sits most days (each review's choice usually
 * rests on the first few sittings after its earliest date, which drifts a few days past its target
 * as the reviews before it land on later days); a fortnight covers more of a court that sits weekly;
 * after that, the calendar to the requirement's end is read.
 */
export const LOOK_AHEAD_DAYS = [7, 14] as const

/**
 * The date ranges of a court's calendar a plan from `from` is made from: each review's target date
 * and the `days` after it (overlapping ranges merged), up to `endsOn`. Whether that was enough is
 * `plannedWithin`'s question.
 */
export function lookAheadRanges(
  from: IsoDate,
  intervalMonths: number,
  endsOn: IsoDate,
  days: number,
): Array<[IsoDate, IsoDate]> {
  const ranges: Array<[IsoDate, IsoDate]> = []
  for (let k = 1; ; k += 1) {
    const target = addCalendarMonths(from, k * intervalMonths)
    if (target > endsOn) break
    const end = minDate(addDays(target, days), endsOn)
    const last = ranges[ranges.length - 1]
    if (last && target <= addDays(last[1], 1)) last[1] = maxDate(last[1], end)
    else ranges.push([target, end])
  }
  return ranges
}

/**
 * The dates of `ranges` not already in `read`: what a wider look-ahead still has to read. Both are
 * lists of inclusive date ranges in order, none overlapping (as `lookAheadRanges` gives).
 */
export function rangesNotRead(
  ranges: ReadonlyArray<readonly [IsoDate, IsoDate]>,
  read: ReadonlyArray<readonly [IsoDate, IsoDate]>,
): Array<[IsoDate, IsoDate]> {
  const out: Array<[IsoDate, IsoDate]> = []
  for (const [start, end] of ranges) {
    let cursor = start
    for (const [a, b] of read) {
      if (b < cursor || a > end) continue
      if (a > cursor) out.push([cursor, addDays(a, -1)])
      cursor = maxDate(cursor, addDays(b, 1))
      if (cursor > end) break
    }
    if (cursor <= end) out.push([cursor, end])
  }
  return out
}

/**
 * Whether every sitting a hearing plan's choices depended on lies within `ranges`: if so, the plan
 * made from the sittings in those ranges is the plan the whole calendar gives. Each review's choice
 * depended on the calendar from its earliest date to its `searchedTo` (to `endsOn` when null).
 * Reviews decided on the papers use no sittings.
 */
export function plannedWithin(
  planned: readonly PlannedReview[],
  ranges: ReadonlyArray<readonly [IsoDate, IsoDate]>,
  from: IsoDate,
  intervalMonths: number,
  endsOn: IsoDate,
): boolean {
  const covered = (a: IsoDate, b: IsoDate) => ranges.some(([start, end]) => start <= a && b <= end)
  let previousDate = from
  for (const p of planned) {
    if (p.mode !== 'hearing') continue
    const earliest = maxDate(p.targetDate, addCalendarMonths(previousDate, intervalMonths))
    if (earliest > endsOn) continue
    if (!covered(earliest, minDate(p.searchedTo ?? endsOn, endsOn))) return false
    if (p.sittingId) previousDate = p.date
  }
  return true
}

/**
 * The date a progress report is due: `workingDays` (a court setting, default 2) working days before
 * the hearing, skipping weekends and bank holidays.
 * Sentencing Act 2020 Sch 9 para 21(2)(d): a written progress report to the court before each review.
 */
export function reportDueDate(hearingDate: IsoDate, workingDays: number, holidays: Holidays): IsoDate {
  return workingDaysBefore(hearingDate, workingDays, holidays)
}
