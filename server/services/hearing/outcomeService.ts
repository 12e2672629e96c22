import type { CurrentUser } from '../../roles'
import type { OutcomeHistoryRow, OutcomeRepository, OutcomeRow } from '../../data/outcomeRepository'
import type { ReviewRepository } from '../../data/reviewRepository'
import type { ApiReview, ListingService } from '../scheduling/listingService'
import type { BookingService } from '../scheduling/booking'
import type { AuditTrail } from '../notify/auditTrail'
import type { Clock } from '../../utils/clock'
import type { Tx } from '../../data/unitOfWork'
import { reviewRecord } from '../scheduling/booking'
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../../errors'
import { newId } from '../../utils/ids'
import { parseForRecord, text } from '../validation'
import type { OutcomeEffects } from './outcomeEffects'
import { normalise, OUTCOME_REASON_MAX, outcomeInput, type OutcomeInput } from './outcomeInput'
import type { StatementRepository } from '../../data/statementRepository'

export { PROGRESS, DECISIONS, type Progress, type Decision, CONSENT_MESSAGE } from './outcomeRules'
export type { OutcomeRow, OutcomeHistoryRow } from '../../data/outcomeRepository'

export { OUTCOME_TEXT_MAX, OUTCOME_REASON_MAX, outcomeInput, apiOutcome, type OutcomeInput } from './outcomeInput'

export const OUTCOME_EXISTS = 'An outcome has already been recorded for this review: change it instead'
const NO_WORDS = 'The person gave no words for this review, so there is nothing to respond to'
const STALE_OUTCOME =
  'This outcome was changed by someone else since you opened it. Reload it to see the change, then try again.'

