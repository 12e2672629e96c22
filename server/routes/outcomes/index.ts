import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { ApiReview } from '../../services/scheduling/listingService'
import { DECISIONS, PROGRESS, type OutcomeRow } from '../../services/hearing/outcomeService'
import { paths } from '../../paths'
import { addCalendarMonths, formatDate, formatDateTime, formatTime, todayIn } from '../../utils/dates'
import { sittingOption } from '../sittings/calendarModel'
import { asArray, flash, keepForm, num, str } from '../forms'
import { describeChanges, planChanges } from '../../services/scheduling/planChanges'
import { explained, takeFormFor } from '../sittings/formErrors'
import { DECISIONS as DECISION_WORDS, PROGRESS as PROGRESS_WORDS } from '../../content/labels'

const clerk = ['clerk'] as const

export const PROGRESS_TEXT = PROGRESS_WORDS

export const DECISION_TEXT = DECISION_WORDS

/** The decisions a review without a hearing can end in (Sentencing Act 2020 Sch 9 para 22(7)). */
const PAPER_DECISIONS: (typeof DECISIONS)[number][] = ['continue_paper', 'require_attendance', 'completed']

/**
 * The form's fields as the service reads them: radios and a checkbox become booleans, blanks stay
 * missing. On a review without a hearing no one attends, so the form does not ask.
 */
function parseOutcomeForm(body: Record<string, unknown>, paper: boolean, askedWhoSat: boolean) {
  const attended = paper ? 'no' : str(body.attended)
  const values = {
    attended,
    benchUserIds: asArray(body.benchUserIds),
    progress: str(body.progress),
    decision: str(body.decision),
    benchComments: str(body.benchComments),
    amendment: str(body.amendment),
    consentToAmendment: asArray(body.consentToAmendment),
    reason: str(body.reason),
    attendSittingId: str(body.attendSittingId),
  }
  const input = {
    attended: attended === 'yes' ? true : attended === 'no' ? false : undefined,
    progress: values.progress || undefined,
    decision: values.decision || undefined,
    benchComments: values.benchComments || null,
    amendment: values.amendment || null,
    consentToAmendment: values.consentToAmendment.includes('yes'),
    // The hearing the person must attend after a review without a hearing (Sch 9 para 22(7)).
    attendSittingId: paper && values.decision === 'require_attendance' ? values.attendSittingId || null : null,
    // Who sat, as ticked (the form starts with the rostered bench ticked); none ticked means the roster.
    benchUserIds: askedWhoSat && values.benchUserIds.length ? values.benchUserIds : undefined,
  }
  return { input, values }
}

const valuesOf = (o: OutcomeRow) => ({
  attended: o.attended ? 'yes' : 'no',
  benchUserIds: o.benchUserIds,
  progress: o.progress,
  decision: o.decision,
  benchComments: o.benchComments ?? '',
  amendment: o.amendment ?? '',
  consentToAmendment: o.consentToAmendment ? ['yes'] : [],
  reason: '',
})

