import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { AuditTrail } from '../notify/auditTrail'
import type { Tx, UnitOfWork } from '../../data/unitOfWork'
import type { OutcomeRepository } from '../../data/outcomeRepository'
import type { PaperReviewItem, PaperReviewRepository } from '../../data/paperReviewRepository'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { SittingRepository, SittingRow } from '../../data/sittingRepository'
import type { BookingService } from '../scheduling/booking'
import type { Clock } from '../../utils/clock'
import type { OutcomeEffects } from './outcomeEffects'
import type { PackCase } from './packModel'
import { ConflictError, NotFoundError, RuleError } from '../../errors'
import { newId } from '../../utils/ids'
import { addCalendarMonths, addDays, todayIn } from '../../utils/dates'
import { parse } from '../validation'

/** How far ahead a single justice or judge sees paper reviews coming. */
export const PAPER_QUEUE_DAYS = 14
const COMMENTS_MAX = 2000

export const paperDecisionInput = z
  .object({
    satisfactory: z.boolean({ error: 'Choose whether progress is satisfactory' }),
    comments: z
      .string({ error: 'The reasons must be text' })
      .trim()
      .max(COMMENTS_MAX, { error: `The reasons must be ${COMMENTS_MAX} characters or fewer` })
      .optional()
      .nullable(),
    attendSittingId: z.string({ error: 'Choose the sitting the person must attend' }).optional().nullable(),
  })
  .superRefine((v, ctx) => {
    // In the order the page asks: the sitting (inside the decision), then the reasons.
    // Sch 9 para 22(7): the court specifies the time and place of the hearing the person must attend.
    if (v.satisfactory === false && !v.attendSittingId)
      ctx.addIssue({ code: 'custom', path: ['attendSittingId'], message: 'Choose the sitting the person must attend' })
    if (v.satisfactory === false && !v.comments)
      ctx.addIssue({ code: 'custom', path: ['comments'], message: 'Enter why progress is not satisfactory' })
  })
export type PaperDecisionInput = z.output<typeof paperDecisionInput>

export const NO_REPORT_YET =
  'The decision waits for the responsible officer’s written report, with the drug test results and the treatment provider’s views (Sentencing Act 2020 Sch 9 para 21(2)(d)-(e))'
export const NOT_ON_PAPER =
  'This review is at a hearing: the court decides it there and the clerk records the outcome. Only reviews without a hearing are decided on the papers (Sentencing Act 2020 Sch 9 para 22(6))'
const DECIDED = 'This paper review has already been decided.'

export interface PaperDecision {
  satisfactory: boolean
  /** The hearing the person must attend, or the next paper review; null when the requirement ends first. */
  nextReview: ReviewRow | null
  sitting: SittingRow | null
}

/** "single justice" in a magistrates' court, "judge" in the Crown Court: who decides on the papers. */
export const deciderOf = (kind: 'magistrates' | 'crown') => (kind === 'crown' ? 'judge' : 'single justice')

/**
 * Reviews without a hearing (Sch 9 para 22(6)-(8)): the queue of a court's sentencers, one review with
 * everything the decision rests on, and the decision itself, made by one justice or judge of the court.
 */
