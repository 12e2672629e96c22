import { DateTime } from 'luxon'
import type { Clock } from '../clock'
import { isTime, type IsoDate } from './calendar'
import { calendarDay } from './days'

/** Courts in England and Wales keep London time: every local date and wall-clock time is in this zone. */
export const ZONE = 'Europe/London'
export const LOCALE = 'en-GB'

function withoutMillis(instant: DateTime<true>): string {
  return instant.startOf('second').toISO({ suppressMilliseconds: true })
}

// Always in London time; an instant given without an offset is read as London wall-clock time,
// never the server's zone.
// Pages show the same stored instants again and again (a court list's times, a pack's dates), and
// reading one into London time is an Intl call in luxon: the parsed instants are remembered, as
// londonDateTime's are below (immutable, bounded).
const instantCache = new Map<string, DateTime<true>>()
export function instantOf(instant: string | Date): DateTime<true> {
  if (typeof instant === 'string') {
    const cached = instantCache.get(instant)
    if (cached) return cached
  }
  const parsed =
    typeof instant === 'string'
      ? DateTime.fromISO(instant, { zone: ZONE })
      : DateTime.fromJSDate(instant, { zone: ZONE })
  if (!parsed.isValid) throw new RangeError(`Not an instant: ${String(instant)}`)
  if (typeof instant === 'string') {
    if (instantCache.size >= 10000) instantCache.clear()
    instantCache.set(instant, parsed)
  }
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
export function londonDateTime(date: IsoDate, hour = 0, minute = 0): DateTime<true> {
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
const localIsoCache = new Map<string, string>()
export function toLocalIso(instant: string | Date): string {
  if (typeof instant !== 'string') return withoutMillis(instantOf(instant))
  let local = localIsoCache.get(instant)
  if (local === undefined) {
    local = withoutMillis(instantOf(instant))
    if (localIsoCache.size >= 10000) localIsoCache.clear()
    localIsoCache.set(instant, local)
  }
  return local
}

/** The London calendar date an instant falls on. */
// London's offset from UTC changes only on the hour (at 01:00 UTC), so an instant's London date is
// its UTC time moved by its hour's offset. Every page asks for today's date from the clock's Date,
// a new instant each time (so not in instantCache): the offsets are remembered by the hour instead.
const HOUR_MS = 3_600_000
const offsetByHour = new Map<number, number>()
function londonOffsetMs(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS)
  const known = offsetByHour.get(hour)
  if (known !== undefined) return known
  const start = DateTime.fromMillis(hour * HOUR_MS, { zone: ZONE }).offset
  const end = DateTime.fromMillis(hour * HOUR_MS + HOUR_MS - 1, { zone: ZONE }).offset
  // An hour whose offset changes inside it (none since 1847): the instant's own offset, not remembered.
  if (start !== end) return DateTime.fromMillis(ms, { zone: ZONE }).offset * 60_000
  if (offsetByHour.size >= 10000) offsetByHour.clear()
  offsetByHour.set(hour, start * 60_000)
  return start * 60_000
}
const YEAR_1900 = Date.UTC(1900, 0, 1)
const YEAR_9999 = Date.UTC(9999, 0, 1)

export function localDateOf(instant: string | Date): IsoDate {
  if (instant instanceof Date) {
    const ms = instant.getTime()
    if (ms >= YEAR_1900 && ms < YEAR_9999) return new Date(ms + londonOffsetMs(ms)).toISOString().slice(0, 10)
  }
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
