import { z } from 'zod'
import { ValidationError, type FieldError } from '../errors'

/** Validate with a zod schema; every bad field is named in the error. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new ValidationError(fieldErrors(result.error))
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>()
  const out: FieldError[] = []
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'body'
    if (seen.has(field)) continue
    seen.add(field)
    out.push({ field, message: issue.message })
  }
  return out
}

/** A required string, trimmed, with a message that names the field the way a person reads it. */
export const text = (label: string, max = 200) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, { error: `Enter ${label}` })
    .max(max, { error: `${capitalise(label)} must be ${max} characters or fewer` })

export const optionalText = (label: string, max = 10000) =>
  z
    .string({ error: `${capitalise(label)} must be text` })
    .max(max, { error: `${capitalise(label)} must be ${max} characters or fewer` })
    .optional()
    .nullable()

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)