export function createPaperReviewService(deps: {
  uow: UnitOfWork
  clock: Clock
  audit: AuditTrail
  reviews: ReviewRepository
  sittings: SittingRepository
  outcomes: OutcomeRepository
  papers: PaperReviewRepository
  booking: BookingService
  effects: OutcomeEffects
  packCase: (review: ReviewRow) => Promise<PackCase>
}) {
  const { clock, audit, reviews, sittings, outcomes, papers, booking, effects } = deps
  const now = () => clock.now().toISOString()

  /** A review of the sentencer's courts, or 404: every other role and every other court are refused alike. */
  async function itemFor(user: CurrentUser, reviewId: string, trx?: Tx) {
    const [item] = user.role === 'sentencer' ? await papers.items(user.courtIds, { reviewId }, trx) : []
    if (!item) throw new NotFoundError('Review not found')
    return item
  }

  /** The open sittings of the court the person could be told to attend, from today to the requirement's end. */
  async function attendableSittings(item: PaperReviewItem): Promise<SittingRow[]> {
    const today = todayIn(clock)
    const from = item.reviewDate > today ? item.reviewDate : today
    const to = addCalendarMonths(from, 3) < item.requirementEndsOn ? addCalendarMonths(from, 3) : item.requirementEndsOn
    if (from > to) return []
    return (await sittings.forCourt(item.courtId, from, to)).filter(s => s.booked < s.capacity)
  }

  return {
    /** Paper reviews due within two weeks (or overdue) in the sentencer's courts, with their reports. */
    async paperQueue(user: CurrentUser): Promise<PaperReviewItem[]> {
      if (user.role !== 'sentencer') return []
      const queue = await papers.items(user.courtIds, { until: addDays(todayIn(clock), PAPER_QUEUE_DAYS) })
      await audit.listed(user, { action: 'view_paper_reviews', people: queue.map(q => q.personId) })
      return queue
    },

    /** One paper review: the report, the provider's views, the tests and earlier reviews, and the sittings to choose. */
    async paperReview(user: CurrentUser, reviewId: string, ip?: string) {
      const item = await itemFor(user, reviewId)
      if (item.mode !== 'paper') throw new NotFoundError('Review not found')
      const review = (await reviews.find(reviewId))!
      const [outcome, pack, choices] = await Promise.all([
        outcomes.forReview(reviewId),
        deps.packCase(review),
        attendableSittings(item),
      ])
      await audit.viewed(user, {
        action: 'view_paper_review',
        personId: item.personId,
        subjectType: 'review',
        subjectId: reviewId,
        ip,
      })
      const open = !outcome && item.status === 'scheduled' && item.requirementActive
      return {
        item,
        outcome,
        pack,
        sittings: choices,
        decider: deciderOf(item.courtKind),
        // Decided on or after its date (nothing has happened before it), once the report is in.
        decidable: open && Boolean(item.report) && item.reviewDate <= todayIn(clock),
        waitingFor: !open ? null : !item.report ? 'report' : item.reviewDate > todayIn(clock) ? 'date' : null,
      }
    },

    /**
     * The single justice or judge decides. Satisfactory: held, the next review stays on paper. Not
     * satisfactory: the person must attend the sitting chosen, later reviews return to hearings, and
     * the officer and the court's clerks are told.
     */
    async decidePaper(user: CurrentUser, reviewId: string, input: unknown): Promise<PaperDecision> {
      await itemFor(user, reviewId)
      const data = parse(paperDecisionInput, input)
      try {
        return await booking.withRetry(async trx => {
          const item = await itemFor(user, reviewId, trx)
          if (item.mode !== 'paper') throw new RuleError(NOT_ON_PAPER)
          if (item.decided || item.status !== 'scheduled') throw new ConflictError(DECIDED)
          if (!item.requirementActive)
            throw new ConflictError('The requirement has ended, so this paper review can no longer be decided.')
          if (!item.report) throw new RuleError(NO_REPORT_YET, [{ field: 'report', message: NO_REPORT_YET }])
          const { review, requirement } = await effects.loadReview(trx, reviewId)
          const decision = data.satisfactory ? 'continue_paper' : 'require_attendance'
          const facts = { decision, attended: false, progress: data.satisfactory ? 'satisfactory' : 'poor' } as const
          effects.checkLaw(review, { ...facts, consentToAmendment: null })
          const outcomeId = newId()
          const at = now()
          // The outcome first: its unique key refuses a second decision made at the same moment.
          await outcomes.insert(
            {
              id: outcomeId,
              reviewId,
              ...facts,
              benchComments: data.comments || null,
              amendment: null,
              consentToAmendment: null,
              benchUserIds: [user.id],
              recordedBy: user.id,
            },
            at,
            trx,
          )
          await effects.setReviewStatus(trx, review, false)
          await reviews.recordEvent(
            {
              reviewId,
              at,
              userId: user.id,
              action: 'held',
              fromSittingId: null,
              toSittingId: null,
              fromSlotIndex: null,
              fromStatus: review.status,
              reason: data.satisfactory ? 'Paper review: satisfactory' : 'Paper review: must attend a hearing',
            },
            trx,
          )
          const nextId = await effects.applyDecision(
            trx,
            review,
            requirement,
            { decision, before: null, attendSittingId: data.attendSittingId },
            user.id,
          )
          await outcomes.setNextReview(outcomeId, nextId, trx)
          await audit.record(
            {
              userId: user.id,
              action: 'decide_paper_review',
              subjectType: 'review',
              subjectId: reviewId,
              detail: { satisfactory: data.satisfactory },
            },
            at,
            trx,
          )
          const nextReview = nextId ? await reviews.find(nextId, trx) : null
          const sitting = nextReview?.sittingId ? await sittings.find(nextReview.sittingId, trx) : null
          return { satisfactory: data.satisfactory, nextReview, sitting }
        }, DECIDED)
      } catch (err) {
        if (deps.uow.isUniqueViolation(err)) throw new ConflictError(DECIDED)
        throw err
      }
    },
  }
}

export type PaperReviewService = ReturnType<typeof createPaperReviewService>
