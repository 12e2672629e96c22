import type { FieldError } from '../../errors'
import { addCalendarMonths, isIsoDate, parseDateParts } from '../../utils/dates'
import { str } from '../forms'

// The dashboard's period, read from the query string (a GET form: no CSRF token, nothing changes). The
// form sends GOV.UK date inputs (`from[day]`...); links (the CSV, the region view) send `from=YYYY-MM-DD`.

export const PERIOD_FIELDS = ['from', 'to'] as const
type Field = (typeof PERIOD_FIELDS)[number]
const LABELS: Record<Field, string> = { from: 'From date', to: 'To date' }

export interface Parts {
  day: string
  month: string
  year: string
}

const partsOf = (iso: string): Parts => ({
  day: String(Number(iso.slice(8, 10))),
  month: String(Number(iso.slice(5, 7))),
  year: iso.slice(0, 4),
})

function typed(q: Record<string, unknown>, name: Field): { parts: Parts; iso: string | null; bad: boolean } {
  const whole = q[name]
  if (typeof whole === 'string' && whole.trim()) {
    const iso = whole.trim()
    return isIsoDate(iso)
      ? { parts: partsOf(iso), iso, bad: false }
      : { parts: { day: '', month: '', year: '' }, iso: null, bad: true }
  }
  const nested = (whole && typeof whole === 'object' ? whole : {}) as Record<string, unknown>
  const part = (p: string) => str(q[`${name}[${p}]`] ?? nested[p]).trim()
  return { parts: { day: part('day'), month: part('month'), year: part('year') }, iso: null, bad: false }
}

/**
 * The period asked for, checked with the GOV.UK date messages; a date left blank takes its default (to:
 * today; from: 12 months before to), and the boxes then show the dates used. What was typed is kept.
 */
export function parsePeriod(q: Record<string, unknown>, today: string) {
  const errors: FieldError[] = []
  const values = {} as Record<Field, Parts>
  // The boxes to mark for each field's error (the GOV.UK date input marks only the part that is wrong).
  const errorFields: Partial<Record<Field, string[]>> = {}
  const dates: Partial<Record<Field, string>> = {}
  for (const field of PERIOD_FIELDS) {
    const t = typed(q, field)
    values[field] = t.parts
    if (t.bad) errors.push({ field, message: `${LABELS[field]} must be a real date` })
    else if (t.iso) dates[field] = t.iso
    else if (t.parts.day || t.parts.month || t.parts.year) {
      const parsed = parseDateParts(t.parts, LABELS[field])
      if (parsed.error) {
        errors.push({ field, message: parsed.error })
        errorFields[field] = parsed.errorParts
      } else dates[field] = parsed.date
    }
  }
  if (errors.length) return { errors, errorFields, values, period: null }
  const to = dates.to ?? today
  const from = dates.from ?? addCalendarMonths(to, -12)
  if (to < from) {
    errors.push({ field: 'to', message: 'To date must be the same as or after the from date' })
    return { errors, errorFields, values, period: null }
  }
  return { errors, errorFields, values: { from: partsOf(from), to: partsOf(to) }, period: { from, to } }
}

/** `?from=…&to=…` for links that keep the period (and `format=csv` for the download). */
export const periodQuery = (period: { from: string; to: string }, extra = '') =>
  `?from=${period.from}&to=${period.to}${extra}`
