import type { DateTime } from 'luxon'
import { isIsoDate, type IsoDate } from './calendar'
import { instantOf, localDateOf, londonDateTime } from './london'

/** Display formats, the GOV.UK way, in London time: "Tuesday 7 April 2026", "10:20am". */
function displayDay(value: IsoDate | string | Date): DateTime<true> {
  return londonDateTime(typeof value === 'string' && isIsoDate(value) ? value : localDateOf(value))
}

// Month and day names come from Intl through luxon, the dearest part of a page's dates: each text is
// remembered by what it was made from (bounded), as the London dates and instants are.
const shown = new Map<string, string>()
function remembered(value: IsoDate | string | Date, format: string): string {
  if (typeof value !== 'string') return displayDay(value).toFormat(format)
  const key = `${format}|${value}`
  let text = shown.get(key)
  if (text === undefined) {
    text = displayDay(value).toFormat(format)
    if (shown.size >= 10000) shown.clear()
    shown.set(key, text)
  }
  return text
}

/** GOV.UK style: `Tuesday 7 April 2026`. Takes a calendar date or an instant (shown as its London date). */
export function formatDate(date: IsoDate | string | Date): string {
  return remembered(date, 'cccc d MMMM yyyy')
}

/** GOV.UK style: `7 April 2026`. Takes a calendar date or an instant (shown as its London date). */
export function formatShortDate(date: IsoDate | string | Date): string {
  return remembered(date, 'd MMMM yyyy')
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
