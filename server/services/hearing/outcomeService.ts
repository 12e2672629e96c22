import type { Knex } from 'knex'
import { z } from 'zod'
import type { HearingDeps } from './deps'
import type { CurrentUser } from '../../roles'
import type { RequirementRow, RequirementStatus } from '../../data/caseRepository'
import { OPEN_STATUSES, type ReviewRow } from '../../data/reviewRepository'
import type { ApiReview } from '../scheduling/listingService'
import { reviewRecord } from '../scheduling/bookingService'
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../../errors'
import { newId } from '../../utils/ids'
import { toLocalIso } from '../../utils/dates'
import { parseForRecord, text } from '../validation'

export const PROGRESS = ['good', 'satisfactory', 'poor'] as const
export const DECISIONS = [
  'continue_hearing',
  'continue_paper',
  'amend',
  'require_attendance',
  'breach_referral',
  'completed',
  'revoked',
] as const
export type Progress = (typeof PROGRESS)[number]
export type Decision = (typeof DECISIONS)[number]

export const CONSENT_MESSAGE =
  'An amendment needs the person’s consent (Sentencing Act 2020 Sch 9); without it the court may revoke and re-sentence'
export const OUTCOME_EXISTS = 'An outcome has already been recorded for this review: change it instead'
const STALE_OUTCOME =
  'This outcome was changed by someone else since you opened it. Reload it to see the change, then try again.'

export const outcomeInput = z.object({
  attended: z.boolean({ error: 'Select whether the person attended' }),
  progress: z.enum(PROGRESS, { error: 'Select the person’s progress: good, satisfactory or poor' }),
  decision: z.enum(DECISIONS, { error: 'Select the court’s decision' }),
  // The bench's own words to the person: kept exactly as written.
  benchComments: z
    .string({ error: 'The bench’s words to the person must be text' })
    .max(10000, { error: 'The bench’s words to the person must be 10000 characters or fewer' })
    .optional()
    .nullable(),
  amendment: z
    .string({ error: 'The amendment must be text' })
    .max(10000, { error: 'The amendment must be 10000 characters or fewer' })
    .optional()
    .nullable(),
  consentToAmendment: z.boolean({ error: 'Say whether the person consents to the amendment' }).optional().nullable(),
})
export type OutcomeInput = z.output<typeof outcomeInput>

export interface OutcomeRow {
  id: string
  reviewId: string
  attended: boolean
  progress: Progress
  decision: Decision
  benchComments: string | null
  amendment: string | null
  consentToAmendment: boolean | null
  nextReviewId: string | null
  recordedBy: string
  recordedAt: string
  updatedAt: string
  version: number
}

export interface OutcomeHistoryRow {
  version: number
  content: Omit<OutcomeRow, 'id' | 'reviewId' | 'version'>
  changedBy: string
  changedByName: string | null
  changedAt: string
  reason: string | null
}

type Raw = Record<string, unknown>

const toOutcome = (r: Raw): OutcomeRow => ({
  id: r.id as string,
  reviewId: r.review_id as string,
  attended: Boolean(r.attended),
  progress: r.progress as Progress,
  decision: r.decision as Decision,
  benchComments: (r.bench_comments as string) ?? null,
  amendment: (r.amendment as string) ?? null,
  consentToAmendment:
    r.consent_to_amendment === null || r.consent_to_amendment === undefined ? null : Boolean(r.consent_to_amendment),
  nextReviewId: (r.next_review_id as string) ?? null,
  recordedBy: r.recorded_by as string,
  recordedAt: r.recorded_at as string,
  updatedAt: r.updated_at as string,
  version: Number(r.version),
})

/** The outcome as API.md gives it. */
export const apiOutcome = (o: OutcomeRow) => ({
  id: o.id,
  reviewId: o.reviewId,
  attended: o.attended,
  progress: o.progress,
  decision: o.decision,
  benchComments: o.benchComments,
  amendment: o.amendment,
  consentToAmendment: o.consentToAmendment,
  recordedAt: toLocalIso(o.recordedAt),
  version: o.version,
})

/** What later reviews become after each decision. */
const MODE_AFTER: Partial<Record<Decision, 'hearing' | 'paper'>> = {
  continue_hearing: 'hearing',
  continue_paper: 'paper',
  amend: 'hearing',
  require_attendance: 'hearing',
}
const CLOSES: Partial<Record<Decision, RequirementStatus>> = {
  breach_referral: 'breach',
  completed: 'completed',
  revoked: 'revoked',
}

