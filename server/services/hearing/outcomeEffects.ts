import type { Tx } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository, RequirementRow } from '../../data/caseRepository'
import type { OutcomeRepository, Decision } from '../../data/outcomeRepository'
import { OPEN_STATUSES, type ReviewRepository, type ReviewRow } from '../../data/reviewRepository'
import type { SittingRepository } from '../../data/sittingRepository'
import type { UserRepository } from '../../data/userRepository'
import type { BookingService } from '../scheduling/booking'
import type { Clock } from '../../utils/clock'
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../../errors'
import { todayIn } from '../../utils/dates'
import { CLOSES, MODE_AFTER, outcomeRefusals, type OutcomeFacts } from './outcomeRules'

export interface OutcomeEffectsDeps {
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  reviews: ReviewRepository
  sittings: SittingRepository
  users: UserRepository
  outcomes: OutcomeRepository
  booking: BookingService
}

/**
 * What recording an outcome does beyond writing it, shared by the clerk's outcome, its correction
 * and the decision on the papers: the law checked, who sat, the review held, and the requirement
 * and its later reviews changed by the decision.
 */
export function createOutcomeEffects(deps: OutcomeEffectsDeps) {
  const { clock, audit, cases, reviews, sittings, users, booking } = deps
  const now = () => clock.now().toISOString()

  /** The review and its requirement, in the transaction given (none: a read for checking answers). */
  async function loadReview(trx: Tx | undefined, reviewId: string) {
    const review = await reviews.find(reviewId, trx)
    const requirement = review ? await cases.requirement(review.requirementId, trx) : null
    if (!review || !requirement) throw new NotFoundError('Review not found')
    return { review, requirement }
  }

  /** Sentencing Act 2020 Sch 9 paras 21-22, as outcomeRules says: a 422 naming each broken rule. */
  function checkLaw(review: ReviewRow, facts: Omit<OutcomeFacts, 'reviewMode' | 'reviewDate' | 'today'>) {
    const refusals = outcomeRefusals({
      ...facts,
      reviewMode: review.mode,
      reviewDate: review.reviewDate,
      today: todayIn(clock),
    })
    // The detail is the rule the decision breaks, in plain words; each field's own line follows it.
    const rule = refusals.find(r => r.field === 'decision') ?? refusals[0]
    if (rule) throw new RuleError(rule.message, refusals)
  }

  /**
   * Who sat: the members named (each a magistrate or judge whose account is active), or the sitting's
   * rostered bench when none are named. A paper review has no roster.
   */
  async function whoSat(trx: Tx | undefined, review: ReviewRow, named: string[] | null | undefined): Promise<string[]> {
    if (!named) {
      const sittingId = review.sittingId ?? review.lastSittingId
      return sittingId && review.mode === 'hearing' ? ((await sittings.find(sittingId, trx))?.benchUserIds ?? []) : []
    }
    const ids = [...new Set(named)]
    const found = await users.rolesOf(ids, trx)
    const ok = (id: string) => found.some(u => u.id === id && u.role === 'sentencer' && !u.disabled)
    if (!ids.every(ok))
      throw new ValidationError([
        { field: 'benchUserIds', message: 'Choose who sat from the court’s magistrates and judges' },
      ])
    return ids.sort()
  }

  /** A hearing is held or not attended; a review on the papers is held (no one attends it). */
  async function setReviewStatus(trx: Tx, review: ReviewRow, attended: boolean) {
    const status = review.mode === 'paper' || attended ? 'held' : 'did_not_attend'
    if (review.status === status) return
    if (!(await reviews.update(review.id, review.version, { status }, now(), trx)))
      throw new ConflictError('This review was changed by someone else. Reload it, then try again.')
  }

  /**
   * The decision's effect on the requirement, then the open reviews after this one: listed for the
   * hearing the person must attend, or re-planned from this review's date. Returns the next review.
   */
  async function applyDecision(
    trx: Tx,
    review: ReviewRow,
    requirement: RequirementRow,
    change: { decision: Decision; before: Decision | null; attendSittingId?: string | null },
    userId: string,
  ): Promise<string | null> {
    const { decision, before } = change
    // Sch 10 para 1: a breach referral keeps the order live; correcting it away ends the proceedings it began.
    const breachProceedings = decision === 'breach_referral' ? true : before === 'breach_referral' ? false : undefined
    const closes = CLOSES[decision]
    await cases.updateRequirementReviewing(
      requirement.id,
      closes
        ? { status: closes, breachProceedings }
        : // A correction from a closing decision to a continuing one opens the requirement again.
          { reviewMode: MODE_AFTER[decision]!, status: 'active', breachProceedings },
      now(),
      trx,
    )
    if (decision === 'require_attendance') {
      const listed = await booking.requireAttendance(trx, review.id, userId, {
        sittingId: change.attendSittingId,
        today: todayIn(clock),
      })
      // The officer and the court's clerks are told (no case data in the email).
      await audit.record(
        {
          userId,
          action: 'notify_officer',
          subjectType: 'review',
          subjectId: review.id,
          detail: {
            officerId: requirement.responsibleOfficerId,
            reason: 'attendance_required',
            nextReviewId: listed.review?.id ?? null,
            sittingId: listed.sitting?.id ?? null,
          },
        },
        now(),
        trx,
      )
      return listed.review?.id ?? null
    }
    await booking.replanFrom(trx, review.id, userId)
    const after = await reviews.forRequirement(requirement.id, trx)
    return after.find(r => r.sequence > review.sequence && OPEN_STATUSES.includes(r.status))?.id ?? null
  }

  return { loadReview, checkLaw, whoSat, setReviewStatus, applyDecision }
}

export type OutcomeEffects = ReturnType<typeof createOutcomeEffects>
