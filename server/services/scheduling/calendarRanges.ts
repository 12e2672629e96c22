import { addCalendarMonths, addDays, compareDates, maxDate, minDate, type IsoDate } from '../../utils/dates'
import type { Plan, PlannedReview } from './reviewPlanner'

/**
 * Reading a court's calendar in parts for a plan (see booking/planning.ts): which date ranges to read
 * next, which are still unread, and whether a plan made from what was read is the one the whole
 * calendar gives. Ranges are inclusive [from, to] pairs of dates.
 */

/**
 * Whether a plan made from a calendar read only in `read` (inclusive date ranges in order, none
 * overlapping or touching, as `mergeRanges` gives) is the plan the whole calendar gives: every range
 * its choices depended on lies within what was read.
 */
export function decidedWithin(p: Plan, read: ReadonlyArray<readonly [IsoDate, IsoDate]>): boolean {
  return p.dependsOn.every(([a, b]) => read.some(([start, end]) => start <= a && b <= end))
}

/** Ranges sorted and joined where they overlap or touch. */
export function mergeRanges(ranges: ReadonlyArray<readonly [IsoDate, IsoDate]>): Array<[IsoDate, IsoDate]> {
  const out: Array<[IsoDate, IsoDate]> = []
  for (const [a, b] of [...ranges].filter(([a, b]) => a <= b).sort((x, y) => compareDates(x[0], y[0]))) {
    const last = out[out.length - 1]
    if (last && a <= addDays(last[1], 1)) last[1] = maxDate(last[1], b)
    else out.push([a, b])
  }
  return out
}

/**
 * Where a plan's calendar is read next: round 0, the `days` after each target the order's cadence
 * gives; later rounds, around each target of the plan made so far (a review's target moves only with
 * the reviews before it). Each range is clipped to the requirement's end.
 */
export function lookAheadRanges(
  from: IsoDate,
  intervalMonths: number,
  endsOn: IsoDate,
  days: number,
  planned: readonly PlannedReview[] = [],
): Array<[IsoDate, IsoDate]> {
  const targets: IsoDate[] = planned.map(p => p.targetDate)
  for (let k = 1; planned.length === 0; k += 1) {
    const target = addCalendarMonths(from, k * intervalMonths)
    if (target > endsOn) break
    targets.push(target)
  }
  if (planned.length) targets.push(addCalendarMonths(planned[planned.length - 1].date, intervalMonths))
  return mergeRanges(
    targets.filter(t => t <= endsOn).map(t => [planned.length ? addDays(t, -7) : t, minDate(addDays(t, days), endsOn)]),
  )
}

/**
 * The dates of `ranges` not already in `read`: what a wider look-ahead still has to read. Both are
 * lists of inclusive date ranges in order, none overlapping.
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

/** How far past each target a plan's calendar is read, round by round, before reading it to the end. */
export const LOOK_AHEAD_DAYS = [14, 35] as const
