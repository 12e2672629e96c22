import type { CurrentUser } from '../../roles'
import type { ReviewStatus } from '../../data/reviewRepository'
import type { RequirementRow } from '../../data/caseRepository'

// The person's own words before a review (issue 23): who may take them down, who may read them, and
// until when. Pure: no database, no clock.

/** The most a statement may hold (the form's character count shows it). */
export const STATEMENT_MAX = 2000
/** The most the bench's response to it may hold. */
export const RESPONSE_MAX = 2000

/**
 * Whether a statement may still be taken for a review. Open while the review waits to be heard
 * (listed or waiting for a sitting); closed once it is held (an outcome is recorded, on paper or at a
 * hearing, attended or not), and closed for a review that will not be heard (vacated, or adjourned to
 * another hearing): the words then go on the next review. A review of a requirement that has ended
 * takes none either.
 */
export type StatementWindow = { open: true } | { open: false; reason: 'held' | 'not_heard' | 'ended' }

export function statementWindow(state: {
  status: ReviewStatus
  hasOutcome: boolean
  requirementActive: boolean
}): StatementWindow {
  if (state.hasOutcome || state.status === 'held' || state.status === 'did_not_attend')
    return { open: false, reason: 'held' }
  if (state.status === 'vacated' || state.status === 'adjourned') return { open: false, reason: 'not_heard' }
  if (!state.requirementActive) return { open: false, reason: 'ended' }
  return { open: true }
}

/** What the page and the API say when the window is closed. */
export const CLOSED_MESSAGE: Record<'held' | 'not_heard' | 'ended', string> = {
  held: 'The review has been held, so its statement can no longer change. A later statement goes on the next review.',
  not_heard: 'This review will not be heard (it was vacated or adjourned). A statement goes on the next review.',
  ended: 'This requirement has ended, so its reviews take no statement.',
}

/**
 * Who may take the person's words down: the responsible officer of the case, or a worker of the
 * treatment provider the requirement is referred to (the two who see the person between reviews).
 */
export function mayRecord(
  user: Pick<CurrentUser, 'id' | 'role' | 'organisationId'>,
  requirement: Pick<RequirementRow, 'responsibleOfficerId' | 'providerOrganisationId'>,
): boolean {
  if (user.role === 'probation') return requirement.responsibleOfficerId === user.id
  if (user.role === 'provider')
    return user.organisationId !== null && requirement.providerOrganisationId === user.organisationId
  return false
}

/**
 * Whether a sentencer may read a review's statement: a member of the bench of the sitting it is listed
 * in, or for a review without a hearing, a sentencer of the court that decides it. The other roles are
 * scoped as every case read is (caseRepository's scope).
 */
export function sentencerMayRead(
  user: Pick<CurrentUser, 'id' | 'role' | 'courtIds'>,
  review: { mode: 'hearing' | 'paper'; benchUserIds: readonly string[] | null; courtId: string },
): boolean {
  if (user.role !== 'sentencer') return false
  if (review.mode === 'paper') return user.courtIds.includes(review.courtId)
  return Boolean(review.benchUserIds?.includes(user.id))
}

/**
 * The statement a review's pack prints: its own latest revision; else, when it has none, the newest
 * one taken for an earlier review of the same requirement that was not heard (vacated or adjourned)
 * after the last review that was held, so words taken for a hearing that did not happen still reach
 * the bench. Reviews in sequence order; statements are the current revision of each review.
 */
export function statementForPack<S extends { reviewId: string; takenAt: string }>(
  review: { id: string; sequence: number },
  siblings: readonly { id: string; sequence: number; status: ReviewStatus }[],
  current: ReadonlyMap<string, S>,
): (S & { carried: boolean }) | null {
  const own = current.get(review.id)
  if (own) return { ...own, carried: false }
  const earlier = siblings.filter(s => s.sequence < review.sequence).sort((a, b) => a.sequence - b.sequence)
  let carried: S | null = null
  for (const s of earlier) {
    if (s.status === 'held' || s.status === 'did_not_attend') carried = null
    else if (s.status === 'vacated' || s.status === 'adjourned') {
      const words = current.get(s.id)
      if (words && (!carried || words.takenAt >= carried.takenAt)) carried = words
    }
  }
  return carried ? { ...carried, carried: true } : null
}
