// Calendar days as numbers: the arithmetic under every calendar date (not exported beyond dates/).
import type { IsoDate } from './calendar'

// Date-only arithmetic is integer arithmetic on day numbers, with luxon's calendar rules (the
// tests check it against luxon): a luxon call costs tens of microseconds and the planner takes
// hundreds of date steps per plan. Days carry no time, so a clock change can never shift a date;
// luxon handles everything that meets a time of day or the London zone.

export interface Ymd {
  year: number
  month: number
  day: number
}

export const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]
}

// The planner parses and prints dates in its inner loop, so these read character codes rather
// than run a regular expression (about 30 times faster under Jest's sandbox, several times in Node).
export function digitsAt(text: string, from: number, to: number): number {
  let value = 0
  for (let i = from; i < to; i += 1) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

export function ymdOf(date: string): Ymd | null {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return null
  const year = digitsAt(date, 0, 4)
  const month = digitsAt(date, 5, 7)
  const day = digitsAt(date, 8, 10)
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
    ? { year, month, day }
    : null
}

export function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : `${n}`
}

export function calendarDay(date: IsoDate): Ymd {
  const ymd = ymdOf(date)
  if (!ymd) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`)
  return ymd
}

export function isoDateOf({ year, month, day }: Ymd): IsoDate {
  if (year < 1 || year > 9999) throw new RangeError(`Date out of range: year ${year}`)
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${twoDigits(month)}-${twoDigits(day)}`
}

// Floor division of integers with operators only: Math.floor is several times slower under Jest's
// sandbox, and these run in the planner's inner loop.
export function floorDiv(a: number, b: number): number {
  return (a - (((a % b) + b) % b)) / b
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
export function dayNumber({ year, month, day }: Ymd): number {
  const y = month <= 2 ? year - 1 : year
  const era = floorDiv(y, 400)
  const yearOfEra = y - era * 400
  const dayOfYear = floorDiv(153 * ((month + 9) % 12) + 2, 5) + day - 1
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

// The inverse of dayNumber (H. Hinnant's civil_from_days).
export function ymdOfDayNumber(days: number): Ymd {
  const z = days + 719468
  const era = floorDiv(z, 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = floorDiv(
    dayOfEra - floorDiv(dayOfEra, 1460) + floorDiv(dayOfEra, 36524) - floorDiv(dayOfEra, 146096),
    365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100))
  const shiftedMonth = floorDiv(5 * dayOfYear + 2, 153)
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - floorDiv(153 * shiftedMonth + 2, 5) + 1,
  }
}

export function assertWhole(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number: ${n}`)
}
