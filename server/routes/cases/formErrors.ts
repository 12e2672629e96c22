import type { Request } from 'express'
import type { z } from 'zod'
import { AppError, type FieldError } from '../../errors'
import { fieldErrors } from '../../services/validation'
import { takeForm } from '../forms'
import type { DatePart, DateParts } from '../../utils/dates'

/** A GOV.UK date input as typed, with the boxes to mark when it is wrong. */
export interface DateValues {
  day: string
  month: string
  year: string
  errorParts?: DatePart[]
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')

/** The three boxes of a date input (`name[day]` etc. arrive as one object). */
export function dateValues(v: unknown): DateValues {
  const parts = (v && typeof v === 'object' ? v : {}) as DateParts
  return { day: text(parts.day), month: text(parts.month), year: text(parts.year) }
}

/** A stored `YYYY-MM-DD` date as the three boxes show it (no leading zeros). */
export function dateValuesOf(date: string | null | undefined): DateValues {
  if (!date) return { day: '', month: '', year: '' }
  const [year, month, day] = date.split('-')
  return { day: String(Number(day)), month: String(Number(month)), year }
}

export const isBlankDate = (d: DateValues): boolean => !d.day.trim() && !d.month.trim() && !d.year.trim()

/**
 * The errors to show, in the order the fields appear on the form: the form's own (dates it could not read) win over
 * the service's for the same field, and a field the form does not show is reported against the whole form.
 */
export function formErrors(
  order: readonly string[],
  own: FieldError[],
  service: FieldError[] = [],
  fieldFor: (serviceField: string) => string = f => f,
): FieldError[] {
  const byField = new Map<string, string>()
  for (const e of own) if (!byField.has(e.field)) byField.set(e.field, e.message)
  for (const e of service) {
    const mapped = fieldFor(e.field)
    const field = order.includes(mapped) ? mapped : 'form'
    if (!byField.has(field)) byField.set(field, e.message)
  }
  const rank = (f: string) => (f === 'form' ? -1 : order.indexOf(f))
  return [...byField.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([field, message]) => ({ field, message }))
}

/** What a schema says about the input, without calling the service (used when the form already found a problem). */
export function schemaErrors(schema: z.ZodType, input: unknown): FieldError[] {
  const result = schema.safeParse(input)
  return result.success ? [] : fieldErrors(result.error)
}

/** The same error with its fields renamed for the form, so keepForm stores what the page shows. */
export function remapped(err: unknown, toForm: (errors: FieldError[]) => FieldError[]): unknown {
  return err instanceof AppError && err.errors.length
    ? new AppError(err.status, err.message, toForm(err.errors), err.title)
    : err
}

export interface CaseFormState {
  errors: Record<string, string>
  errorList: { text: string; href?: string }[]
  values: Record<string, unknown>
}

/**
 * takeForm, with the error summary linking to the first date box in error, and an error about the whole form
 * (someone else's change, a full sitting) shown without a link.
 */
export function takeCaseForm(req: Request, key: string, dateFields: readonly string[] = []): CaseFormState {
  const form = takeForm(req, key, dateFields)
  const errorList = form.errorList.map(item => {
    if (item.href === '#form') return { text: item.text }
    const field = dateFields.find(f => item.href === `#${f}-day`)
    const first = field ? (form.values[field] as DateValues | undefined)?.errorParts?.[0] : undefined
    return first ? { ...item, href: `#${field}-${first}` } : item
  })
  return { ...form, errorList }
}
