import type { Request } from 'express'
import { RuleError } from '../../errors'
import { takeForm, type FormState } from '../forms'

/**
 * A rule broken on one field (a weekend, a bank holiday, capacity under what is booked) is shown
 * beside that field in the rule's own words, which say why, not only what to choose instead.
 */
export function explained(err: unknown): unknown {
  if (err instanceof RuleError && err.errors.length === 1)
    return new RuleError(err.message, [{ field: err.errors[0].field, message: err.message }])
  return err
}

/**
 * The kept answers and errors for a page. A problem with no field of its own (someone else changed
 * the record, the sitting filled up) is listed in the summary and links to `anchor`.
 */
export function takeFormFor(req: Request, key: string, anchor: string, dateFields: readonly string[] = []): FormState {
  const form = takeForm(req, key, dateFields)
  return { ...form, errorList: form.errorList.map(e => (e.href === '#form' ? { ...e, href: `#${anchor}` } : e)) }
}
