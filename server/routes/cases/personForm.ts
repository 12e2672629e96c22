import type { FieldError } from '../../errors'
import type { PersonRow } from '../../data/caseRepository'
import { parseDateParts } from '../../utils/dates'
import { str } from '../forms'
import type { EqualityAnswers } from '../../data/equalityRepository'
import { ETHNICITY, SEX } from '../../content/labels'
import { ETHNICITY_CODES, SEX_CODES } from '../../services/insights/equalityRules'
import { dateValues, dateValuesOf, type DateValues } from './formErrors'

/** The person form's fields, in page order (the error summary follows it). */
export const PERSON_FIELDS = ['name', 'dateOfBirth', 'crn', 'pnc', 'sex', 'ethnicity'] as const

export interface PersonFormValues extends Record<string, unknown> {
  name: string
  dateOfBirth: DateValues
  crn: string
  pnc: string
  /** Equality monitoring codes (issue 22); '' is not recorded. */
  sex: string
  ethnicity: string
}

export interface ParsedPersonForm {
  /** As the service's personInput expects it; the date is undefined when it could not be read. */
  input: { name: string; dateOfBirth: string | undefined; crn: string; pnc: string; sex: string; ethnicity: string }
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
    sex: str(body.sex),
    ethnicity: str(body.ethnicity),
  }
  const { name, crn, pnc, sex, ethnicity } = values
  return {
    input: { name, dateOfBirth: parsed.date, crn, pnc, sex, ethnicity },
    values,
    errors: parsed.error ? [{ field: 'dateOfBirth', message: parsed.error }] : [],
  }
}

/** A saved person as the form shows them, with their equality monitoring answers (the clerk's form only). */
export function personFormValues(person: PersonRow, answers?: EqualityAnswers): PersonFormValues {
  return {
    name: person.name,
    dateOfBirth: dateValuesOf(person.dateOfBirth),
    crn: person.crn,
    pnc: person.pnc ?? '',
    sex: answers?.sex ?? '',
    ethnicity: answers?.ethnicity ?? '',
  }
}

const radios = (codes: readonly string[], labels: Record<string, string>) => [
  ...codes.map(value => ({ value, text: labels[value] })),
  { divider: 'or' },
  { value: '', text: 'Not recorded' },
]

/**
 * The radios of the optional equality monitoring questions (issue 22): the categories of the Ministry of
 * Justice's statistics, and "Not recorded" to leave (or make) a question unanswered.
 */
export const EQUALITY_ITEMS = {
  sex: radios(SEX_CODES, SEX),
  ethnicity: radios(ETHNICITY_CODES, ETHNICITY),
}
