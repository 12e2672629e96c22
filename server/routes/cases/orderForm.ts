import type { FieldError } from '../../errors'
import { parseDateParts } from '../../utils/dates'
import { asArray, num, str } from '../forms'
import { dateValues, isBlankDate, type DateValues } from './formErrors'

/** The order form records one order with one requirement; its fields in page order. */
export const ORDER_FIELDS = [
  'courtId',
  'kind',
  'madeOn',
  'endsOn',
  'caseReference',
  'requirementKind',
  'months',
  'reviewIntervalMonths',
  'residential',
  'providerOrganisationId',
  'responsibleOfficerId',
  'willingToComply',
  'psrText',
] as const

export const ORDER_DATE_FIELDS = ['madeOn', 'endsOn'] as const

export interface OrderFormValues extends Record<string, unknown> {
  courtId: string
  kind: string
  madeOn: DateValues
  endsOn: DateValues
  caseReference: string
  requirementKind: string
  months: string
  reviewIntervalMonths: string
  residential: string
  providerOrganisationId: string
  responsibleOfficerId: string
  willingToComply: string[]
  psrText: string
}

/**
 * What a new order form starts with: not residential. Reviews are always at hearings to begin with
 * (Sentencing Act 2020 Sch 9 para 21(2)(b)-(c)), so the form does not ask.
 */
export const NEW_ORDER_VALUES: Partial<OrderFormValues> = { residential: 'no' }

export interface ParsedOrderForm {
  /** As the service's orderInput expects it; a date is undefined when it could not be read. */
  input: {
    personId: string
    courtId: string
    kind: string | undefined
    madeOn: string | undefined
    endsOn: string | undefined
    caseReference: string
    requirements: {
      kind: string | undefined
      months: number | undefined
      reviewIntervalMonths: number | null
      residential: boolean | undefined
      providerOrganisationId: string
      responsibleOfficerId: string
      willingToComply: boolean
    }[]
    psrText: string | null
  }
  values: OrderFormValues
  /** Problems the form found itself (the date boxes). */
  errors: FieldError[]
  /** Whether the user gave an end date (otherwise the service works one out from the requirement). */
  endsOnGiven: boolean
}

const yesNo = (v: string): boolean | undefined => (v === 'yes' ? true : v === 'no' ? false : undefined)

export function parseOrderForm(body: Record<string, unknown>, personId: string): ParsedOrderForm {
  const madeOn = dateValues(body.madeOn)
  const endsOn = dateValues(body.endsOn)
  const made = parseDateParts(madeOn, 'The date the order was made')
  const endsOnGiven = !isBlankDate(endsOn)
  const ends = endsOnGiven ? parseDateParts(endsOn, 'The date the order ends') : {}
  const values: OrderFormValues = {
    courtId: str(body.courtId),
    kind: str(body.kind),
    madeOn: made.errorParts ? { ...madeOn, errorParts: made.errorParts } : madeOn,
    endsOn: ends.errorParts ? { ...endsOn, errorParts: ends.errorParts } : endsOn,
    caseReference: str(body.caseReference),
    requirementKind: str(body.requirementKind),
    months: str(body.months),
    reviewIntervalMonths: str(body.reviewIntervalMonths),
    residential: str(body.residential),
    providerOrganisationId: str(body.providerOrganisationId),
    responsibleOfficerId: str(body.responsibleOfficerId),
    willingToComply: asArray(body.willingToComply),
    psrText: str(body.psrText),
  }
  const errors: FieldError[] = []
  if (made.error) errors.push({ field: 'madeOn', message: made.error })
  if (ends.error) errors.push({ field: 'endsOn', message: ends.error })
  return {
    input: {
      personId,
      courtId: values.courtId,
      kind: values.kind || undefined,
      madeOn: made.date,
      endsOn: ends.date,
      caseReference: values.caseReference,
      requirements: [
        {
          kind: values.requirementKind || undefined,
          months: num(values.months),
          // Blank means the requirement is not reviewed; the service says when a review is required.
          reviewIntervalMonths: num(values.reviewIntervalMonths) ?? null,
          residential: yesNo(values.residential),
          providerOrganisationId: values.providerOrganisationId,
          responsibleOfficerId: values.responsibleOfficerId,
          willingToComply: values.willingToComply.includes('yes'),
        },
      ],
      psrText: values.psrText.trim() ? values.psrText : null,
    },
    values,
    errors,
    endsOnGiven,
  }
}

/**
 * The form field a service error belongs to: `requirements.0.months` is the `months` box. When the user left the
 * end date blank the service worked it out from the requirement's length, so a too-long order is the length's fault.
 */
export function orderFieldFor(serviceField: string, endsOnGiven: boolean): string {
  const requirement = /^requirements\.0\.(\w+)$/.exec(serviceField)
  if (requirement) return requirement[1] === 'kind' ? 'requirementKind' : requirement[1]
  if (serviceField === 'requirements') return 'requirementKind'
  if (serviceField === 'endsOn' && !endsOnGiven) return 'months'
  return serviceField
}
