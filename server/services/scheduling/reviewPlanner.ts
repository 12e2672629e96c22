import {
  addCalendarMonths,
  addDays,
  compareDates,
  isIsoDate,
  isWorkingDay,
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
  /** The earliest lawful date: the previous review's date (or `from`) plus the interval. */
  targetDate: IsoDate
  mode: ReviewMode
  sittingId: string | null
  /** The sitting's date when listed; the target when unlisted; the paper review's decision date. */
  date: IsoDate
  status: 'scheduled' | 'unlisted'
  /** Whether the bench shares a member with the previous review's; null when either is unknown. */
  continuity: boolean | null
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

/**
 * Index of the sitting to use for a review due on or after `target`, or -1. Among free sittings
 * within CONTINUITY_WINDOW_DAYS of the target, the earliest sharing a bench member with the
 * previous review; otherwise the earliest free sitting on or after the target (DESIGN.md rule 3).
 */
function pick(calendar: Calendar, target: IsoDate, previousBench: readonly string[] | undefined): number {
  const { sittings, booked } = calendar
  const windowEnd = addDays(target, CONTINUITY_WINDOW_DAYS)
  let earliest = -1
  for (let i = firstOnOrAfter(sittings, target); i < sittings.length; i += 1) {
    const sitting = sittings[i]
    // Capacity is a hard limit (DESIGN.md rule 4): bookings already made plus this plan's own.
    if (booked[i] >= sitting.capacity) continue
    if (sitting.date > windowEnd) return earliest >= 0 ? earliest : i
    if (earliest < 0) earliest = i
    if (!previousBench?.length || hasContinuity(previousBench, sitting.benchUserIds)) return i
  }
  return earliest
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
  const index = pick(calendar, target, previousBench ?? undefined)
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
 * Each review's target is the previous review's actual date (or `from`) plus the interval in
 * calendar months, so no two reviews are ever less than the interval apart; the last review
 * falls on or before `endsOn`.
 *
 * - hearing: the sitting chosen by the continuity rule, counted against its capacity as the plan
 *   goes; with no free sitting by `endsOn` the review is `unlisted` on its target date for a clerk
 *   to list by hand (and so is every later one, as no sitting after it is free either).
 * - paper: decided on the papers on the first working day on or after the target. If that would be
 *   after `endsOn` the review is not planned: moving it earlier would break the one-month minimum.
 */
export function planReviews(input: PlanInput): PlannedReview[] {
  assertPlanInput(input)
  const { intervalMonths, mode, endsOn, holidays } = input
  const calendar = mode === 'hearing' ? calendarOf(input.sittings, input.from, endsOn, holidays) : null
  const reviews: PlannedReview[] = []
  let previousBench: readonly string[] | undefined = input.previousBench
  let target = addCalendarMonths(input.from, intervalMonths)

  for (let sequence = input.firstSequence; target <= endsOn; sequence += 1) {
    let review: PlannedReview
    if (calendar) {
      const index = pick(calendar, target, previousBench)
      const sitting = index < 0 ? null : calendar.sittings[index]
      // Two reviews of one plan are a month apart so cannot share a sitting today; counting keeps
      // the capacity rule true without relying on that.
      if (sitting) calendar.booked[index] += 1
      review = {
        sequence,
        targetDate: target,
        mode,
        sittingId: sitting?.id ?? null,
        date: sitting?.date ?? target,
        status: sitting ? 'scheduled' : 'unlisted',
        continuity: sitting ? hasContinuity(previousBench, sitting.benchUserIds) : null,
      }
      // Continuity is measured against the review immediately before; an unlisted one has no bench yet.
      previousBench = sitting?.benchUserIds
    } else {
      const date = nextWorkingDayOnOrAfter(target, holidays)
      if (date > endsOn) break
      review = { sequence, targetDate: target, mode, sittingId: null, date, status: 'scheduled', continuity: null }
    }
    reviews.push(review)
    target = addCalendarMonths(review.date, intervalMonths)
  }
  return reviews
}

/**
 * The date a progress report is due: `workingDays` (a court setting, default 2) working days before
 * the hearing, skipping weekends and bank holidays.
 * Sentencing Act 2020 Sch 9 para 21(2)(d): a written progress report to the court before each review.
 */
export function reportDueDate(hearingDate: IsoDate, workingDays: number, holidays: Holidays): IsoDate {
  return workingDaysBefore(hearingDate, workingDays, holidays)
}
