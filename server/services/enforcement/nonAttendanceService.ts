import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { CaseRepository } from '../../data/caseRepository'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { SittingRepository } from '../../data/sittingRepository'
import type { EnforcementRepository, NonAttendanceRow, WarrantListRow } from '../../data/enforcementRepository'
import type { AuditTrail } from '../notify/auditTrail'
import type { BookingService } from '../scheduling/booking'
import type { Clock } from '../../utils/clock'
import { reviewRecord } from '../scheduling/booking'
import { ConflictError, NotFoundError, RuleError } from '../../errors'
import { newId } from '../../utils/ids'
import { todayIn } from '../../utils/dates'
import { optionalText, parseForRecord } from '../validation'
import { NON_ATTENDANCE_ACTIONS, nonAttendanceRefusals } from './nonAttendanceRules'

const isoDate = (label: string) =>
  z.string({ error: `${label} must be a date like 2027-03-02` }).regex(/^\d{4}-\d{2}-\d{2}$/, {
    error: `${label} must be a date like 2027-03-02`,
  })

export const nonAttendanceInput = z.object({
  action: z.enum(NON_ATTENDANCE_ACTIONS, { error: 'Select what the court did: adjourn, summons or warrant' }),
  bail: z.boolean({ error: 'Say whether the warrant is backed for bail: true or false' }).optional().nullable(),
  sittingId: z.string({ error: 'Choose a sitting' }).min(1, { error: 'Choose a sitting' }).optional().nullable(),
  // The day the summons was issued: by default the day of the hearing the person missed.
  summonsOn: isoDate('The date the summons was issued').optional().nullable(),
  comments: optionalText('comments', 2000),
})
export type NonAttendanceInput = z.output<typeof nonAttendanceInput>

/** The non-attendance as API.md's `event`. */
export const apiNonAttendance = (n: NonAttendanceRow) => ({
  id: n.id,
  reviewId: n.reviewId,
  action: n.action,
  summonsOn: n.summonsOn,
  hearingReviewId: n.hearingReviewId,
  warrantId: n.warrantId,
  comments: n.comments,
  recordedBy: n.recordedBy,
  recordedAt: n.recordedAt,
})

/** A warrant as API.md gives it. */
export const apiWarrant = (w: WarrantListRow) => ({
  id: w.id,
  personId: w.personId,
  requirementId: w.requirementId,
  missedReviewId: w.missedReviewId,
  returnReviewId: w.returnReviewId,
  issuedOn: w.issuedOn,
  bail: w.bail,
  status: w.status,
  issuedByBench: w.issuedByBench,
  executedOn: w.executedOn,
  bailReturnOn: w.bailReturnOn,
  withdrawnReason: w.withdrawnReason,
  version: w.version,
})

export interface NonAttendanceDeps {
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  reviews: ReviewRepository
  sittings: SittingRepository
  enforcement: EnforcementRepository
  booking: BookingService
}

/**
 * What the court did when the person did not attend a review hearing (Sentencing Act 2020 Sch 9
 * para 21(2)(c); Sch 10 para 8): the hearing is recorded as not attended, then adjourned or a summons
 * issued to a sitting the clerk picks, or a warrant issued (backed for bail or not) that stays open
 * until executed or withdrawn. Later periodic reviews re-chain from the hearing that takes place.
 */
export function createNonAttendanceService(deps: NonAttendanceDeps) {
  const { clock, audit, cases, reviews, sittings, enforcement, booking } = deps
  const now = () => clock.now().toISOString()

  return {
    async record(
      clerk: CurrentUser,
      reviewId: string,
      input: unknown,
    ): Promise<{ event: NonAttendanceRow; hearing: ReviewRow | null; warrant: WarrantListRow | null }> {
      const data = await parseForRecord(nonAttendanceInput, input, reviewRecord(reviews, reviewId))
      const id = await booking.withRetry(async trx => {
        const review = await reviews.find(reviewId, trx)
        const requirement = review ? await cases.requirement(review.requirementId, trx) : null
        if (!review || !requirement) throw new NotFoundError('Review not found')
        if (await enforcement.nonAttendanceFor(review.id, trx))
          throw new ConflictError('Non-attendance has already been recorded for this hearing')
        const today = todayIn(clock)
        const refusals = nonAttendanceRefusals({
          action: data.action,
          bail: data.bail ?? null,
          sittingId: data.sittingId ?? null,
          review,
          requirementStatus: requirement.status,
          today,
        })
        if (refusals.length) throw new RuleError(refusals[0].message, refusals)
        const at = now()
        if (!(await reviews.update(review.id, review.version, { status: 'did_not_attend' }, at, trx)))
          throw new ConflictError('This review was changed by someone else. Reload it, then try again.')
        await reviews.recordEvent(
          {
            reviewId: review.id,
            at,
            userId: clerk.id,
            action: 'did_not_attend',
            fromSittingId: review.sittingId,
            toSittingId: review.sittingId,
            fromSlotIndex: review.slotIndex,
            fromStatus: review.status,
            reason: `Did not attend: ${data.action}`,
          },
          trx,
        )
        let hearingId: string | null = null
        let warrantId: string | null = null
        if (data.action === 'warrant') {
          warrantId = newId()
          const sitting = review.sittingId ? await sittings.find(review.sittingId, trx) : null
          await enforcement.insertWarrant(
            {
              id: warrantId,
              requirementId: requirement.id,
              missedReviewId: review.id,
              issuedOn: review.reviewDate,
              issuedBy: clerk.id,
              issuedByBench: sitting?.benchUserIds ?? [],
              bail: data.bail === true,
              status: 'open',
            },
            at,
            trx,
          )
        } else {
          const reason =
            data.action === 'adjourn'
              ? 'Adjourned after the person did not attend'
              : 'Summons issued after the person did not attend'
          const listed = await booking.listAfterNonAttendance(trx, review.id, clerk.id, {
            sittingId: data.sittingId!,
            today,
            reason,
          })
          hearingId = listed.review?.id ?? null
        }
        const eventId = newId()
        await enforcement.insertNonAttendance(
          {
            id: eventId,
            reviewId: review.id,
            action: data.action,
            summonsOn: data.action === 'summons' ? (data.summonsOn ?? review.reviewDate) : null,
            hearingReviewId: hearingId,
            warrantId,
            comments: data.comments?.trim() || null,
            recordedBy: clerk.id,
            recordedAt: at,
          },
          trx,
        )
        // Subject: the missed review. The officer and the provider are told of the hearing listed
        // (the audit trail queues the notices with calendar invites, no case data in them).
        await audit.record(
          {
            userId: clerk.id,
            action: 'record_non_attendance',
            subjectType: 'review',
            subjectId: review.id,
            detail: { action: data.action, warrantId, hearingReviewId: hearingId },
          },
          at,
          trx,
        )
        return eventId
      }, 'Bookings changed while the non-attendance was being recorded. Try again.')
      const event = (await enforcement.nonAttendanceFor(reviewId))!
      return {
        event: { ...event, id },
        hearing: event.hearingReviewId ? await reviews.find(event.hearingReviewId) : null,
        warrant: event.warrantId ? await enforcement.warrant(event.warrantId) : null,
      }
    },

    /** What the court did about a missed hearing, if recorded. */
    forReview: (reviewId: string) => enforcement.nonAttendanceFor(reviewId),
  }
}

export type NonAttendanceService = ReturnType<typeof createNonAttendanceService>
