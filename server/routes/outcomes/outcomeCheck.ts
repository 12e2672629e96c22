import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { ApiReview } from '../../services/scheduling/listingService'
import type { OutcomeInput } from '../../services/hearing/outcomeService'
import { paths } from '../../paths'
import { flash, keepForm, takeForm } from '../forms'
import { describeChanges, planChanges } from '../../services/scheduling/planChanges'
import { explained } from '../sittings/formErrors'
import { sittingOption } from '../sittings/calendarModel'
import { DECISION_TEXT, PROGRESS_TEXT, parseOutcomeForm } from './outcomeForm'
import { dropPending, outcomeContext, pendingOf, type OutcomeContext } from './outcomeContext'

const clerk = ['clerk'] as const
const lines = (text: string | null | undefined) => (text ? text.split(/\r?\n/) : 'None')

/** The answers as GOV.UK "check answers" rows, each with a Change link to its question on the form. */
function answerRows(c: OutcomeContext, outcome: OutcomeInput, benchUserIds: string[], formHref: string) {
  const row = (key: string, value: string | string[], field: string) => ({
    key,
    value,
    href: `${formHref}#${field}`,
    visuallyHiddenText: key.toLowerCase(),
  })
  const paper = c.review.mode === 'paper'
  const names = benchUserIds.map(id => c.sentencers.find(u => u.id === id)?.name ?? 'A former member')
  const sitting = c.attendable.find(s => s.id === outcome.attendSittingId)
  return [
    ...(paper ? [] : [row('Did the person attend?', outcome.attended ? 'Yes' : 'No, they did not attend', 'attended')]),
    ...(c.sentencers.length ? [row('Who sat', names.length ? names : 'Not recorded', 'benchUserIds')] : []),
    row('Progress', PROGRESS_TEXT[outcome.progress] ?? outcome.progress, 'progress'),
    row('What the court decided', DECISION_TEXT[outcome.decision] ?? outcome.decision, 'decision'),
    ...(outcome.decision === 'require_attendance'
      ? [
          row(
            'The hearing they must attend',
            sitting ? sittingOption(sitting) : 'The next sitting with a free place',
            'attendSittingId',
          ),
        ]
      : []),
    ...(outcome.decision === 'amend'
      ? [
          row('The amendment', lines(outcome.amendment), 'amendment'),
          row(
            'Consent',
            outcome.consentToAmendment ? 'The person expressed willingness to comply' : 'Not given',
            'consentToAmendment',
          ),
        ]
      : []),
    row('The bench’s words to the person', lines(outcome.benchComments), 'benchComments'),
    ...(outcome.statementResponse
      ? [row('The bench’s response to their own words', lines(outcome.statementResponse), 'statementResponse')]
      : []),
  ]
}

/** Check the outcome's answers, then record it: the outcome rules run on the form and again on confirming. */
export function outcomeCheckRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { reviewContext, summaryRows, returnTo, nextReviewText } = outcomeContext(services)

  route.get('/reviews/:id/outcome/check', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const values = pendingOf(req, c.review.id)
    if (!values) return res.redirect(303, paths.outcomes.record(c.review.id))
    const { input } = parseOutcomeForm(values, c.review.mode === 'paper', c.sentencers.length > 0)
    let checked: Awaited<ReturnType<typeof services.outcomes.check>>
    try {
      checked = await services.outcomes.check(c.review.id, input)
    } catch (err) {
      // Something changed since the form was sent: back to it, with the answers and what is wrong now.
      keepForm(req, `outcome-${c.review.id}`, explained(err), values)
      return res.redirect(303, paths.outcomes.record(c.review.id))
    }
    render(req, res, 'pages/outcomes/outcome-check', {
      title: 'Check the outcome before recording it',
      form: takeForm(req, `outcome-check-${c.review.id}`),
      summaryRows: summaryRows(c),
      answerRows: answerRows(c, checked.outcome, checked.benchUserIds, paths.outcomes.record(c.review.id)),
      answerAttributes: { 'data-qa': 'check-answers' },
      action: paths.outcomes.check(c.review.id),
      backHref: paths.outcomes.record(c.review.id),
    })
  })

  route.post('/reviews/:id/outcome/check', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const values = pendingOf(req, c.review.id)
    // Nothing waiting: recorded already (a second click, another tab), or never checked. Nothing is stored twice.
    if (!values) {
      const recorded = await services.outcomes.outcomeFor(c.review.id)
      return res.redirect(303, recorded ? returnTo(c) : paths.outcomes.record(c.review.id))
    }
    const { input } = parseOutcomeForm(values, c.review.mode === 'paper', c.sentencers.length > 0)
    let next: ApiReview | null
    const before = await services.listing.snapshot([c.requirement.id])
    try {
      ;({ nextReview: next } = await services.outcomes.record(req.user!, c.review.id, input))
    } catch (err) {
      keepForm(req, `outcome-${c.review.id}`, explained(err), values)
      return res.redirect(303, paths.outcomes.record(c.review.id))
    }
    dropPending(req, c.review.id)
    const replanned = planChanges(before, await services.listing.snapshot([c.requirement.id]), [c.review.id])
    flash(
      req,
      `Outcome recorded. Next review: ${await nextReviewText(req, next)}`,
      undefined,
      describeChanges(replanned),
    )
    res.redirect(303, returnTo(c))
  })
}
