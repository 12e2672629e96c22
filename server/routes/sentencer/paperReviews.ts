import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { AppError } from '../../errors'
import type { PaperDecision } from '../../services/hearing/paperReviewService'
import { formatDate, formatDateTime, formatTime } from '../../utils/dates'
import { flash, keepForm, str, takeForm } from '../forms'
import { caseRecord, queueRow, reportRows } from './model'
import { PAPER_DECISIONS, PROGRESS } from '../../content/labels'

const sentencer = ['sentencer'] as const

/** A form's answer as the decision takes it: "yes", "no", or nothing chosen. */
const satisfactoryFrom = (v: unknown): boolean | undefined => (v === 'yes' ? true : v === 'no' ? false : undefined)

/** The single justice's or judge's paper review queue, and the one-page decision form. */
export function paperReviewPages(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.sentencer.paperReviews, sentencer, async (req, res) => {
    const queue = await services.papers.paperQueue(req.user!)
    render(req, res, 'pages/sentencer/paper-reviews', {
      title: 'Paper reviews',
      rows: queue.map(queueRow),
      hasCourts: req.user!.courtIds.length > 0,
      backHref: paths.mySittings,
    })
  })

  route.get('/paper-reviews/:id', sentencer, async (req, res) => {
    const view = await services.papers.paperReview(req.user!, req.params.id, req.ip)
    const { item, outcome } = view
    const form = takeForm(req, `paper-${item.reviewId}`)
    const value = str(form.values.decision)
    render(req, res, 'pages/sentencer/paper-review', {
      title: `Paper review: ${item.personName}`,
      review: item,
      heading: `Review ${item.sequence}, without a hearing`,
      decider: view.decider,
      summaryRows: [
        { key: 'Person', value: `${item.personName} (${item.crn})` },
        { key: 'Court', value: item.courtName },
        { key: 'Requirement', value: `${item.requirementKind}, ends ${formatDate(item.requirementEndsOn)}` },
        { key: 'Review', value: `Review ${item.sequence} on paper, due ${formatDate(item.reviewDate)}` },
        { key: 'Decided by', value: `A ${view.decider} of the court, on the papers` },
      ],
      breachProceedings: item.breachProceedings,
      report: reportRows(item),
      record: caseRecord(view.pack),
      outcome: outcome
        ? {
            rows: [
              { key: 'Decision', value: PAPER_DECISIONS[outcome.decision] ?? outcome.decision },
              { key: 'Progress', value: PROGRESS[outcome.progress] ?? outcome.progress },
              { key: 'Reasons', value: outcome.benchComments ?? 'None given' },
              { key: 'Decided', value: formatDateTime(outcome.recordedAt) },
            ],
          }
        : null,
      decidable: view.decidable,
      waitingForReport: view.waitingFor === 'report',
      waitingForDate: view.waitingFor === 'date' ? formatDate(item.reviewDate) : null,
      form,
      action: paths.sentencer.paperReview(item.reviewId),
      notesHref: paths.sentencer.benchNotes(item.reviewId),
      backHref: paths.sentencer.paperReviews,
      decisionValue: value,
      satisfactoryChecked: value === 'yes',
      notSatisfactoryChecked: value === 'no',
      sittingItems: view.sittings.map(s => ({
        value: s.id,
        text: `${formatDate(s.date)}, ${formatTime(s.startsAt)}, courtroom ${s.courtroom}`,
        hint: `${s.capacity - s.booked} of ${s.capacity} places free`,
        checked: str(form.values.attendSittingId) === s.id,
      })),
    })
  })

  route.post('/paper-reviews/:id', sentencer, async (req, res) => {
    const values = {
      decision: str(req.body?.decision),
      comments: str(req.body?.comments),
      attendSittingId: str(req.body?.attendSittingId),
    }
    let decision
    try {
      const satisfactory = satisfactoryFrom(values.decision)
      decision = await services.papers.decidePaper(req.user!, req.params.id, {
        satisfactory,
        comments: values.comments,
        attendSittingId: satisfactory === false ? values.attendSittingId || null : null,
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

/** Where the decision leaves the case: the next paper review, or the hearing the person must attend. */
function decisionMessage(d: PaperDecision): string {
  const told = 'The responsible officer and the court’s clerks have been told.'
  if (d.satisfactory)
    return d.nextReview
      ? `Decision recorded: satisfactory, the next review stays on paper, due ${formatDate(d.nextReview.reviewDate)}.`
      : 'Decision recorded: satisfactory. There are no more reviews before the requirement ends.'
  if (d.sitting && d.nextReview?.startsAt)
    return `Decision recorded: the person must attend a hearing on ${formatDate(d.sitting.date)} at ${formatTime(d.nextReview.startsAt)}, courtroom ${d.sitting.courtroom}. Later reviews are at hearings. ${told}`
  return `Decision recorded: the person must attend a hearing. ${told}`
}
