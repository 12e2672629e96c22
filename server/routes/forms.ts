import type { Request } from 'express'
import { AppError, type FieldError } from '../errors'

export interface FormState {
  errors: Record<string, string>
  errorList: { text: string; href: string }[]
  values: Record<string, unknown>
}

const hrefFor = (field: string, dateFields: readonly string[]) =>
  dateFields.includes(field) ? `#${field}-day` : `#${field.replace(/\./g, '-')}`

export function toFormState(
  errors: FieldError[],
  values: Record<string, unknown>,
  dateFields: readonly string[] = [],
): FormState {
  return {
    errors: Object.fromEntries(errors.map(e => [e.field, e.message])),
    errorList: errors.map(e => ({ text: e.message, href: hrefFor(e.field, dateFields) })),
    values,
  }
}

/**
 * Post/redirect/get: keep what the user typed and what was wrong in the session, for the next GET.
 * Passwords and the CSRF token are never kept.
 */
export function keepForm(req: Request, key: string, err: unknown, values: Record<string, unknown>): void {
  if (!(err instanceof AppError) || err.status >= 500 || ![400, 401, 409, 422, 429].includes(err.status)) throw err
  const errors = err.errors.length ? err.errors : [{ field: 'form', message: err.message }]
  const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !/password|_csrf|_formId/i.test(k)))
  req.session.forms = {
    ...(req.session.forms ?? {}),
    [key]: { errors: Object.fromEntries(errors.map(e => [e.field, e.message])), values: kept },
  }
}

export function takeForm(req: Request, key: string, dateFields: readonly string[] = []): FormState {
  const kept = req.session.forms?.[key]
  if (kept && req.session.forms) delete req.session.forms[key]
  if (!kept) return { errors: {}, errorList: [], values: {} }
  const errors = Object.entries(kept.errors).map(([field, message]) => ({ field, message }))
  return toFormState(errors, kept.values, dateFields)
}

/** A message for the next page; `items` are listed under it (what a change also changed). */
export function flash(req: Request, text: string, title?: string, items?: string[]): void {
  req.session.flash = { text, title, ...(items?.length ? { items } : {}) }
}

export function takeFlash(req: Request): { title?: string; text: string; items?: string[] } | undefined {
  const f = req.session?.flash
  if (f) delete req.session.flash
  return f
}

/** Checkbox groups arrive as a string, an array, or nothing. */
export const asArray = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === '' ? [] : [String(v)]

export const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** A form number: blank stays blank (so the rule says "enter"), else a number or NaN. */
export const num = (v: unknown): number | undefined =>
  typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : undefined

/** What was typed in a GOV.UK date input's three boxes (`name[day]`, `name[month]`, `name[year]`), trimmed. */
export interface DateAnswer {
  day: string
  month: string
  year: string
}

export const dateAnswer = (v: unknown): DateAnswer => {
  const parts = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>
  return { day: str(parts.day).trim(), month: str(parts.month).trim(), year: str(parts.year).trim() }
}
