import type { FieldError } from '../../errors'
import { addCalendarMonths, formatDate } from '../../utils/dates'

/**
 * What a structured amendment of a drug rehabilitation requirement may change, from the Sentencing
 * Act 2020: pure, tested in tables.
 *
 * - A DRR may be amended only if the person expresses willingness to comply with it as amended
 *   (Sch 9 para 22(3)(a)): consent is required, at a review hearing or on an application.
 * - Reviews stay at intervals of not less than one month (Sch 9 para 21(2)(a)).
 * - The responsible court may be a magistrates' court acting in the person's home local justice area
 *   (Sch 9 para 21(5)): never the Crown Court.
 * - The amended requirement cannot end before today: a requirement already over is not amended.
 */

export const AMEND_CONSENT =
  'The requirement can be amended only if the person expresses willingness to comply with it as amended (Sentencing Act 2020 Sch 9 para 22(3)(a))'
export const NOTHING_CHANGED =
  'Say what the amendment changes: the length, the review interval, the provider, residential treatment or the responsible court'
export const CROWN_COURT =
  'Reviews can be transferred only to a magistrates’ court acting in the person’s home local justice area (Sentencing Act 2020 Sch 9 para 21(5)), not to the Crown Court'
/** A community order lasts at most three years: no requirement of it may run longer. */
export const MAX_MONTHS = 36

export interface AmendmentFacts {
  requirementStatus: string
  consent: boolean
  startsOn: string
  today: string
  current: {
    months: number
    reviewIntervalMonths: number | null
    providerOrganisationId: string | null
    residential: boolean
    courtId: string
  }
  asked: {
    months?: number | null
    reviewIntervalMonths?: number | null
    providerOrganisationId?: string | null
    residential?: boolean | null
    responsibleCourtId?: string | null
  }
  /** The court asked for, when one is: its kind. */
  court: { kind: 'magistrates' | 'crown' } | null
  /** The provider asked for, when one is: whether it is a treatment provider. */
  provider: { kind: string } | null
}

/** Given: not left out and not null. */
const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined

/** The changes asked for that differ from the requirement as it is, old → new. */
export function changesOf(f: AmendmentFacts): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {}
  const { current, asked } = f
  if (given(asked.months) && asked.months !== current.months) out.months = { from: current.months, to: asked.months }
  if (given(asked.reviewIntervalMonths) && asked.reviewIntervalMonths !== current.reviewIntervalMonths)
    out.reviewIntervalMonths = { from: current.reviewIntervalMonths, to: asked.reviewIntervalMonths }
  if (given(asked.providerOrganisationId) && asked.providerOrganisationId !== current.providerOrganisationId)
    out.providerOrganisationId = { from: current.providerOrganisationId, to: asked.providerOrganisationId }
  if (given(asked.residential) && asked.residential !== current.residential)
    out.residential = { from: current.residential, to: asked.residential }
  if (given(asked.responsibleCourtId) && asked.responsibleCourtId !== current.courtId)
    out.responsibleCourtId = { from: current.courtId, to: asked.responsibleCourtId }
  return out
}

/** Every reason the amendment cannot be made as asked, each naming its field; none means it can. */
export function amendmentRefusals(f: AmendmentFacts): FieldError[] {
  if (f.requirementStatus !== 'active')
    return [{ field: 'requirementId', message: 'The requirement has ended: it can no longer be amended' }]
  const out: FieldError[] = []
  if (!f.consent) out.push({ field: 'consent', message: AMEND_CONSENT })
  const { asked } = f
  if (given(asked.months)) {
    if (!Number.isInteger(asked.months) || asked.months < 1 || asked.months > MAX_MONTHS)
      out.push({ field: 'months', message: `The length must be a whole number of months from 1 to ${MAX_MONTHS}` })
    else if (addCalendarMonths(f.startsOn, asked.months) < f.today)
      out.push({
        field: 'months',
        message: `At ${asked.months} months the requirement would have ended on ${formatDate(addCalendarMonths(f.startsOn, asked.months))}: choose a length that ends today or later`,
      })
  }
  if (
    given(asked.reviewIntervalMonths) &&
    (!Number.isInteger(asked.reviewIntervalMonths) || asked.reviewIntervalMonths < 1 || asked.reviewIntervalMonths > 12)
  )
    out.push({
      field: 'reviewIntervalMonths',
      message:
        'Reviews are at intervals of not less than one month (Sentencing Act 2020 Sch 9 para 21(2)(a)): choose 1 to 12 months',
    })
  if (given(asked.providerOrganisationId) && f.provider?.kind !== 'provider')
    out.push({ field: 'providerOrganisationId', message: 'Choose a treatment provider' })
  if (given(asked.responsibleCourtId)) {
    if (!f.court) out.push({ field: 'responsibleCourtId', message: 'Choose a court' })
    else if (f.court.kind !== 'magistrates') out.push({ field: 'responsibleCourtId', message: CROWN_COURT })
  }
  if (!out.length && Object.keys(changesOf(f)).length === 0) out.push({ field: 'body', message: NOTHING_CHANGED })
  return out
}