/** The rules zod cannot say alone: an amendment needs its text and the person's consent. */
function checkRules(data: OutcomeInput): OutcomeInput {
  if (data.decision !== 'amend') return { ...data, amendment: null, consentToAmendment: null }
  const amendment = data.amendment?.trim() ?? ''
  if (!amendment) throw new ValidationError([{ field: 'amendment', message: 'Enter the amendment the court made' }])
  // Sentencing Act 2020 Sch 9 para 22: a DRR is amended only if the person expresses willingness to comply.
  if (data.consentToAmendment !== true)
    throw new RuleError(CONSENT_MESSAGE, [{ field: 'consentToAmendment', message: CONSENT_MESSAGE }])
  return { ...data, amendment, consentToAmendment: true }
}

const content = (o: OutcomeRow) => ({
  attended: o.attended,
  progress: o.progress,
  decision: o.decision,
  benchComments: o.benchComments,
  amendment: o.amendment,
  consentToAmendment: o.consentToAmendment,
  nextReviewId: o.nextReviewId,
  recordedBy: o.recordedBy,
  recordedAt: o.recordedAt,
  updatedAt: o.updatedAt,
})

export function createOutcomeService(deps: HearingDeps) {
  const { db, clock, audit, cases, reviews, listing, booking } = deps
  const now = () => clock.now().toISOString()

  async function outcomeFor(reviewId: string, trx: Knex = db): Promise<OutcomeRow | null> {
    const r = await trx('outcome').where({ review_id: reviewId }).first()
    return r ? toOutcome(r) : null
  }

  async function loadReview(trx: Knex, reviewId: string) {
    const review = await reviews.find(reviewId, trx)
    const requirement = review ? await cases.requirement(review.requirementId, trx) : null
    if (!review || !requirement) throw new NotFoundError('Review not found')
    return { review, requirement }
  }

  async function setReviewStatus(trx: Knex, review: ReviewRow, attended: boolean) {
    const status = attended ? 'held' : 'did_not_attend'
    if (review.status === status) return
    if (!(await reviews.update(review.id, review.version, { status }, now(), trx)))
      throw new ConflictError('This review was changed by someone else. Reload it, then try again.')
  }

  /** The decision's effect on the requirement, then the open reviews after this one re-planned from its date. */
  async function applyDecision(
    trx: Knex,
    review: ReviewRow,
    requirement: RequirementRow,
    decision: Decision,
    userId: string,
  ): Promise<string | null> {
    const closes = CLOSES[decision]
    if (closes) await cases.updateRequirementReviewing(requirement.id, { status: closes }, now(), trx)
    else
      await cases.updateRequirementReviewing(
        requirement.id,
        // A correction from a closing decision to a continuing one opens the requirement again.
        { reviewMode: MODE_AFTER[decision], status: requirement.status !== 'active' ? 'active' : undefined },
        now(),
        trx,
      )
    await booking.replanFrom(trx, review.id, userId)
    const after = await reviews.forRequirement(requirement.id, trx)
    return after.find(r => r.sequence > review.sequence && OPEN_STATUSES.includes(r.status))?.id ?? null
  }

  async function nextReviewOf(outcome: OutcomeRow): Promise<ApiReview | null> {
    const next = outcome.nextReviewId ? await reviews.find(outcome.nextReviewId) : null
    return next ? (await listing.apiReviews([next]))[0] : null
  }

  return {
    outcomeFor,

    async history(reviewId: string): Promise<OutcomeHistoryRow[]> {
      const rows = await db('outcome_history as h')
        .join('outcome as o', 'o.id', 'h.outcome_id')
        .leftJoin('app_user as u', 'u.id', 'h.changed_by')
        .where('o.review_id', reviewId)
        .orderBy('h.version', 'desc')
        .select('h.*', 'u.name as changed_by_name')
      return rows.map(r => ({
        version: Number(r.version),
        content: JSON.parse(r.content as string) as OutcomeHistoryRow['content'],
        changedBy: r.changed_by as string,
        changedByName: (r.changed_by_name as string) ?? null,
        changedAt: r.changed_at as string,
        reason: (r.reason as string) ?? null,
      }))
    },

    nextReviewOf,

    /**
     * Records what the bench decided, in one transaction: the outcome (one per review: the unique key
     * makes a double-submitted form record one), the review held or not attended, and the later
     * reviews re-planned, or vacated when the requirement ends.
     */
    async record(
      clerk: CurrentUser,
      reviewId: string,
      input: unknown,
    ): Promise<{ outcome: OutcomeRow; nextReview: ApiReview | null }> {
      const data = checkRules(await parseForRecord(outcomeInput, input, reviewRecord(reviews, reviewId)))
      const outcome = await booking.withRetry(async trx => {
        const { review, requirement } = await loadReview(trx, reviewId)
        if (await outcomeFor(review.id, trx)) throw new ConflictError(OUTCOME_EXISTS)
        if (review.status !== 'scheduled')
          throw new RuleError('An outcome can be recorded only for a review that is listed to be heard.')
        if (requirement.status !== 'active')
          throw new RuleError(`This requirement has ended (${requirement.status}), so its reviews have no outcomes.`)
        const id = newId()
        const at = now()
        // First, so a second submission waits on the unique key and then finds this one.
        await trx('outcome').insert({
          id,
          review_id: review.id,
          attended: data.attended,
          progress: data.progress,
          decision: data.decision,
          bench_comments: data.benchComments ?? null,
          amendment: data.amendment ?? null,
          consent_to_amendment: data.consentToAmendment ?? null,
          next_review_id: null,
          recorded_by: clerk.id,
          recorded_at: at,
          updated_at: at,
          version: 1,
        })
        await setReviewStatus(trx, review, data.attended)
        const nextReviewId = await applyDecision(trx, review, requirement, data.decision, clerk.id)
        await trx('outcome').where({ id }).update({ next_review_id: nextReviewId })
        await audit.record(
          {
            userId: clerk.id,
            action: 'record_outcome',
            subjectType: 'review',
            subjectId: review.id,
            detail: { outcomeId: id, decision: data.decision, attended: data.attended },
          },
          at,
          trx,
        )
        return (await outcomeFor(review.id, trx))!
      }, 'Bookings changed while the outcome was being recorded. Try again.')
      return { outcome, nextReview: await nextReviewOf(outcome) }
    },

    /** A correction: the outcome before it is kept in its history; a changed decision re-plans again. */
    async correct(
      clerk: CurrentUser,
      reviewId: string,
      input: unknown,
      version: number,
      reason: unknown,
    ): Promise<{ outcome: OutcomeRow; nextReview: ApiReview | null }> {
      const correction = outcomeInput.extend({ reason: text('the reason for the change', 500) })
      const { reason: why, ...fields } = await parseForRecord(
        correction,
        { ...(input as object), reason },
        reviewRecord(reviews, reviewId),
      )
      const data = checkRules(fields)
      const outcome = await booking.withRetry(async trx => {
        const { review, requirement } = await loadReview(trx, reviewId)
        const before = await outcomeFor(review.id, trx)
        if (!before) throw new NotFoundError('No outcome has been recorded for this review')
        if (before.version !== version) throw new ConflictError(STALE_OUTCOME)
        const at = now()
        const n = await trx('outcome')
          .where({ id: before.id, version })
          .update({
            attended: data.attended,
            progress: data.progress,
            decision: data.decision,
            bench_comments: data.benchComments ?? null,
            amendment: data.amendment ?? null,
            consent_to_amendment: data.consentToAmendment ?? null,
            updated_at: at,
            version: version + 1,
          })
        if (n === 0) throw new ConflictError(STALE_OUTCOME)
        await trx('outcome_history').insert({
          outcome_id: before.id,
          version: before.version,
          content: JSON.stringify(content(before)),
          changed_by: clerk.id,
          changed_at: at,
          reason: why,
        })
        if (before.attended !== data.attended) await setReviewStatus(trx, review, data.attended)
        if (before.decision !== data.decision) {
          const nextReviewId = await applyDecision(trx, review, requirement, data.decision, clerk.id)
          await trx('outcome').where({ id: before.id }).update({ next_review_id: nextReviewId })
        }
        await audit.record(
          {
            userId: clerk.id,
            action: 'correct_outcome',
            subjectType: 'review',
            subjectId: review.id,
            detail: { outcomeId: before.id, from: before.decision, to: data.decision, version: version + 1 },
          },
          at,
          trx,
        )
        return (await outcomeFor(review.id, trx))!
      }, STALE_OUTCOME)
      return { outcome, nextReview: await nextReviewOf(outcome) }
    },
  }
}

export type OutcomeService = ReturnType<typeof createOutcomeService>
