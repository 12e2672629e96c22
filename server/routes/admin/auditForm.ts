import type { FieldError } from '../../errors'
import type { AuditQuery } from '../../services/notify/auditLog'
import { isId } from '../../utils/ids'
import { parseDateParts, type DateParts } from '../../utils/dates'
import { str } from '../forms'

// The audit log's filter, read from the query string (a GET form: no CSRF token, nothing changes).

export const DATE_FIELDS = ['from', 'to'] as const
type DateField = (typeof DATE_FIELDS)[number]

const LABELS: Record<DateField, string> = { from: 'From date', to: 'To date' }

export interface AuditFilterValues {
  personSearch: string
  person: string
  user: string
  action: string
  from: { day: string; month: string; year: string }
  to: { day: string; month: string; year: string }
}

export interface AuditFilterForm {
  query: AuditQuery
  values: AuditFilterValues
  errors: FieldError[]
  page: number
}

type Query = Record<string, unknown>

/** `from[day]` as the simple query parser leaves it, or `from.day` as an extended one would. */
function dateValues(q: Query, name: DateField) {
  const nested = (q[name] && typeof q[name] === 'object' ? q[name] : {}) as Record<string, unknown>
  const part = (p: string) => str(q[`${name}[${p}]`] ?? nested[p]).trim()
  return { day: part('day'), month: part('month'), year: part('year') }
}

/** Reads the filter: the typed values kept as typed, the dates checked with the GOV.UK messages. */
export function parseAuditFilter(q: Query): AuditFilterForm {
  const values: AuditFilterValues = {
    personSearch: str(q.personSearch).trim().slice(0, 100),
    person: str(q.person).trim(),
    user: str(q.user).trim(),
    action: str(q.action).trim().slice(0, 60),
    from: dateValues(q, 'from'),
    to: dateValues(q, 'to'),
  }
  const errors: FieldError[] = []
  const dates: Partial<Record<DateField, string>> = {}
  for (const field of DATE_FIELDS) {
    const parts: DateParts = values[field]
    if (!parts.day && !parts.month && !parts.year) continue
    const parsed = parseDateParts(parts, LABELS[field])
    if (parsed.error) errors.push({ field, message: parsed.error })
    else dates[field] = parsed.date
  }
  if (dates.from && dates.to && dates.to < dates.from)
    errors.push({ field: 'to', message: 'To date must be the same as or after the from date' })
  if (values.person && !isId(values.person))
    errors.push({ field: 'personSearch', message: 'Search for the person again and choose them from the list' })
  if (values.user && !isId(values.user)) errors.push({ field: 'user', message: 'Select a user from the list' })
  const page = Number.parseInt(str(q.page), 10)
  return {
    query: {
      personId: values.person && isId(values.person) ? values.person : undefined,
      userId: values.user && isId(values.user) ? values.user : undefined,
      action: values.action || undefined,
      from: dates.from,
      to: dates.to,
    },
    values,
    errors,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  }
}

/** The filter as a query string (without the page), for pagination, the CSV link and removing a filter. */
export function filterQuery(values: AuditFilterValues, change: Partial<AuditFilterValues> = {}) {
  const v = { ...values, ...change }
  const params = new URLSearchParams()
  if (v.person) params.set('person', v.person)
  else if (v.personSearch) params.set('personSearch', v.personSearch)
  if (v.user) params.set('user', v.user)
  if (v.action) params.set('action', v.action)
  for (const field of DATE_FIELDS)
    for (const part of ['day', 'month', 'year'] as const)
      if (v[field][part]) params.set(`${field}[${part}]`, v[field][part])
  return params.toString()
}

export const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path)

/**
 * GOV.UK pagination: previous and next, the first and last pages, and the pages either side of this
 * one, with an ellipsis for each gap.
 */
export function pagination(page: number, pageCount: number, href: (n: number) => string) {
  if (pageCount <= 1) return { previous: null, next: null, items: null }
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])].filter(n => n >= 1 && n <= pageCount)
  shown.sort((a, b) => a - b)
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = []
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1] > 1) items.push({ ellipsis: true })
    items.push({ number: n, href: href(n), current: n === page })
  })
  return {
    previous: page > 1 ? { href: href(page - 1) } : null,
    next: page < pageCount ? { href: href(page + 1) } : null,
    items,
  }
}

const number = (n: number) => n.toLocaleString('en-GB')

/** "Showing 51 to 100 of 1,234 events". */
export const showingText = (first: number, last: number, total: number, noun = 'events') =>
  total === 0 ? `No ${noun}` : `Showing ${number(first)} to ${number(last)} of ${number(total)} ${noun}`
