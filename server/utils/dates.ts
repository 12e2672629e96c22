import { DateTime } from 'luxon'
import type { Clock } from './clock'

/**
 * All date and time handling for the service. Courts in England and Wales keep London time,
 * so every local date, wall-clock time and display string is in this zone; instants are
 * stored as UTC.
 */
export const ZONE = 'Europe/London'

/** A calendar date, `YYYY-MM-DD`, with no time or zone. */
export type IsoDate = string

/** A set of bank holiday dates (England and Wales list, gov.uk bank-holidays.json). */
export type Holidays = ReadonlySet<IsoDate>

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const LOCALE = 'en-GB'
const NO_HOLIDAYS: Holidays = new Set()

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && ymdOf(value) !== null
}

/** A 24-hour wall-clock time, `HH:mm`. */
export function isTime(value: unknown): value is string {
  return typeof value === 'string' && TIME.test(value)
}

// Date-only arithmetic is integer arithmetic on day numbers, with luxon's calendar rules (the
// tests check it against luxon): a luxon call costs tens of microseconds and the planner takes
// hundreds of date steps per plan. Days carry no time, so a clock change can never shift a date;
// luxon handles everything that meets a time of day or the London zone.

interface Ymd {
  year: number
  month: number
  day: number
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]
}

// The planner parses and prints dates in its inner loop, so these read character codes rather
// than run a regular expression (about 30 times faster under Jest's sandbox, several times in Node).
function digitsAt(text: string, from: number, to: number): number {
  let value = 0
  for (let i = from; i < to; i += 1) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

function ymdOf(date: string): Ymd | null {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return null
  const year = digitsAt(date, 0, 4)
  const month = digitsAt(date, 5, 7)
  const day = digitsAt(date, 8, 10)
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
    ? { year, month, day }
    : null
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : `${n}`
}

function calendarDay(date: IsoDate): Ymd {
  const ymd = ymdOf(date)
  if (!ymd) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`)
  return ymd
}

function isoDateOf({ year, month, day }: Ymd): IsoDate {
  if (year < 1 || year > 9999) throw new RangeError(`Date out of range: year ${year}`)
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${twoDigits(month)}-${twoDigits(day)}`
}

// Floor division of integers with operators only: Math.floor is several times slower under Jest's
// sandbox, and these run in the planner's inner loop.
function floorDiv(a: number, b: number): number {
  return (a - (((a % b) + b) % b)) / b
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
function dayNumber({ year, month, day }: Ymd): number {
  const y = month <= 2 ? year - 1 : year
  const era = floorDiv(y, 400)
  const yearOfEra = y - era * 400
  const dayOfYear = floorDiv(153 * ((month + 9) % 12) + 2, 5) + day - 1
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

// The inverse of dayNumber (H. Hinnant's civil_from_days).
function ymdOfDayNumber(days: number): Ymd {
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

function assertWhole(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number: ${n}`)
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

function withoutMillis(instant: DateTime<true>): string {
  return instant.startOf('second').toISO({ suppressMilliseconds: true })
}

// Always in London time; an instant given without an offset is read as London wall-clock time,
// never the server's zone.
function instantOf(instant: string | Date): DateTime<true> {
  const parsed =
    typeof instant === 'string'
      ? DateTime.fromISO(instant, { zone: ZONE })
      : DateTime.fromJSDate(instant, { zone: ZONE })
  if (!parsed.isValid) throw new RangeError(`Not an instant: ${String(instant)}`)
  return parsed
}

/**
 * A London wall-clock time on a date as an ISO 8601 instant with its offset, e.g.
 * `2026-03-31T10:00:00+01:00` (`+00:00` in winter, never `Z`).
 */
export function localInstant(date: IsoDate, time: string): string {
  return withoutMillis(localDateTime(date, time))
}

// Finding London's offset for a wall-clock time is luxon's slowest step (an Intl call each time), and
// planning asks for the same few dates and times again and again: remember them. DateTimes are
// immutable, so sharing one is safe; the cache is bounded.
const londonCache = new Map<string, DateTime<true>>()

// A London day (or a time on it) as a luxon DateTime, for zone maths and display.
function londonDateTime(date: IsoDate, hour = 0, minute = 0): DateTime<true> {
  const key = `${date}T${hour}:${minute}`
  const cached = londonCache.get(key)
  if (cached) return cached
  const local = DateTime.fromObject({ ...calendarDay(date), hour, minute }, { zone: ZONE, locale: LOCALE })
  if (!local.isValid) throw new RangeError(`Not a London date and time: ${date} ${hour}:${minute}`)
  if (londonCache.size >= 10000) londonCache.clear()
  londonCache.set(key, local)
  return local
}

function localDateTime(date: IsoDate, time: string): DateTime<true> {
  if (!isTime(time)) throw new RangeError(`Not a time (HH:mm): ${time}`)
  // A time that does not exist (01:30 on the spring clock change) moves forward by the gap, as luxon does.
  return londonDateTime(date, Number(time.slice(0, 2)), Number(time.slice(3, 5)))
}

/**
 * Start of the nth slot (0-based) of a sitting: start + n × slot minutes of elapsed time, so
 * slots stay exactly slotMinutes apart even if a sitting ran across a clock change.
 */
export function slotStartsAt(date: IsoDate, startTime: string, slotMinutes: number, slotIndex: number): string {
  if (!(slotMinutes > 0) || !Number.isInteger(slotIndex) || slotIndex < 0) {
    throw new RangeError(`Invalid slot: ${slotMinutes} minutes, index ${slotIndex}`)
  }
  return withoutMillis(localDateTime(date, startTime).plus({ minutes: slotMinutes * slotIndex }))
}

/** The last second of a London day, e.g. a report due "by the end of" its due working day. */
const endOfDayCache = new Map<IsoDate, string>()
export function endOfLocalDay(date: IsoDate): string {
  let end = endOfDayCache.get(date)
  if (!end) {
    end = withoutMillis(londonDateTime(date).endOf('day'))
    if (endOfDayCache.size >= 10000) endOfDayCache.clear()
    endOfDayCache.set(date, end)
  }
  return end
}

/**
 * An instant in UTC for storage, always with milliseconds (`2026-03-31T09:00:00.000Z`): one fixed
 * width, so stored instants compare correctly as strings.
 */
export function toUtcIso(instant: string | Date): string {
  return instantOf(instant).toUTC().toISO()
}

/** A stored instant as London time with its offset and no milliseconds, for the API. */
export function toLocalIso(instant: string | Date): string {
  return withoutMillis(instantOf(instant))
}

/** The London calendar date an instant falls on. */
export function localDateOf(instant: string | Date): IsoDate {
  return instantOf(instant).toISODate()
}

/** The London wall-clock time (`HH:mm`) of an instant. */
export function localTimeOf(instant: string | Date): string {
  return instantOf(instant).toFormat('HH:mm')
}

export function todayIn(clock: Clock): IsoDate {
  return localDateOf(clock.now())
}

// Templates pass calendar dates and stored instants alike; an instant shows as its London date.
function displayDay(value: IsoDate | string | Date): DateTime<true> {
  return londonDateTime(typeof value === 'string' && isIsoDate(value) ? value : localDateOf(value))
}

/** GOV.UK style: `Tuesday 7 April 2026`. Takes a calendar date or an instant (shown as its London date). */
export function formatDate(date: IsoDate | string | Date): string {
  return displayDay(date).toFormat('cccc d MMMM yyyy')
}

/** GOV.UK style: `7 April 2026`. Takes a calendar date or an instant (shown as its London date). */
export function formatShortDate(date: IsoDate | string | Date): string {
  return displayDay(date).toFormat('d MMMM yyyy')
}

/** GOV.UK style, in London time: `10am`, `10:20am`, `12pm` at midday, `12am` at midnight. */
export function formatTime(instant: string | Date): string {
  const local = instantOf(instant)
  const hour = local.hour % 12 === 0 ? 12 : local.hour % 12
  const minutes = local.minute === 0 ? '' : `:${String(local.minute).padStart(2, '0')}`
  return `${hour}${minutes}${local.hour < 12 ? 'am' : 'pm'}`
}

/** GOV.UK style, in London time: `7 April 2026 at 10:20am`. */
export function formatDateTime(instant: string | Date): string {
  return `${formatShortDate(localDateOf(instant))} at ${formatTime(instant)}`
}

export type DatePart = 'day' | 'month' | 'year'

export interface DateParts {
  day?: string | number | null
  month?: string | number | null
  year?: string | number | null
}

export interface ParsedDate {
  date?: IsoDate
  /** A GOV.UK error message that starts with the field's label, e.g. `Date of birth must be a real date`. */
  error?: string
  /** The inputs to mark as in error (the GOV.UK date input highlights only those). */
  errorParts?: DatePart[]
}

const PART_ORDER: DatePart[] = ['day', 'month', 'year']
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

// The GOV.UK date input pattern asks services to accept a month written as a name or its
// abbreviation ("Jan", "Sept", "January") as well as a number.
function monthNumber(month: string): string {
  const name = month.toLowerCase()
  const index = name.length >= 3 ? MONTH_NAMES.findIndex(full => full.startsWith(name)) : -1
  return index >= 0 ? String(index + 1) : month
}

function listParts(parts: DatePart[]): string {
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
}

function lowerFirst(label: string): string {
  // "Date of birth" → "Enter date of birth"; a label that starts with an acronym ("PSR date") keeps its capitals.
  return /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label
}

/**
 * Reads a GOV.UK date input (day, month and year boxes) into a calendar date, with the Design
 * System's error messages prefixed by the field's label: "Enter date of birth", "Date of birth
 * must include a month", "Date of birth must be a real date", "Year must include 4 numbers".
 */
export function parseDateParts(parts: DateParts, label = 'Date'): ParsedDate {
  const text = {
    day: String(parts.day ?? '').trim(),
    month: monthNumber(String(parts.month ?? '').trim()),
    year: String(parts.year ?? '').trim(),
  }
  const missing = PART_ORDER.filter(part => text[part] === '')
  if (missing.length === 3) return { error: `Enter ${lowerFirst(label)}`, errorParts: [...PART_ORDER] }
  if (missing.length > 0) return { error: `${label} must include a ${listParts(missing)}`, errorParts: missing }

  const notNumbers = PART_ORDER.filter(part => !/^\d+$/.test(text[part]))
  if (notNumbers.length > 0) return { error: `${label} must be a real date`, errorParts: notNumbers }
  if (!/^\d{4}$/.test(text.year)) return { error: 'Year must include 4 numbers', errorParts: ['year'] }

  const ymd = { year: Number(text.year), month: Number(text.month), day: Number(text.day) }
  if (ymd.month < 1 || ymd.month > 12) return { error: `${label} must be a real date`, errorParts: ['month'] }
  if (ymd.year < 1) return { error: `${label} must be a real date`, errorParts: ['year'] }
  if (ymd.day < 1 || ymd.day > daysInMonth(ymd.year, ymd.month)) {
    return { error: `${label} must be a real date`, errorParts: ['day'] }
  }
  return { date: isoDateOf(ymd) }
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b
}
