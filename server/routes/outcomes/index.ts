import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { ApiReview } from '../../services/scheduling/listingService'
import { paths } from '../../paths'
import { formatDate, formatDateTime, todayIn } from '../../utils/dates'
import { flash, keepForm, num, str } from '../forms'
import { describeChanges, planChanges } from '../../services/scheduling/planChanges'
import { explained, takeFormFor } from '../sittings/formErrors'
import { DECISION_TEXT, PROGRESS_TEXT, parseOutcomeForm, valuesOf } from './outcomeForm'
import { keepPending, outcomeContext, pendingOf } from './outcomeContext'
import { outcomeCheckRoutes } from './outcomeCheck'
import { statementByline } from '../../services/person/statementPack'
import { RESPONSE_MAX } from '../../services/person/statementRules'
import type { StatementRow } from '../../data/statementRepository'

export { DECISION_TEXT, PROGRESS_TEXT } from './outcomeForm'

const clerk = ['clerk'] as const

const RESPONSE_HINT =
  'What the bench said about the person’s own words; kept with the outcome and shown in the next hearing pack'
const RESPONSE_EDIT_HINT =
  'What the bench said about the person’s own words. A changed response replaces the one recorded (the earlier words stay in the outcome’s history); left empty, the recorded response stays'
const statementField = (words: StatementRow, hint: string) => ({
  text: words.text,
  byline: statementByline(words),
  max: RESPONSE_MAX,
  hint,
})

/** Recording what the bench decided at a review (answers checked before anything is stored), and correcting it. */
export function outcomeRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { reviewContext, summaryRows, returnTo, items, namesOf, nextReviewText } = outcomeContext(services)
  outcomeCheckRoutes(route, services, render)

  route.get('/reviews/:id/outcome', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const existing = await services.outcomes.outcomeFor(c.review.id)
    const kept = takeFormFor(req, `outcome-${c.review.id}`, 'attended')
    // Kept answers (a mistake, or "Change" from the check page); a new form starts with the rostered bench ticked.
    const pending = pendingOf(req, c.review.id)
    const form = Object.keys(kept.values).length
      ? kept
      : {
          ...kept,
          values: pending ?? { benchUserIds: c.sitting && c.review.mode === 'hearing' ? c.sitting.benchUserIds : [] },
        }
    // Nothing can be recorded before the hearing (its date, in London): the form is not offered.
    const notYet = !existing && c.review.reviewDate > todayIn(services.clock) ? formatDate(c.review.reviewDate) : null
    // The person's own words (issue 23): the bench's response to them is recorded with the outcome.
    const words = existing || notYet ? null : await services.statements.forOutcome(req.user!, c.review.id)
    render(req, res, 'pages/outcomes/outcome-form', {
      title: 'Record the outcome of a review',
      form,
      notYet,
      ...items(c, form.values),
      summaryRows: summaryRows(c),
      recorded: existing ? { editHref: paths.outcomes.edit(c.review.id) } : null,
      statement: words ? statementField(words, RESPONSE_HINT) : null,
      isEdit: false,
      buttonText: 'Continue',
      action: paths.outcomes.record(c.review.id),
      backHref: returnTo(c),
    })
  })

  // The form's step: every rule checked, nothing stored; the answers go to the check page.
  route.post('/reviews/:id/outcome', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const { input, values } = parseOutcomeForm(
      req.body as Record<string, unknown>,
      c.review.mode === 'paper',
      c.sentencers.length > 0,
    )
    try {
      await services.outcomes.check(c.review.id, input)
    } catch (err) {
      keepForm(req, `outcome-${c.review.id}`, explained(err), values)
      return res.redirect(303, paths.outcomes.record(c.review.id))
    }
    keepPending(req, c.review.id, values)
    res.redirect(303, paths.outcomes.check(c.review.id))
  })

  route.get('/reviews/:id/outcome/edit', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const outcome = await services.outcomes.outcomeFor(c.review.id)
    if (!outcome) return res.redirect(303, paths.outcomes.record(c.review.id))
    const kept = takeFormFor(req, `outcome-edit-${c.review.id}`, 'attended')
    // The person's words and the bench's response recorded with the outcome: a typo in it can be put right too.
    const [words, response] = await Promise.all([
      services.statements.forOutcome(req.user!, c.review.id),
      services.outcomes.responseOf(outcome.id),
    ])
    const form = Object.keys(kept.values).length
      ? kept
      : { ...kept, values: { ...valuesOf(outcome), statementResponse: response?.text ?? '' } }
    const history = await services.outcomes.history(c.review.id)
    render(req, res, 'pages/outcomes/outcome-form', {
      title: 'Change the outcome of a review',
      form,
      notYet: null,
      ...items(c, form.values),
      summaryRows: summaryRows(c),
      recorded: null,
      statement: words ? statementField(words, RESPONSE_EDIT_HINT) : null,
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
          `Who sat: ${namesOf(c, h.content.benchUserIds) || 'not recorded'}`,
          `Progress: ${PROGRESS_TEXT[h.content.progress] ?? h.content.progress}`,
          `Bench’s words: ${h.content.benchComments ?? 'none recorded'}`,
          ...(h.content.amendment ? [`Amendment: ${h.content.amendment}`] : []),
          ...(h.content.statementResponse ? [`Response to their own words: ${h.content.statementResponse}`] : []),
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
    const { input, values } = parseOutcomeForm(body, c.review.mode === 'paper', c.sentencers.length > 0)
    const version = num(body.version)
    let next: ApiReview | null
    const before = await services.listing.snapshot([c.requirement.id])
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
    const replanned = planChanges(before, await services.listing.snapshot([c.requirement.id]), [c.review.id])
    flash(
      req,
      `Outcome changed. Next review: ${await nextReviewText(req, next)}`,
      undefined,
      describeChanges(replanned),
    )
    res.redirect(303, returnTo(c))
  })
}
