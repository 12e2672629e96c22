import { daysInMonth, ymdOf, calendarDay, isoDateOf, floorDiv, dayNumber, ymdOfDayNumber, assertWhole } from './days'

/**
 * Calendar dates (`YYYY-MM-DD`, no time or zone): months and days added with luxon's calendar rules,
 * comparisons, weekdays and working days (weekends and England and Wales bank holidays).
 */

/** A calendar date, `YYYY-MM-DD`, with no time or zone. */
export type IsoDate = string

/** A set of bank holiday dates (England and Wales list, gov.uk bank-holidays.json). */
export type Holidays = ReadonlySet<IsoDate>

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const NO_HOLIDAYS: Holidays = new Set()

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && ymdOf(value) !== null
}

/** A 24-hour wall-clock time, `HH:mm`. */
export function isTime(value: unknown): value is string {
  return typeof value === 'string' && TIME.test(value)
}

/**
 * Calendar months, as luxon's plus({ months }) counts them: the same day of the month, or the
 * month's last day when it is shorter, so 31 January + 1 month = 28 (or 29) February.
 * Sentencing Act 2020 Sch 9 para 21(2)(a): reviews at intervals of not less than one month.
 */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  assertWhole(months, 'Months')
  const { year, month, day } = calendarDay(date)
  const monthIndex = year * 12 + (month - 1) + months
  const newYear = floorDiv(monthIndex, 12)
  const newMonth = monthIndex - newYear * 12 + 1
  return isoDateOf({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) })
}

export function addDays(date: IsoDate, days: number): IsoDate {
  assertWhole(days, 'Days')
  return isoDateOf(ymdOfDayNumber(dayNumber(calendarDay(date)) + days))
}

/** Negative when a is earlier than b, 0 when the same day, positive when later (sort comparator). */
export function compareDates(a: IsoDate, b: IsoDate): number {
  // YYYY-MM-DD strings sort the same way as the dates they name.
  return a < b ? -1 : a > b ? 1 : 0
}

/** Whole calendar days from a to b: positive when b is later. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(calendarDay(b)) - dayNumber(calendarDay(a))
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: IsoDate): number {
  // 1 January 1970 (day 0) was a Thursday.
  return ((((dayNumber(calendarDay(date)) + 3) % 7) + 7) % 7) + 1
}

export function isWeekend(date: IsoDate): boolean {
  return weekdayOf(date) >= 6
}

/** Courts do not list on weekends or bank holidays (England and Wales). */
export function isWorkingDay(date: IsoDate, holidays: Holidays = NO_HOLIDAYS): boolean {
  return !isWeekend(date) && !holidays.has(date)
}

export function nextWorkingDayOnOrAfter(date: IsoDate, holidays: Holidays = NO_HOLIDAYS): IsoDate {
  let day = date
  while (!isWorkingDay(day, holidays)) day = addDays(day, 1)
  return day
}

export function previousWorkingDayOnOrBefore(date: IsoDate, holidays: Holidays = NO_HOLIDAYS): IsoDate {
  let day = date
  while (!isWorkingDay(day, holidays)) day = addDays(day, -1)
  return day
}

/**
 * The date `n` working days before `date`, skipping weekends and bank holidays: one working day
 * before a Tuesday hearing that follows a bank holiday Monday is the Friday. With n = 0, the date
 * itself when it is a working day, otherwise the working day before it.
 */
export function workingDaysBefore(date: IsoDate, n: number, holidays: Holidays = NO_HOLIDAYS): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number of 0 or more: ${n}`)
  let day = date
  for (let counted = 0; counted < n;) {
    day = addDays(day, -1)
    if (isWorkingDay(day, holidays)) counted += 1
  }
  return previousWorkingDayOnOrBefore(day, holidays)
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b
}
