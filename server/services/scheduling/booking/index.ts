import type { Tx } from '../../../data/unitOfWork'
import type { AuditTrail } from '../../notify/auditTrail'
import type { OutcomeRepository } from '../../../data/outcomeRepository'
import type { CourtRow } from '../../../data/referenceRepository'
import type { RequirementRow } from '../../../data/caseRepository'
import { NotFoundError } from '../../../errors'
import { createLedger, type BookingDeps } from './ledger'
import { createPlanning } from './planning'
import { createReviewChanges } from './changes'
import { createSittingChanges } from './cancellation'
import { createAttendance } from './attendance'

export { moveInput, vacateInput, adjournInput, reviewRecord } from './inputs'
export type { BookingContext } from './ledger'
export type { PlannedRows } from './planning'

/**
 * Booking reviews into sittings: the place ledger (places, deadlines, retries), planning and
 * re-planning against the court's calendar, a clerk's changes to a review, sittings cancelled or
 * added, and the hearing a person must attend after a paper review.
 */
export function createBookingService(deps: BookingDeps & { audit: AuditTrail; outcomes: OutcomeRepository }) {
  const { reviews, cases } = deps
  const ledger = createLedger(deps)
  const planning = createPlanning(deps, ledger)
  const changes = createReviewChanges(deps, ledger, planning)
  const sittingChanges = createSittingChanges(deps, ledger, planning)
  const attendance = createAttendance(deps, ledger, planning)

  return {
    context: ledger.context,
    reportDueAt: ledger.reportDueAt,
    withRetry: ledger.withRetry,
    plan: planning.plan,
    ...changes,
    ...sittingChanges,
    ...attendance,

    /** Plans every review of a new requirement (called inside the order's transaction). */
    async planNewRequirement(trx: Tx, requirement: RequirementRow, courtId: string, userId: string, court?: CourtRow) {
      return planning.planNewRequirement(trx, await ledger.context(courtId, trx, court), requirement, userId)
    },

    /** What a new requirement's reviews would be, nothing written: the order's dry run and check page. */
    async planRows(requirement: RequirementRow, courtId: string, court?: CourtRow) {
      return planning.planRows(undefined, await ledger.context(courtId, undefined, court), requirement)
    },

    /**
     * Re-plans every open review of a requirement whose terms changed (an amendment: its length, its
     * interval, its court): from the last review heard (held or not attended), else from the order, on
     * the calendar of the court now responsible. Reviews past a shorter end are vacated.
     */
    async replanRequirement(trx: Tx, requirementId: string, userId: string | null): Promise<void> {
      const requirement = await cases.requirement(requirementId, trx)
      const order = requirement ? await cases.order(requirement.orderId, trx) : null
      if (!requirement || !order) throw new NotFoundError('Requirement not found')
      const ctx = await ledger.context(order.courtId, trx)
      const all = await reviews.forRequirement(requirement.id, trx)
      const heard = all.filter(r => r.status === 'held' || r.status === 'did_not_attend')
      const last = heard[heard.length - 1]
      if (last) return void (await planning.replanAfter(trx, ctx, requirement, last, userId))
      const open = all.filter(r => r.status === 'scheduled' || r.status === 'unlisted')
      await planning.plan(trx, ctx, requirement, { from: requirement.startsOn, firstSequence: 1, reuse: open, userId })
    },

    /**
     * Re-plans the open reviews after this one from its date, reading the requirement afresh (its mode
     * or status may have just changed): an inactive requirement's later reviews are vacated.
     */
    async replanFrom(trx: Tx, reviewId: string, userId: string | null): Promise<void> {
      const review = await reviews.find(reviewId, trx)
      const requirement = review ? await cases.requirement(review.requirementId, trx) : null
      const order = requirement ? await cases.order(requirement.orderId, trx) : null
      if (!review || !requirement || !order) throw new NotFoundError('Review not found')
      await planning.replanAfter(trx, await ledger.context(order.courtId, trx), requirement, review, userId)
    },
  }
}

export type BookingService = ReturnType<typeof createBookingService>
