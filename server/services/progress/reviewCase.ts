import type { CaseRepository, RequirementRow } from '../../data/caseRepository'
import type { ReviewRepository } from '../../data/reviewRepository'

/**
 * Loads a review with its requirement, order and person, asking `mayRead` about the requirement
 * before anything of the person is read. Null when the review is missing, not the user's to read,
 * or its case is incomplete: the caller answers 404 for all of them alike.
 */
export function createReviewCaseLoader(deps: { cases: CaseRepository; reviews: ReviewRepository }) {
  const { cases, reviews } = deps
  return async function reviewCase(reviewId: string, mayRead: (requirement: RequirementRow) => Promise<boolean>) {
    const review = await reviews.find(reviewId)
    const requirement = review ? await cases.requirement(review.requirementId) : null
    if (!review || !requirement || !(await mayRead(requirement))) return null
    const order = await cases.order(requirement.orderId)
    const person = order ? await cases.person(order.personId, { kind: 'all' }) : null
    return order && person ? { review, requirement, order, person } : null
  }
}

export type ReviewCaseLoader = ReturnType<typeof createReviewCaseLoader>
