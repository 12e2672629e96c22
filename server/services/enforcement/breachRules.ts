import type { FieldError } from '../../errors'
import { formatDate } from '../../utils/dates'
import { BREACH_POWERS as POWER_WORDS } from '../../content/labels'

/**
 * Breach of a DRR subject to review, at the review court: pure rules, tested in tables.
 *
 * - The review court is the "appropriate court" that deals with the breach (Sentencing Act 2020
 *   Sch 10 para 1(1)); laying it does not end the order: the requirement is in breach proceedings
 *   until the court decides.
 * - Proved, a community order's breach is dealt with under Sch 10 para 10(5): more onerous
 *   requirements, a fine of up to £2,500, or revoking the order and re-sentencing.
 * - Proved, a suspended sentence order's breach is dealt with under Sch 16 para 13(1): the sentence
 *   activated in full or with a lesser term, a fine of up to £2,500, more onerous community requirements
 *   (or a longer supervision or operational period); activation is required unless unjust in view of all
 *   the circumstances (para 13(3)), where the court may decide to make no order activating it.
 * - Not proved: the breach is dismissed and the order goes on.
 */

export type OrderKind = 'community' | 'suspended'

export const COMMUNITY_POWERS = ['fine', 'amend_more_onerous', 'revoke_resentence'] as const
export const SUSPENDED_POWERS = ['activate_in_full', 'activate_lesser_term', 'fine', 'amend_sso', 'no_order'] as const
export const BREACH_POWERS = [...new Set([...COMMUNITY_POWERS, ...SUSPENDED_POWERS, 'not_proved'])] as [
  string,
  ...string[],
]

export const POWERS_FOR: Record<OrderKind, readonly string[]> = {
  community: COMMUNITY_POWERS,
  suspended: SUSPENDED_POWERS,
}

/** Powers that end the requirement: the order is revoked or the suspended sentence takes effect. */
export const CLOSING_POWERS: readonly string[] = ['revoke_resentence', 'activate_in_full', 'activate_lesser_term']

/** The most a fine on breach may be, in pounds (Sch 10 para 10(5)(b); Sch 16 para 13(1)(c)). */
export const MAX_BREACH_FINE = 2500

export const POWER_CITATION: Record<OrderKind, string> = {
  community: 'Sentencing Act 2020 Sch 10 para 10(5)',
  suspended: 'Sentencing Act 2020 Sch 16 para 13(1)',
}

export interface LayFacts {
  requirementStatus: string
  occurredOn: string
  madeOn: string
  today: string
}

/** Why a breach cannot be laid as given; none means it can. */
export function layRefusals(f: LayFacts): FieldError[] {
  if (f.requirementStatus !== 'active')
    return [
      {
        field: 'requirementId',
        message: 'The requirement has ended: a breach can only be laid while the order is in force',
      },
    ]
  if (f.occurredOn > f.today)
    return [{ field: 'occurredOn', message: 'The date of the failure must be today or in the past' }]
  if (f.occurredOn < f.madeOn)
    return [
      {
        field: 'occurredOn',
        message: `The date of the failure must be on or after ${formatDate(f.madeOn)}, when the order was made`,
      },
    ]
  return []
}

export interface BreachOutcomeFacts {
  proved: boolean
  power: string | null
  fineAmount: number | null
  orderKind: OrderKind
  /** The date of the hearing the breach is heard at (null when it is not listed). */
  hearingDate: string | null
  today: string
}

/** Why the court's decision on a breach cannot be recorded as given; none means it can. */
export function breachOutcomeRefusals(f: BreachOutcomeFacts): FieldError[] {
  if (f.hearingDate === null || f.hearingDate > f.today)
    return [
      {
        field: 'breachId',
        message: f.hearingDate
          ? `The breach is heard on ${formatDate(f.hearingDate)}: its outcome can be recorded from then`
          : 'The breach has no hearing listed yet: list the review hearing first',
      },
    ]
  if (!f.proved)
    return f.power && f.power !== 'not_proved'
      ? [{ field: 'power', message: 'A breach not proved is dismissed: no power is used (choose "not proved")' }]
      : []
  const allowed = POWERS_FOR[f.orderKind]
  if (!f.power || !allowed.includes(f.power))
    return [
      {
        field: 'power',
        message: `Choose what the court did under ${POWER_CITATION[f.orderKind]}: ${allowed.map(p => POWER_WORDS[p]).join(', ')}`,
      },
    ]
  if (f.power === 'fine') {
    if (f.fineAmount === null) return [{ field: 'fineAmount', message: 'Enter the amount of the fine in pounds' }]
    if (!Number.isInteger(f.fineAmount) || f.fineAmount < 1 || f.fineAmount > MAX_BREACH_FINE)
      return [
        {
          field: 'fineAmount',
          message: `A fine on breach must be a whole number of pounds from £1 to £${MAX_BREACH_FINE.toLocaleString('en-GB')} (${POWER_CITATION[f.orderKind]})`,
        },
      ]
  }
  return []
}
