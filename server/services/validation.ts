import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../errors'

/** Validate with a zod schema; every bad field is named in the error. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new ValidationError(fieldErrors(result.error))
}

/**
 * `parse` for a change to a record: when the input is bad and the record does not exist either,
 * the answer is the record's 404 (what a wrong address is), not the form's 400. Checked only when
 * the input is bad, so a good change costs no extra query.
 */
export async function parseForRecord<S extends z.ZodType>(
  schema: S,
  input: unknown,
  record: { exists: () => Promise<boolean>; notFound: string },
): Promise<z.output<S>> {
  try {
    return parse(schema, input)
  } catch (err) {
    if (err instanceof ValidationError && !(await record.exists())) throw new NotFoundError(record.notFound)
    throw err
  }
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
