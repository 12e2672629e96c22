import type { Request } from 'express'
import type { Services } from '../../services'
import type { ApiReview } from '../../services/scheduling/listingService'
import { DECISIONS, PROGRESS, OUTCOME_REASON_MAX, OUTCOME_TEXT_MAX } from '../../services/hearing/outcomeService'
import { paths } from '../../paths'
import { addCalendarMonths, formatDate, formatTime, todayIn } from '../../utils/dates'
import { sittingOption } from '../sittings/calendarModel'
import { DECISION_TEXT, PAPER_DECISIONS, PROGRESS_TEXT } from './outcomeForm'

// The review an outcome is for, and what its form and check page show about it.

// The clerk's answers between the form and confirming them on the check page: in the session, never stored.
const pendingKey = (reviewId: string) => `outcome-pending-${reviewId}`

export const pendingOf = (req: Request, reviewId: string) => req.session.forms?.[pendingKey(reviewId)]?.values ?? null

export function keepPending(req: Request, reviewId: string, values: Record<string, unknown>) {
  req.session.forms = { ...(req.session.forms ?? {}), [pendingKey(reviewId)]: { errors: {}, values } }
}

export function dropPending(req: Request, reviewId: string) {
  if (req.session.forms) delete req.session.forms[pendingKey(reviewId)]
}

export function outcomeContext(services: Services) {
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

  // "Amend" reveals the amendment and consent, "must attend" the sitting: inline partials of the form page.
  const items = (c: Context, values: Record<string, unknown>) => ({
    paper: c.review.mode === 'paper',
    // Missed hearing: the court adjourned, summonsed or issued a warrant, recorded instead of an outcome.
    nonAttendanceHref:
      c.review.mode === 'hearing' && c.review.status === 'scheduled' ? paths.reviews.nonAttendance(c.review.id) : null,
    maxText: OUTCOME_TEXT_MAX,
    maxReason: OUTCOME_REASON_MAX,
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
    ).map(d => ({
      value: d,
      text: DECISION_TEXT[d],
      ...(d === 'amend' ? { conditional: 'amendment-reveal' } : {}),
      ...(d === 'require_attendance' ? { conditional: 'attend-reveal' } : {}),
    })),
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

  return { reviewContext, summaryRows, returnTo, items, namesOf, nextReviewText }
}

export type OutcomeContext = Awaited<ReturnType<ReturnType<typeof outcomeContext>['reviewContext']>>
