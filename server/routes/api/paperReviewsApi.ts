import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { paperDecisionInput } from '../../services/hearing/paperReviewService'
import { toLocalIso } from '../../utils/dates'

/** Reviews without a hearing (Sentencing Act 2020 Sch 9 para 22(6)-(8)), decided by one justice or judge. */
export function paperReviewsApi(api: DeclareApi, services: Services) {
  const { papers, listing } = services

  api(
    {
      method: 'get',
      path: '/paper-reviews',
      access: ['sentencer'],
      summary: 'The paper reviews of my courts waiting for a decision (due within two weeks or overdue), oldest first',
    },
    async (req, res) => {
      const queue = await papers.paperQueue(req.user!)
      res.json(
        queue.map(q => ({
          reviewId: q.reviewId,
          requirementId: q.requirementId,
          sequence: q.sequence,
          dueOn: q.reviewDate,
          personId: q.personId,
          personName: q.personName,
          courtId: q.courtId,
          breachProceedings: q.breachProceedings,
          report: q.report
            ? { status: 'submitted', submittedAt: toLocalIso(q.report.submittedAt), late: q.report.late }
            : null,
        })),
      )
    },
  )

  api(
    {
      method: 'post',
      path: '/reviews/:id/paper-decision',
      access: ['sentencer'],
      summary:
        'Decide a review without a hearing as a single justice or judge of its court: satisfactory keeps the next review on paper; not satisfactory requires the person to attend the sitting named (attendSittingId) and returns later reviews to hearings. 422 until the report is submitted, before the review’s date, or when the review is at a hearing',
      body: paperDecisionInput,
      status: 201,
    },
    async (req, res) => {
      const decision = await papers.decidePaper(req.user!, req.params.id, req.body)
      res.status(201).json({
        decision: decision.satisfactory ? 'continue_paper' : 'require_attendance',
        satisfactory: decision.satisfactory,
        nextReview: decision.nextReview ? (await listing.apiReviews([decision.nextReview]))[0] : null,
      })
    },
  )
}
