import type { IsoDate } from './calendar'
import { daysInMonth, isoDateOf } from './days'

/** The three boxes of a GOV.UK date input, read into a date or a message naming what is wrong. */
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
