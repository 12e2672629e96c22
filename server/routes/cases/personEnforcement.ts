import type { RequirementRow } from '../../data/caseRepository'
import type { ReviewRow } from '../../data/reviewRepository'
import type { BreachRow } from '../../data/breachRepository'
import type { WarrantListRow } from '../../data/enforcementRepository'
import { paths } from '../../paths'
import { formatDate, formatShortDate } from '../../utils/dates'
import { BREACH_STATUS } from '../../content/labels'
import { breachOutcomeWords } from '../enforcement/breaches'

// The person page's enforcement part: each requirement's breaches and open warrants, in words.

export interface Enforcement {
  breaches: BreachRow[]
  warrants: WarrantListRow[]
  /** The responsible officer may lay a breach (the service checks the case is theirs). */
  canLay: boolean
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
