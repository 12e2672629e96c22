import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { ReviewRow } from '../../data/reviewRepository'
import type { ApiReview } from '../../services/scheduling/listingService'
import { DECISIONS, PROGRESS, type OutcomeRow } from '../../services/hearing/outcomeService'
import { paths } from '../../paths'
import { NotFoundError } from '../../errors'
import { caseScopeFor } from '../../services/scope'
import { formatDate, formatDateTime, formatTime } from '../../utils/dates'
import { asArray, flash, keepForm, num, str } from '../forms'
import { explained, takeFormFor } from '../sittings/formErrors'

const clerk = ['clerk'] as const

export const PROGRESS_TEXT: Record<(typeof PROGRESS)[number], string> = {
  good: 'Good',
  satisfactory: 'Satisfactory',
  poor: 'Poor',
}

export const DECISION_TEXT: Record<(typeof DECISIONS)[number], string> = {
  continue_hearing: 'Continue, next review at a hearing',
  continue_paper: 'Continue, next reviews on paper (progress satisfactory)',
  amend: 'Amend the requirement (needs the person’s consent)',
  require_attendance: 'Require the person to attend the next review',
  breach_referral: 'Refer for breach',
  completed: 'Completed',
  revoked: 'Revoked',
}

/** The form's fields as the service reads them: radios and a checkbox become booleans, blanks stay missing. */
function parseOutcomeForm(body: Record<string, unknown>) {
  const attended = str(body.attended)
  const values = {
    attended,
    progress: str(body.progress),
    decision: str(body.decision),
    benchComments: str(body.benchComments),
    amendment: str(body.amendment),
    consentToAmendment: asArray(body.consentToAmendment),
    reason: str(body.reason),
  }
  const input = {
    attended: attended === 'yes' ? true : attended === 'no' ? false : undefined,
    progress: values.progress || undefined,
    decision: values.decision || undefined,
    benchComments: values.benchComments || null,
    amendment: values.amendment || null,
    consentToAmendment: values.consentToAmendment.includes('yes'),
  }
  return { input, values }
}

const valuesOf = (o: OutcomeRow) => ({
  attended: o.attended ? 'yes' : 'no',
  progress: o.progress,
  decision: o.decision,
  benchComments: o.benchComments ?? '',
  amendment: o.amendment ?? '',
  consentToAmendment: o.consentToAmendment ? ['yes'] : [],
  reason: '',
})

