import type { FieldError } from '../../errors'
import { formatDate } from '../../utils/dates'
import type { OrderKind } from './breachRules'

/**
 * Applications to the review court outside a review: pure rules, tested in tables.
 *
 * - Early revocation for good progress. A community order: on the application of the offender or an
 *   officer of a provider of probation services, the court may revoke the order in the interests of
 *   justice; "the circumstances in which a community order may be revoked ... include the offender's
 *   making good progress, or responding satisfactorily to supervision or treatment" (Sentencing Act
 *   2020 Sch 10 para 14(1), (5), (6)). A suspended sentence order: the court may cancel its community
 *   requirements, the circumstances including good progress or responding satisfactorily to
 *   supervision (Sch 16 para 22(1)-(3)). Granted, the requirement ends as completed early.
 * - Amendment: a community order's requirements may be cancelled or replaced on such an application
 *   (Sch 10 para 18(1)); a suspended sentence order's under Sch 16 Part 3. The court's decision is
 *   recorded here; the clerk records the amendment itself (the amendments page).
 * - An application is heard at the review hearing it is listed for, and decided from that day.
 */

export const APPLICATION_KINDS = ['amend', 'early_revocation'] as const
export type ApplicationKindName = (typeof APPLICATION_KINDS)[number]

export const EARLY_REVOCATION_CITATION: Record<OrderKind, string> = {
  community: 'Sentencing Act 2020 Sch 10 para 14',
  suspended: 'Sentencing Act 2020 Sch 16 para 22',
}

export const AMENDMENT_CITATION: Record<OrderKind, string> = {
  community: 'Sentencing Act 2020 Sch 10 para 18',
  suspended: 'Sentencing Act 2020 Sch 16 Part 3',
}

export const citationFor = (kind: ApplicationKindName, orderKind: OrderKind): string =>
  kind === 'early_revocation' ? EARLY_REVOCATION_CITATION[orderKind] : AMENDMENT_CITATION[orderKind]

/** Why an application cannot be made: none means it can. */
export function makeRefusals(f: { requirementStatus: string }): FieldError[] {
  if (f.requirementStatus !== 'active')
    return [
      {
        field: 'requirementId',
        message: 'The requirement has ended: an application can only be made while the order is in force',
      },
    ]
  return []
}

export interface DecideFacts {
  kind: ApplicationKindName
  granted: boolean
  requirementStatus: string
  /** The date of the hearing the application is heard at (null when none is listed). */
  hearingDate: string | null
  today: string
}

/** Why the court's decision on an application cannot be recorded as given: none means it can. */
export function decideRefusals(f: DecideFacts): FieldError[] {
  if (f.hearingDate === null || f.hearingDate > f.today)
    return [
      {
        field: 'applicationId',
        message: f.hearingDate
          ? `The application is heard on ${formatDate(f.hearingDate)}: the decision can be recorded from then`
          : 'The application has no hearing listed yet: list the review hearing first',
      },
    ]
  if (f.granted && f.requirementStatus !== 'active')
    return [
      {
        field: 'granted',
        message: 'The requirement has already ended: the application can only be refused',
      },
    ]
  return []
}

/** What a decision does to the requirement: early revocation granted ends it as completed early. */
export function requirementChangeFor(
  kind: ApplicationKindName,
  granted: boolean,
): { status: 'completed'; completedEarly: true } | null {
  return kind === 'early_revocation' && granted ? { status: 'completed', completedEarly: true } : null
}