export function createOutcomeService(deps: {
  clock: Clock
  audit: AuditTrail
  reviews: ReviewRepository
  outcomes: OutcomeRepository
  listing: ListingService
  booking: BookingService
  effects: OutcomeEffects
  statements: Pick<StatementRepository, 'currentFor' | 'addResponse' | 'responseOf' | 'replaceResponse'>
}) {
  const { clock, audit, reviews, outcomes, listing, booking, effects, statements } = deps
  const now = () => clock.now().toISOString()

  async function nextReviewOf(outcome: OutcomeRow): Promise<ApiReview | null> {
    const next = outcome.nextReviewId ? await reviews.find(outcome.nextReviewId) : null
    return next ? (await listing.apiReviews([next]))[0] : null
  }

  /** Whether this outcome may be recorded for the review now: one per review, listed, the requirement live, lawful. */
  async function recordable(
    review: Awaited<ReturnType<OutcomeEffects['loadReview']>>['review'],
    requirement: Awaited<ReturnType<OutcomeEffects['loadReview']>>['requirement'],
    data: OutcomeInput,
    trx?: Tx,
  ) {
    if (await outcomes.forReview(review.id, trx)) throw new ConflictError(OUTCOME_EXISTS)
    if (review.status !== 'scheduled')
      throw new RuleError('An outcome can be recorded only for a review that is listed to be heard.')
    if (requirement.status !== 'active')
      throw new RuleError(`This requirement has ended (${requirement.status}), so its reviews have no outcomes.`)
    effects.checkLaw(review, data)
    if (data.statementResponse && !(await statementOf(review.id, trx)))
      throw new ValidationError([
        {
          field: 'statementResponse',
          message: NO_WORDS,
        },
      ])
  }

  /** The person's own words the bench read at this review (issue 23), if any. */
  const statementOf = async (reviewId: string, trx?: Tx) => (await statements.currentFor([reviewId], trx))[0] ?? null

  return {
    outcomeFor: (reviewId: string) => outcomes.forReview(reviewId),
    /** The bench's response to the person's words recorded with an outcome, if any. */
    responseOf: (outcomeId: string) => statements.responseOf(outcomeId),
    history: (reviewId: string): Promise<OutcomeHistoryRow[]> => outcomes.history(reviewId),
    nextReviewOf,

    /**
     * Records what the bench decided, in one transaction: the outcome (one per review: the unique key
     * makes a double-submitted form record one), who sat, the review held or not attended, and the
     * later reviews re-planned, or vacated when the requirement ends. Refused (422) when the law does
     * not allow the decision (Sentencing Act 2020 Sch 9 paras 21-22) or the hearing has not happened.
     */
    async record(
      clerk: CurrentUser,
      reviewId: string,
      input: unknown,
    ): Promise<{ outcome: OutcomeRow; nextReview: ApiReview | null }> {
      const data = normalise(await parseForRecord(outcomeInput, input, reviewRecord(reviews, reviewId)))
      const outcome = await booking.withRetry(async trx => {
        const { review, requirement } = await effects.loadReview(trx, reviewId)
        await recordable(review, requirement, data, trx)
        const id = newId()
        const at = now()
        // First, so a second submission waits on the unique key and then finds this one.
        await outcomes.insert(
          {
            id,
            reviewId: review.id,
            attended: data.attended,
            progress: data.progress,
            decision: data.decision,
            benchComments: data.benchComments ?? null,
            amendment: data.amendment ?? null,
            consentToAmendment: data.consentToAmendment ?? null,
            benchUserIds: await effects.whoSat(trx, review, data.benchUserIds),
            recordedBy: clerk.id,
          },
          at,
          trx,
        )
        // The bench's response to the person's words is kept with the outcome, naming the version read.
        const words = data.statementResponse ? await statementOf(review.id, trx) : null
        if (words && data.statementResponse)
          await statements.addResponse(
            {
              id: newId(),
              outcomeId: id,
              reviewId: review.id,
              statementId: words.id,
              text: data.statementResponse,
              recordedBy: clerk.id,
              recordedAt: at,
            },
            trx,
          )
        await effects.setReviewStatus(trx, review, data.attended)
        const nextReviewId = await effects.applyDecision(
          trx,
          review,
          requirement,
          { decision: data.decision, before: null, attendSittingId: data.attendSittingId },
          clerk.id,
        )
        await outcomes.setNextReview(id, nextReviewId, trx)
        await audit.record(
          {
            userId: clerk.id,
            action: 'record_outcome',
            subjectType: 'review',
            subjectId: review.id,
            detail: {
              outcomeId: id,
              decision: data.decision,
              attended: data.attended,
              ...(words ? { statementResponse: true } : {}),
            },
          },
          at,
          trx,
        )
        return (await outcomes.forReview(review.id, trx))!
      }, 'Bookings changed while the outcome was being recorded. Try again.')
      return { outcome, nextReview: await nextReviewOf(outcome) }
    },

    /**
     * The outcome checked by every rule recording it applies, and nothing stored: what the clerk's
     * "check your answers" shows (the rules run again when they confirm). Gives who sat as it would be kept.
     */
    async check(reviewId: string, input: unknown): Promise<{ outcome: OutcomeInput; benchUserIds: string[] }> {
      const data = normalise(await parseForRecord(outcomeInput, input, reviewRecord(reviews, reviewId)))
      const { review, requirement } = await effects.loadReview(undefined, reviewId)
      await recordable(review, requirement, data)
      return { outcome: data, benchUserIds: await effects.whoSat(undefined, review, data.benchUserIds) }
    },

    /** A correction: the outcome before it is kept in its history; a changed decision re-plans again. */
    async correct(
      clerk: CurrentUser,
      reviewId: string,
      input: unknown,
      version: number,
      reason: unknown,
    ): Promise<{ outcome: OutcomeRow; nextReview: ApiReview | null }> {
      const correction = outcomeInput.extend({ reason: text('the reason for the change', OUTCOME_REASON_MAX) })
      const { reason: why, ...fields } = await parseForRecord(
        correction,
        { ...(input as object), reason },
        reviewRecord(reviews, reviewId),
      )
      const data = normalise(fields)
      const outcome = await booking.withRetry(async trx => {
        const { review, requirement } = await effects.loadReview(trx, reviewId)
        const before = await outcomes.forReview(review.id, trx)
        if (!before) throw new NotFoundError('No outcome has been recorded for this review')
        if (before.version !== version) throw new ConflictError(STALE_OUTCOME)
        effects.checkLaw(review, data)
        const at = now()
        const written = await outcomes.update(
          before,
          {
            attended: data.attended,
            progress: data.progress,
            decision: data.decision,
            benchComments: data.benchComments ?? null,
            amendment: data.amendment ?? null,
            consentToAmendment: data.consentToAmendment ?? null,
            benchUserIds: data.benchUserIds
              ? await effects.whoSat(trx, review, data.benchUserIds)
              : before.benchUserIds,
          },
          at,
          trx,
        )
        if (!written) throw new ConflictError(STALE_OUTCOME)
        // A response given with the correction replaces the one recorded; the history keeps the old words.
        // Left out, the recorded response stands (an API client need not send it again).
        const earlier = data.statementResponse ? await statements.responseOf(before.id, trx) : null
        const responseChanged = Boolean(data.statementResponse) && earlier?.text !== data.statementResponse
        if (responseChanged) {
          const words = await statementOf(review.id, trx)
          if (!words)
            throw new ValidationError([
              {
                field: 'statementResponse',
                message: NO_WORDS,
              },
            ])
          await statements.replaceResponse(
            {
              id: newId(),
              outcomeId: before.id,
              reviewId: review.id,
              statementId: words.id,
              text: data.statementResponse!,
              recordedBy: clerk.id,
              recordedAt: at,
            },
            trx,
          )
        }
        await outcomes.insertHistory(
          before,
          {
            changedBy: clerk.id,
            at,
            reason: why,
            ...(responseChanged && earlier ? { statementResponse: earlier.text } : {}),
          },
          trx,
        )
        if (before.attended !== data.attended) await effects.setReviewStatus(trx, review, data.attended)
        if (before.decision !== data.decision) {
          const nextReviewId = await effects.applyDecision(
            trx,
            review,
            requirement,
            { decision: data.decision, before: before.decision, attendSittingId: data.attendSittingId },
            clerk.id,
          )
          await outcomes.setNextReview(before.id, nextReviewId, trx)
        }
        await audit.record(
          {
            userId: clerk.id,
            action: 'correct_outcome',
            subjectType: 'review',
            subjectId: review.id,
            detail: {
              outcomeId: before.id,
              from: before.decision,
              to: data.decision,
              version: version + 1,
              ...(responseChanged ? { statementResponse: earlier ? 'changed' : 'added' } : {}),
            },
          },
          at,
          trx,
        )
        return (await outcomes.forReview(review.id, trx))!
      }, STALE_OUTCOME)
      return { outcome, nextReview: await nextReviewOf(outcome) }
    },
  }
}

export type OutcomeService = ReturnType<typeof createOutcomeService>
