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