/** Recording what the bench decided at a review, and correcting it with its history kept. */
export function outcomeRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { reviews, cases, sittings } = services.repositories

  async function reviewContext(req: Request, id: string) {
    const review = await reviews.find(id)
    const requirement = review ? await cases.requirement(review.requirementId) : null
    const order = requirement ? await cases.order(requirement.orderId) : null
    const person = order ? await cases.person(order.personId, await caseScopeFor(req.user!, services.db)) : null
    if (!review || !requirement || !order || !person) throw new NotFoundError('Review not found')
    const sitting = review.sittingId ? await sittings.find(review.sittingId) : null
    return { review, requirement, order, person, sitting }
  }

  type Context = Awaited<ReturnType<typeof reviewContext>>

  const summaryRows = (c: Context) => [
    { key: 'Person', value: [c.person.name, c.person.crn] },
    { key: 'Requirement', value: `${c.requirement.kind}, ${c.order.caseReference}` },
    { key: 'Review', value: `Review ${c.review.sequence}, due on or after ${formatDate(c.review.targetDate)}` },
    {
      key: c.review.mode === 'paper' ? 'Paper review' : 'Listed',
      value: c.sitting
        ? `${formatDate(c.sitting.date)}, ${formatTime(c.review.startsAt ?? c.sitting.startsAt)}, courtroom ${c.sitting.courtroom}`
        : `${formatDate(c.review.reviewDate)}, without a hearing`,
    },
  ]

  /** Back to the sitting the review was heard in, else the person's record. */
  const returnTo = (c: Context) => (c.sitting ? paths.sittings.show(c.sitting.id) : paths.people.show(c.person.id))

  const items = (values: Record<string, unknown>) => ({
    attendedItems: [
      { value: 'yes', text: 'Yes' },
      { value: 'no', text: 'No, they did not attend' },
    ],
    progressItems: PROGRESS.map(p => ({ value: p, text: PROGRESS_TEXT[p] })),
    decisionItems: DECISIONS.map(d => ({ value: d, text: DECISION_TEXT[d] })),
    consentItems: [
      {
        value: 'yes',
        text: 'The person consents to the amendment (expresses willingness to comply)',
      },
    ],
    consentValues: Array.isArray(values.consentToAmendment) ? values.consentToAmendment : [],
  })

  async function nextReviewText(next: ApiReview | null): Promise<string> {
    const row: ReviewRow | null = next ? await reviews.find(next.id) : null
    return row ? formatDate(row.reviewDate) : 'none'
  }

  route.get('/reviews/:id/outcome', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const existing = await services.outcomes.outcomeFor(c.review.id)
    const form = takeFormFor(req, `outcome-${c.review.id}`, 'attended')
    render(req, res, 'pages/outcomes/outcome-form', {
      title: 'Record the outcome of a review',
      form,
      ...items(form.values),
      summaryRows: summaryRows(c),
      recorded: existing ? { editHref: paths.outcomes.edit(c.review.id) } : null,
      isEdit: false,
      buttonText: 'Record outcome',
      action: paths.outcomes.record(c.review.id),
      backHref: returnTo(c),
    })
  })

  route.post('/reviews/:id/outcome', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const { input, values } = parseOutcomeForm(req.body as Record<string, unknown>)
    let next: ApiReview | null
    try {
      ;({ nextReview: next } = await services.outcomes.record(req.user!, c.review.id, input))
    } catch (err) {
      keepForm(req, `outcome-${c.review.id}`, explained(err), values)
      return res.redirect(303, paths.outcomes.record(c.review.id))
    }
    flash(req, `Outcome recorded. Next review: ${await nextReviewText(next)}`)
    res.redirect(303, returnTo(c))
  })

  route.get('/reviews/:id/outcome/edit', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const outcome = await services.outcomes.outcomeFor(c.review.id)
    if (!outcome) return res.redirect(303, paths.outcomes.record(c.review.id))
    const kept = takeFormFor(req, `outcome-edit-${c.review.id}`, 'attended')
    const form = Object.keys(kept.values).length ? kept : { ...kept, values: valuesOf(outcome) }
    const history = await services.outcomes.history(c.review.id)
    render(req, res, 'pages/outcomes/outcome-form', {
      title: 'Change the outcome of a review',
      form,
      ...items(form.values),
      summaryRows: summaryRows(c),
      recorded: null,
      isEdit: true,
      // The version now: after a conflict the clerk sees the error, and saving again is their choice.
      version: outcome.version,
      historyItems: history.map(h => ({
        label: `Version ${h.version}: ${DECISION_TEXT[h.content.decision] ?? h.content.decision}`,
        byline: h.changedByName ?? undefined,
        date: formatDateTime(h.changedAt),
        datetime: h.changedAt,
        text: [
          `Attended: ${h.content.attended ? 'yes' : 'no'}`,
          `Progress: ${PROGRESS_TEXT[h.content.progress] ?? h.content.progress}`,
          `Bench’s words: ${h.content.benchComments ?? 'none recorded'}`,
          ...(h.content.amendment ? [`Amendment: ${h.content.amendment}`] : []),
          `Why it was changed: ${h.reason ?? ''}`,
        ],
      })),
      buttonText: 'Save the change',
      action: paths.outcomes.edit(c.review.id),
      backHref: returnTo(c),
    })
  })

  route.post('/reviews/:id/outcome/edit', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const body = req.body as Record<string, unknown>
    const { input, values } = parseOutcomeForm(body)
    const version = num(body.version)
    let next: ApiReview | null
    try {
      ;({ nextReview: next } = await services.outcomes.correct(
        req.user!,
        c.review.id,
        input,
        version ?? -1,
        values.reason,
      ))
    } catch (err) {
      keepForm(req, `outcome-edit-${c.review.id}`, explained(err), { ...values, version: str(body.version) })
      return res.redirect(303, paths.outcomes.edit(c.review.id))
    }
    flash(req, `Outcome changed. Next review: ${await nextReviewText(next)}`)
    res.redirect(303, returnTo(c))
  })
}