/** Recording what the bench decided at a review, and correcting it with its history kept. */
export function outcomeRoutes(route: RouteDeclarer, services: Services, render: Render) {
  async function reviewContext(req: Request, id: string) {
    const { review, requirement, order, person, sitting: listed } = await services.cases.reviewInScope(req.user!, id)
    const sitting = review.mode === 'hearing' ? listed : null
    // Who could have sat: the court's magistrates and judges, and anyone on the sitting's roster.
    const sentencers = await services.cases.sentencersFor(order.courtId, sitting?.benchUserIds)
    // A review without a hearing may end in a hearing the person must attend: the court's sittings with a place.
    const today = todayIn(services.clock)
    const from = review.reviewDate > today ? review.reviewDate : today
    const to = addCalendarMonths(from, 3) < requirement.endsOn ? addCalendarMonths(from, 3) : requirement.endsOn
    const attendable =
      review.mode === 'paper' && from <= to
        ? (await services.sittings.forCourt(order.courtId, from, to)).filter(s => s.booked < s.capacity)
        : []
    return { review, requirement, order, person, sitting, sentencers, attendable }
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

  const items = (c: Context, values: Record<string, unknown>) => ({
    paper: c.review.mode === 'paper',
    attendItems: [
      { value: '', text: 'The next sitting with a free place' },
      ...c.attendable.map(s => ({ value: s.id, text: sittingOption(s) })),
    ],
    decisionHint:
      c.review.mode === 'paper'
        ? 'Progress satisfactory: reviews stay without a hearing. No longer satisfactory: the person must attend a hearing (Sentencing Act 2020 Schedule 9, paragraph 22(7)).'
        : 'Reviews without a hearing only when the person attended and progress is good or satisfactory (paragraph 22(6)). Completed and revoked end the reviews; breach proceedings keep the order live.',
    benchItems: c.sentencers.map(u => ({ value: u.id, text: u.name })),
    benchValues: Array.isArray(values.benchUserIds) ? values.benchUserIds : [],
    attendedItems: [
      { value: 'yes', text: 'Yes' },
      { value: 'no', text: 'No, they did not attend' },
    ],
    progressItems: PROGRESS.map(p => ({ value: p, text: PROGRESS_TEXT[p] })),
    decisionItems: (c.review.mode === 'paper'
      ? PAPER_DECISIONS
      : DECISIONS.filter(d => d !== 'require_attendance')
    ).map(d => ({ value: d, text: DECISION_TEXT[d] })),
    consentItems: [
      {
        value: 'yes',
        text: 'The person consents to the amendment (expresses willingness to comply)',
      },
    ],
    consentValues: Array.isArray(values.consentToAmendment) ? values.consentToAmendment : [],
  })

  const namesOf = (c: Context, ids: string[]) =>
    ids.map(id => c.sentencers.find(u => u.id === id)?.name ?? 'a former member').join(', ')

  async function nextReviewText(req: Request, next: ApiReview | null): Promise<string> {
    return next ? formatDate((await services.cases.reviewInScope(req.user!, next.id)).review.reviewDate) : 'none'
  }

  route.get('/reviews/:id/outcome', clerk, async (req, res) => {
    const c = await reviewContext(req, req.params.id)
    const existing = await services.outcomes.outcomeFor(c.review.id)
    const kept = takeFormFor(req, `outcome-${c.review.id}`, 'attended')
    // A new form starts with the rostered bench ticked as having sat.
    const form = Object.keys(kept.values).length
      ? kept
      : { ...kept, values: { benchUserIds: c.sitting && c.review.mode === 'hearing' ? c.sitting.benchUserIds : [] } }
    // Nothing can be recorded before the hearing (its date, in London): the form is not offered.
    const notYet = !existing && c.review.reviewDate > todayIn(services.clock) ? formatDate(c.review.reviewDate) : null
    render(req, res, 'pages/outcomes/outcome-form', {
      title: 'Record the outcome of a review',
      form,
      notYet,
      ...items(c, form.values),
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
    const { input, values } = parseOutcomeForm(
      req.body as Record<string, unknown>,
      c.review.mode === 'paper',
      c.sentencers.length > 0,
    )
    let next: ApiReview | null
    const before = await services.listing.snapshot([c.requirement.id])
    try {
      ;({ nextReview: next } = await services.outcomes.record(req.user!, c.review.id, input))
    } catch (err) {
      keepForm(req, `outcome-${c.review.id}`, explained(err), values)
      return res.redirect(303, paths.outcomes.record(c.review.id))
    }
    const replanned = planChanges(before, await services.listing.snapshot([c.requirement.id]), [c.review.id])
    flash(
      req,
      `Outcome recorded. Next review: ${await nextReviewText(req, next)}`,
      undefined,
      describeChanges(replanned),
    )
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
      notYet: null,
      ...items(c, form.values),
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
          `Who sat: ${namesOf(c, h.content.benchUserIds) || 'not recorded'}`,
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
