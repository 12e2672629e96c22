import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { AppError } from '../../errors'
import { satisfactoryFrom, type PaperDecision } from '../../services/hearing/benchService'
import { formatDate, formatDateTime, formatTime } from '../../utils/dates'
import { flash, keepForm, str, takeForm } from '../forms'
import { queueRow, reportRows } from './model'

const sentencer = ['sentencer'] as const

const PROGRESS_TEXT: Record<string, string> = { good: 'Good', satisfactory: 'Satisfactory', poor: 'Poor' }
const DECISION_TEXT: Record<string, string> = {
  continue_paper: 'Satisfactory, stays on paper',
  require_attendance: 'Not satisfactory, must attend a hearing',
}

/** The single justice's or judge's paper review queue, and the one-page decision form. */
export function paperReviewPages(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.sentencer.paperReviews, sentencer, async (req, res) => {
    const queue = await services.bench.paperQueue(req.user!)
    render(req, res, 'pages/sentencer/paper-reviews', {
      title: 'Paper reviews',
      rows: queue.map(queueRow),
      hasCourts: req.user!.courtIds.length > 0,
      backHref: paths.mySittings,
    })
  })

  route.get('/paper-reviews/:id', sentencer, async (req, res) => {
    const review = await services.bench.paperReview(req.user!, req.params.id)
    const form = takeForm(req, `paper-${review.reviewId}`)
    const value = str(form.values.decision)
    render(req, res, 'pages/sentencer/paper-review', {
      title: `Paper review: ${review.personName}`,
      review,
      heading: `Review ${review.sequence}, due ${formatDate(review.reviewDate)}`,
      summaryRows: [
        { key: 'Person', value: `${review.personName} (${review.crn})` },
        { key: 'Court', value: review.courtName },
        { key: 'Requirement', value: `${review.requirementKind}, ends ${formatDate(review.requirementEndsOn)}` },
        { key: 'Review', value: `Review ${review.sequence} on paper, due ${formatDate(review.reviewDate)}` },
      ],
      report: reportRows(review),
      outcome: review.outcome
        ? {
            rows: [
              { key: 'Decision', value: DECISION_TEXT[review.outcome.decision] ?? review.outcome.decision },
              { key: 'Progress', value: PROGRESS_TEXT[review.outcome.progress] ?? review.outcome.progress },
              { key: 'Reason', value: review.outcome.benchComments ?? 'None given' },
              {
                key: 'Decided',
                value: `${formatDateTime(review.outcome.recordedAt)}${review.outcome.recordedByName ? ` by ${review.outcome.recordedByName}` : ''}`,
              },
            ],
          }
        : null,
      decidable: review.decidable,
      form,
      action: paths.sentencer.paperReview(review.reviewId),
      notesHref: paths.sentencer.benchNotes(review.reviewId),
      backHref: paths.sentencer.paperReviews,
      decisionItems: [
        { value: 'yes', text: 'Satisfactory, stays on paper' },
        { value: 'no', text: 'Not satisfactory, must attend a hearing' },
      ],
      decisionValue: value,
    })
  })

  route.post('/paper-reviews/:id', sentencer, async (req, res) => {
    const values = { decision: str(req.body?.decision), reason: str(req.body?.reason) }
    let decision
    try {
      decision = await services.bench.decidePaper(req.user!, req.params.id, {
        satisfactory: satisfactoryFrom(values.decision),
        reason: values.reason,
      })
    } catch (err) {
      keepForm(req, `paper-${req.params.id}`, renameField(err), values)
      return res.redirect(303, paths.sentencer.paperReview(req.params.id))
    }
    flash(req, decisionMessage(decision))
    res.redirect(303, paths.sentencer.paperReviews)
  })
}

/** The service's field name for the radios is "satisfactory"; the page's is "decision". */
function renameField(err: unknown): unknown {
  if (!(err instanceof AppError)) return err
  const errors = err.errors.map(e => (e.field === 'satisfactory' ? { ...e, field: 'decision' } : e))
  return new AppError(err.status, err.message, errors, err.title)
}

/** Where the decision leaves the case: the next paper review, the hearing listed, or what the court must do. */
function decisionMessage(d: PaperDecision): string {
  const told = 'The responsible officer has been told.'
  if (d.satisfactory)
    return d.nextReview
      ? `Decision recorded: satisfactory, the next review stays on paper, due ${formatDate(d.nextReview.reviewDate)}.`
      : 'Decision recorded: satisfactory, the next review stays on paper.'
  if (d.sitting && d.nextReview?.startsAt)
    return `Decision recorded: the person must attend. The hearing is listed for ${formatDate(d.sitting.date)} at ${formatTime(d.nextReview.startsAt)}, courtroom ${d.sitting.courtroom}. ${told}`
  if (d.nextReview)
    return `Decision recorded: the person must attend. There is no suitable review sitting yet, so the hearing needs listing by the court. ${told}`
  return `Decision recorded: the person must attend, but the requirement ends before another review can be held. ${told}`
}
