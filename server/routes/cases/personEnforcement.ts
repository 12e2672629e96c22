import type { RequirementRow } from '../../data/caseRepository'
import type { ReviewRow } from '../../data/reviewRepository'
import type { BreachRow } from '../../data/breachRepository'
import type { WarrantListRow } from '../../data/enforcementRepository'
import type { ApplicationRow } from '../../data/amendmentRepository'
import { paths } from '../../paths'
import { formatDate, formatShortDate } from '../../utils/dates'
import { APPLICATION_KINDS, APPLICATION_STATUS, BREACH_STATUS } from '../../content/labels'
import { breachOutcomeWords } from '../enforcement/breaches'

// The person page's enforcement part: each requirement's breaches and open warrants, in words.

export interface Enforcement {
  breaches: BreachRow[]
  warrants: WarrantListRow[]
  /** The responsible officer may lay a breach (the service checks the case is theirs). */
  canLay: boolean
  /** Applications to the court outside a review (Sch 10 paras 14, 18; Sch 16 para 22). */
  applications?: ApplicationRow[]
  /** Whether the user may apply to the court about this requirement (officer: own case; provider: own referral). */
  canApply?: (r: RequirementRow) => boolean
}

export function breachesView(r: RequirementRow, reviews: ReviewRow[], e: Enforcement, isClerk: boolean) {
  return e.breaches
    .filter(b => b.requirementId === r.id)
    .map(b => {
      const hearing = reviews.find(v => v.id === b.hearingReviewId)
      const status = BREACH_STATUS[b.status] ?? { text: b.status, colour: 'grey' }
      const outcome = breachOutcomeWords(b)
      return {
        title: `Breach laid ${formatShortDate(b.laidAt.slice(0, 10))}`,
        statusTag: status,
        rows: [
          { key: 'Failure', value: b.failure },
          { key: 'Date of the failure', value: formatDate(b.occurredOn) },
          { key: 'Status', value: status.text },
          {
            key: 'Heard at',
            value: hearing ? `The review hearing on ${formatDate(hearing.reviewDate)}` : 'Not listed yet',
          },
          { key: 'Outcome', value: outcome ?? 'Not decided yet' },
          ...(b.comments ? [{ key: 'Court’s comments', value: b.comments }] : []),
        ],
        actions:
          isClerk && b.status === 'open' ? [{ text: 'Record the outcome', href: paths.breaches.outcome(b.id) }] : null,
      }
    })
}

export function warrantsView(r: RequirementRow, e: Enforcement, isClerk: boolean) {
  return e.warrants
    .filter(w => w.requirementId === r.id && w.status === 'open')
    .map(w => ({
      title: `Warrant issued ${formatShortDate(w.issuedOn)}`,
      rows: [
        { key: 'Issued', value: formatDate(w.issuedOn) },
        { key: 'Missed hearing', value: formatDate(w.missedOn) },
        { key: 'Bail', value: w.bail ? 'Backed for bail' : 'Not backed for bail' },
      ],
      actions: isClerk
        ? [
            { text: 'Executed', href: paths.warrants.execute(w.id) },
            { text: 'Withdraw', href: paths.warrants.withdraw(w.id) },
          ]
        : null,
    }))
}

export function applicationsView(r: RequirementRow, reviews: ReviewRow[], e: Enforcement, isClerk: boolean) {
  return (e.applications ?? [])
    .filter(a => a.requirementId === r.id)
    .map(a => {
      const hearing = reviews.find(v => v.id === a.hearingReviewId)
      const status = APPLICATION_STATUS[a.status] ?? { text: a.status, colour: 'grey' }
      return {
        title: `Application made ${formatShortDate(a.madeAt.slice(0, 10))}`,
        rows: [
          { key: 'Asks the court', value: APPLICATION_KINDS[a.kind] ?? a.kind },
          { key: 'Reason', value: a.reason },
          ...(a.proposed ? [{ key: 'Change proposed', value: a.proposed }] : []),
          { key: 'Status', value: status.text },
          {
            key: 'Heard at',
            value: hearing ? `The review hearing on ${formatDate(hearing.reviewDate)}` : 'Not listed yet',
          },
          ...(a.decisionComments ? [{ key: 'Court’s comments', value: a.decisionComments }] : []),
        ],
        actions:
          isClerk && a.status === 'open'
            ? [{ text: 'Record the decision', href: paths.applications.decision(a.id) }]
            : null,
      }
    })
}
