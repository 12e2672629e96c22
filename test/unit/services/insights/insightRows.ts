import type { InsightRequirement, InsightReview } from '../../../../server/data/insightRepository'

/** The insight repository's rows for the rules' unit tests: a held hearing and an active requirement, changed by `over`. */
export const review = (over: Partial<InsightReview>): InsightReview => ({
  id: 'r',
  courtId: 'c',
  requirementId: 'q',
  status: 'held',
  mode: 'hearing',
  date: '2028-02-08',
  reportDueAt: '2028-02-04T17:00:00.000Z',
  firstSubmittedAt: null,
  hearingAt: '2028-02-08T10:00:00.000Z',
  teamId: null,
  team: null,
  warrantIssued: false,
  ...over,
})

export const requirement = (over: Partial<InsightRequirement>): InsightRequirement => ({
  id: 'q',
  courtId: 'c',
  status: 'active',
  completedEarly: false,
  breachProceedings: false,
  madeOn: '2028-01-05',
  firstReviewOn: null,
  ...over,
})
