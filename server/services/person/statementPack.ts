import type { ReviewRow } from '../../data/reviewRepository'
import type { StatementResponseRow, StatementRow } from '../../data/statementRepository'
import { formatDateTime, formatShortDate } from '../../utils/dates'
import { ROLE_NAMES, isRole } from '../../roles'
import { statementForPack } from './statementRules'

// The pack's "In their own words" for each case, and the bench's responses on its timeline, from rows
// read once for the whole pack.

export interface PackStatement {
  /** The words as taken down (printed as text, line breaks kept by the pack's CSS). */
  text: string
  /** "Taken down by Sam Officer (Probation officer), 5 May 2026 at 2:30pm". */
  byline: string
  revision: number
  /** Taken for an earlier hearing that did not happen: the date of that hearing. */
  carriedFrom: string | null
}

const roleName = (role: string) => (isRole(role) ? ROLE_NAMES[role] : role)

/** Who took the words down and when, as the page and the pack say it. */
export const statementByline = (s: Pick<StatementRow, 'takenByName' | 'takenByRole' | 'takenAt'>) =>
  `Taken down by ${s.takenByName ?? 'a former user'} (${roleName(s.takenByRole)}), ${formatDateTime(s.takenAt)}`

/**
 * The statement each booked review's case prints (its own, or one carried from a hearing that did not
 * happen: statementRules.statementForPack), by review id.
 */
export function packStatements(
  booked: readonly ReviewRow[],
  siblings: readonly ReviewRow[],
  current: readonly StatementRow[],
): Map<string, PackStatement> {
  const byReview = new Map(current.map(s => [s.reviewId, s]))
  const reviewDate = new Map(siblings.map(s => [s.id, s.reviewDate]))
  const out = new Map<string, PackStatement>()
  for (const r of booked) {
    const s = statementForPack(
      r,
      siblings.filter(x => x.requirementId === r.requirementId),
      byReview,
    )
    if (!s) continue
    out.set(r.id, {
      text: s.text.trim(),
      byline: statementByline(s),
      revision: s.revision,
      carriedFrom: s.carried ? formatShortDate(reviewDate.get(s.reviewId) ?? '') : null,
    })
  }
  return out
}

/** The bench's response to the person's words at each earlier review, by review id. */
export const responsesByReview = (responses: readonly StatementResponseRow[]) =>
  new Map(responses.map(r => [r.reviewId, r.text]))
