import type { FieldError } from '../../errors'
import type { PersonRow } from '../../data/caseRepository'
import { parseDateParts } from '../../utils/dates'
import { str } from '../forms'
import { dateValues, dateValuesOf, type DateValues } from './formErrors'

/** The person form's fields, in page order (the error summary follows it). */
export const PERSON_FIELDS = ['name', 'dateOfBirth', 'crn', 'pnc'] as const

export interface PersonFormValues extends Record<string, unknown> {
  name: string
  dateOfBirth: DateValues
  crn: string
  pnc: string
}

export interface ParsedPersonForm {
  /** As the service's personInput expects it; the date is undefined when it could not be read. */
  input: { name: string; dateOfBirth: string | undefined; crn: string; pnc: string }
  /** What the user typed, to show again. */
  values: PersonFormValues
  /** Problems the form found itself (the date boxes). */
  errors: FieldError[]
}

export function parsePersonForm(body: Record<string, unknown>): ParsedPersonForm {
  const dob = dateValues(body.dateOfBirth)
  const parsed = parseDateParts(dob, 'Date of birth')
  const values: PersonFormValues = {
    name: str(body.name),
    dateOfBirth: parsed.errorParts ? { ...dob, errorParts: parsed.errorParts } : dob,
    crn: str(body.crn),
    pnc: str(body.pnc),
  }
  return {
    input: { name: values.name, dateOfBirth: parsed.date, crn: values.crn, pnc: values.pnc },
    values,
    errors: parsed.error ? [{ field: 'dateOfBirth', message: parsed.error }] : [],
  }
}

/** A saved person as the form shows them. */
export function personFormValues(person: PersonRow): PersonFormValues {
  return {
    name: person.name,
    dateOfBirth: dateValuesOf(person.dateOfBirth),
    crn: person.crn,
    pnc: person.pnc ?? '',
  }
}
