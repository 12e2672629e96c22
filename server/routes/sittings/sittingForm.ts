import type { z } from 'zod'
import { ValidationError, type FieldError } from '../../errors'
import { fieldErrors } from '../../services/validation'
import { parseDateParts } from '../../utils/dates'
import { asArray, dateAnswer, num, str } from '../forms'

type Body = Record<string, unknown>

/** A form read into what the service is given, what the user typed, and what the form itself can see is wrong. */
export interface ParsedForm<I> {
  input: I
  values: Record<string, unknown>
  errors: FieldError[]
}

/** A GOV.UK date input: the ISO date, or the Design System's message and the boxes to mark. */
function readDate(body: Body, field: string, label: string, errors: FieldError[], values: Record<string, unknown>) {
  const answer = dateAnswer(body[field])
  values[field] = answer
  const parsed = parseDateParts(answer, label)
  if (parsed.error) {
    errors.push({ field, message: parsed.error })
    values[`${field}ErrorFields`] = parsed.errorParts
  }
  return parsed.date
}

/** "9:30", "9.30" and "0930" all mean 09:30; anything else goes to the service as typed, for its message. */
export function normaliseTime(value: string): string {
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(value.trim())
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : value.trim()
}

function sittingFields(body: Body) {
  const values = {
    startTime: str(body.startTime).trim(),
    courtroom: str(body.courtroom),
    capacity: str(body.capacity),
    slotMinutes: str(body.slotMinutes),
    benchUserIds: asArray(body.benchUserIds),
  }
  const input = {
    startTime: normaliseTime(values.startTime) || undefined,
    courtroom: values.courtroom,
    capacity: num(body.capacity),
    slotMinutes: num(body.slotMinutes),
    benchUserIds: values.benchUserIds,
  }
  return { values, input }
}

function courtOf(body: Body, errors: FieldError[]): string {
  const courtId = str(body.courtId)
  if (!courtId) errors.push({ field: 'courtId', message: 'Select the court' })
  return courtId
}

export function parseSittingForm(body: Body) {
  const errors: FieldError[] = []
  const fields = sittingFields(body)
  const courtId = courtOf(body, errors)
  const values: Record<string, unknown> = { courtId, ...fields.values }
  const date = readDate(body, 'date', 'Date of the sitting', errors, values)
  return { courtId, input: { date, ...fields.input }, values, errors }
}

export function parseSeriesForm(body: Body) {
  const errors: FieldError[] = []
  const fields = sittingFields(body)
  const courtId = courtOf(body, errors)
  const values: Record<string, unknown> = { courtId, ...fields.values }
  const from = readDate(body, 'from', 'Date of the first sitting', errors, values)
  const to = readDate(body, 'to', 'Date of the last sitting', errors, values)
  return { courtId, input: { from, to, ...fields.input }, values, errors }
}

export function parseSittingChangeForm(body: Body) {
  const { values, input } = sittingFields(body)
  return {
    input: {
      courtroom: input.courtroom,
      capacity: input.capacity,
      benchUserIds: input.benchUserIds,
      version: num(body.version),
    },
    values: { courtroom: values.courtroom, capacity: values.capacity, benchUserIds: values.benchUserIds },
  }
}

export function parseCancelForm(body: Body) {
  const reason = str(body.reason).trim()
  const version = num(body.version)
  const errors: FieldError[] = []
  if (!reason) errors.push({ field: 'reason', message: 'Enter the reason for cancelling the sitting' })
  else if (reason.length > 500) errors.push({ field: 'reason', message: 'Reason must be 500 characters or fewer' })
  return { input: { reason, version: version ?? NaN }, values: { reason: str(body.reason) }, errors }
}

/**
 * Before the service sees a form the form has found problems with (a date that is not a real date):
 * every problem, the form's and the schema's, in the order the fields appear, one per field.
 */
export function refuseIfInvalid(
  parsed: { input: unknown; errors: FieldError[] },
  schema: z.ZodType,
  fieldOrder: readonly string[],
): void {
  if (parsed.errors.length === 0) return
  const result = schema.safeParse(parsed.input)
  const own = new Set(parsed.errors.map(e => e.field))
  const schemaErrors = result.success ? [] : fieldErrors(result.error).filter(e => !own.has(e.field))
  const rank = (f: string) => (fieldOrder.includes(f) ? fieldOrder.indexOf(f) : fieldOrder.length)
  throw new ValidationError([...parsed.errors, ...schemaErrors].sort((a, b) => rank(a.field) - rank(b.field)))
}
