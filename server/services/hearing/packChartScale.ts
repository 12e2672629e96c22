import { addCalendarMonths, addDays, daysBetween, weekdayOf, type IsoDate } from '../../utils/dates'

// The drug test chart's arithmetic: which dates it spans, where a date falls, its date ticks and
// how markers on one row stand clear of each other. Calendar dates only (a test's London date), no
// instants, so nothing shifts by an hour in summer.

/** The span the main chart shows: since the last review (or since the order was made) to this review. */
export interface ChartWindow {
  from: IsoDate
  to: IsoDate
  /** No earlier review: the window starts when the order was made. */
  first: boolean
}

export function chartWindow(c: { lastReviewOn: IsoDate | null; orderMadeOn: IsoDate; reviewOn: IsoDate }): ChartWindow {
  const from = c.lastReviewOn ?? c.orderMadeOn
  // A review on (or, by a data slip, before) the day it counts from still gets a day's width.
  const to = c.reviewOn > from ? c.reviewOn : addDays(from, 1)
  return { from, to, first: c.lastReviewOn === null }
}

/** A horizontal scale from dates to x, with `inset` left clear at both ends so edge markers are whole. */
export interface DateScale {
  from: IsoDate
  to: IsoDate
  left: number
  right: number
  x(date: IsoDate): number
  contains(date: IsoDate): boolean
}

export function dateScale(from: IsoDate, to: IsoDate, left: number, right: number, inset = 0): DateScale {
  const span = Math.max(daysBetween(from, to), 1)
  const a = left + inset
  const width = Math.max(right - inset - a, 0)
  return {
    from,
    to,
    left,
    right,
    x: date => {
      const d = Math.min(Math.max(daysBetween(from, date), 0), span)
      return a + (d / span) * width
    },
    contains: date => date >= from && date <= to,
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export interface DateTick {
  date: IsoDate
  label: string
}

/** Mondays from the first on or after `from`, every `weeks` weeks, up to `to`. */
function mondays(from: IsoDate, to: IsoDate, weeks: number): IsoDate[] {
  const out: IsoDate[] = []
  for (let d = addDays(from, (8 - weekdayOf(from)) % 7); d <= to; d = addDays(d, 7 * weeks)) out.push(d)
  return out
}

function everyDays(from: IsoDate, to: IsoDate, days: number): IsoDate[] {
  const out: IsoDate[] = []
  for (let d = from; d <= to; d = addDays(d, days)) out.push(d)
  return out
}

/** First days of months whose number (January = 0) is a multiple of `months`, within the span. */
function monthStarts(from: IsoDate, to: IsoDate, months: number): IsoDate[] {
  const out: IsoDate[] = []
  let d = `${from.slice(0, 7)}-01`
  if (d < from) d = addCalendarMonths(d, 1)
  for (; d <= to; d = addCalendarMonths(d, 1)) if ((Number(d.slice(5, 7)) - 1) % months === 0) out.push(d)
  return out
}

const dayLabel = (d: IsoDate, withYear: boolean) =>
  `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]}${withYear ? ` ${d.slice(0, 4)}` : ''}`
const monthLabel = (d: IsoDate, withYear: boolean) =>
  `${MONTHS[Number(d.slice(5, 7)) - 1]}${withYear ? ` ${d.slice(0, 4)}` : ''}`

/**
 * Date ticks for a span, at most `max` of them, ordered and inside it: daily, every other day,
 * weekly or fortnightly (on Mondays), then monthly, two-, three- or six-monthly or yearly (on the
 * 1st). Labels read "7 Dec", or "Jan" for months; the first label and any in a new year carry the year.
 */
export function dateTicks(from: IsoDate, to: IsoDate, max = 8): DateTick[] {
  const days = daysBetween(from, to)
  const candidates: [IsoDate[], boolean][] = []
  if (days <= max * 2) candidates.push([everyDays(from, to, 1), false], [everyDays(from, to, 2), false])
  if (days <= max * 14 + 14) candidates.push([mondays(from, to, 1), false], [mondays(from, to, 2), false])
  for (const months of [1, 2, 3, 6, 12]) candidates.push([monthStarts(from, to, months), true])
  let chosen = candidates.find(([dates]) => dates.length > 0 && dates.length <= max)
  if (!chosen) {
    // Longer than any order: years, thinned to fit.
    const years = monthStarts(from, to, 12)
    const step = Math.ceil(years.length / max)
    chosen = [years.filter((_, i) => i % step === 0), true]
  }
  const [dates, monthly] = chosen
  return dates.map((date, i) => {
    const withYear = i === 0 || date.slice(0, 4) !== dates[i - 1].slice(0, 4)
    return { date, label: monthly ? monthLabel(date, withYear) : dayLabel(date, withYear) }
  })
}

/**
 * Lanes for markers on one row so that none overlaps another: markers (x, in any order) closer
 * than `size` apart go into different lanes. Returns each marker's lane, 0 first.
 */
export function markerLanes(xs: number[], size: number): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x || a.i - b.i)
  const laneEnds: number[] = []
  const lanes = new Array<number>(xs.length).fill(0)
  for (const { x, i } of order) {
    let lane = laneEnds.findIndex(end => x - end >= size)
    if (lane < 0) lane = laneEnds.length
    laneEnds[lane] = x
    lanes[i] = lane
  }
  return lanes
}
