import type { Tx } from '../../../data/unitOfWork'
import type { RequirementRow } from '../../../data/caseRepository'
import { OPEN_STATUSES, type ReviewRow } from '../../../data/reviewRepository'
import type { SittingRow } from '../../../data/sittingRepository'
import { ConflictError, NotFoundError, RuleError } from '../../../errors'
import { newId } from '../../../utils/ids'
import { formatDate, minDate } from '../../../utils/dates'
import { chooseSitting } from '../reviewPlanner'
import { fullMessage } from './inputs'
import { hearingSittingRefusal } from '../../enforcement/nonAttendanceRules'
import { slotInfo, type BookingContext, type BookingDeps, type Ledger } from './ledger'
import type { Planning } from './planning'

/** The hearing a person must attend after a review without a hearing (Sch 9 para 22(7)-(8)). */
export function createAttendance(deps: BookingDeps, ledger: Ledger, planning: Planning) {
  const { sittings, reviews, cases } = deps
  const { now, context, takePlace, placeFields, unlistedFields, changeReview, freeRow } = ledger
  const { replanAfter } = planning

  /** A sitting the court may require the person to attend (Sch 9 para 22(7)): no one-month floor. */
  function checkAttendanceSitting(
    ctx: BookingContext,
    requirement: RequirementRow,
    sitting: SittingRow | null,
    earliest: string,
  ): asserts sitting is SittingRow {
    const field = 'attendSittingId'
    if (!sitting || sitting.courtId !== ctx.court.id)
      throw new RuleError('Choose a sitting of this court.', [{ field, message: 'Choose a sitting of this court' }])
    const refuse = (message: string) => {
      throw new RuleError(message, [{ field, message }])
    }
    if (sitting.status !== 'open') refuse('That sitting has been cancelled: choose another sitting')
    if (sitting.date < earliest) refuse(`Choose a sitting on or after ${formatDate(earliest)}`)
    if (sitting.date > requirement.endsOn)
      refuse(`Choose a sitting on or before ${formatDate(requirement.endsOn)}, when the requirement ends`)
    if (ctx.holidays.has(sitting.date)) refuse('That sitting is on a bank holiday: choose another sitting')
  }

  /**
   * A hearing in a sitting the court specifies, after the review `afterId`: the next open review (or
   * a new one) is listed there as a hearing, its target the hearing itself, and the reviews after it are
   * re-planned from it (chained, DESIGN.md rule 1). `check` refuses a sitting the law does not allow.
   * Without a named sitting, the court's first suitable sitting; with none, it waits on "needs listing".
   */
  async function hearingAfter(
    trx: Tx,
    afterId: string,
    userId: string,
    opts: {
      sittingId?: string | null
      earliest: (after: ReviewRow) => string
      reason: string
      check: (
        ctx: BookingContext,
        requirement: RequirementRow,
        sitting: SittingRow | null,
        earliest: string,
        after: ReviewRow,
      ) => void
    },
  ): Promise<{ review: ReviewRow | null; sitting: SittingRow | null }> {
    const decided = await reviews.find(afterId, trx)
    const requirement = decided ? await cases.requirement(decided.requirementId, trx) : null
    const order = requirement ? await cases.order(requirement.orderId, trx) : null
    if (!decided || !requirement || !order) throw new NotFoundError('Review not found')
    const ctx = await context(order.courtId, trx)
    const next = (await reviews.forRequirement(requirement.id, trx)).find(
      r => r.sequence > decided.sequence && OPEN_STATUSES.includes(r.status),
    )
    const earliest = opts.earliest(decided)
    let chosen: { id: string } | null = null
    let named: SittingRow | null = null
    if (opts.sittingId) {
      named = await sittings.find(opts.sittingId, trx)
      opts.check(ctx, requirement, named, earliest, decided)
      chosen = named
    } else if (earliest <= requirement.endsOn) {
      const calendar = await sittings.forCourt(ctx.court.id, earliest, requirement.endsOn, {}, trx)
      chosen = chooseSitting(earliest, requirement.endsOn, calendar.map(slotInfo), null, ctx.holidays)
    }
    if (!chosen && !next && earliest > requirement.endsOn) return { review: null, sitting: null }
    if (next && next.slotIndex !== null) await freeRow(trx, next)
    const place = chosen ? await takePlace(trx, chosen.id) : null
    if (named && !place) throw new ConflictError(fullMessage(named))
    const fields = place
      ? placeFields(ctx, place.sitting, place.slotIndex)
      : unlistedFields(ctx, minDate(earliest, requirement.endsOn), 'hearing')
    const event = { action: place ? 'listed' : 'planned', userId, reason: opts.reason }
    const id = next?.id ?? newId()
    if (next) {
      const current = (await reviews.find(next.id, trx))!
      await changeReview(
        trx,
        current,
        // Its target is the hearing the court specified, not the monthly cadence.
        {
          ...fields,
          targetDate: fields.reviewDate,
          mode: 'hearing',
          lastSittingId: next.sittingId ?? next.lastSittingId,
        },
        event,
        { from: next },
      )
    } else {
      const row = { id, requirementId: requirement.id, sequence: decided.sequence + 1, targetDate: fields.reviewDate }
      await reviews.insert({ ...row, mode: 'hearing', lastSittingId: null, ...fields }, now(), trx)
      await reviews.recordEvent(
        {
          reviewId: id,
          at: now(),
          ...event,
          fromSittingId: null,
          toSittingId: fields.sittingId,
          fromSlotIndex: null,
          fromStatus: null,
        },
        trx,
      )
    }
    const listed = (await reviews.find(id, trx))!
    await replanAfter(trx, ctx, (await cases.requirement(requirement.id, trx))!, listed, userId)
    return {
      review: (await reviews.find(id, trx))!,
      sitting: place ? await sittings.find(place.sitting.id, trx) : null,
    }
  }

  /** The clerk's chosen sitting for a hearing after non-attendance or an arrest (no one-month floor). */
  function checkChosenSitting(field: string) {
    return (
      ctx: BookingContext,
      requirement: RequirementRow,
      sitting: SittingRow | null,
      earliest: string,
      after: ReviewRow,
    ) => {
      const refusal = hearingSittingRefusal({
        sitting,
        courtId: ctx.court.id,
        earliest,
        missedSittingId: after.sittingId,
        requirementEndsOn: requirement.endsOn,
        bankHoliday: sitting ? ctx.holidays.has(sitting.date) : false,
      })
      if (refusal) throw new RuleError(refusal, [{ field, message: refusal }])
    }
  }

  return {
    /**
     * A review without a hearing found progress no longer satisfactory: the person must attend a hearing
     * "at a time and place" the court specifies (Sentencing Act 2020 Sch 9 para 22(7)), so the one-month
     * interval of periodic reviews (para 21(2)(a)) does not bind it. The sitting chosen (any open sitting
     * of the court with a free place, from the later of today and the paper review's date to the
     * requirement's end), or else the court's first such sitting, takes the next open review (or a new
     * one) as a hearing; the reviews after it are re-planned from it as hearings (para 22(8)(b)). With no
     * sitting at all it waits on "needs listing". Runs inside the caller's transaction; the requirement
     * is already back on hearings.
     */
    async requireAttendance(
      trx: Tx,
      reviewId: string,
      userId: string,
      opts: { sittingId?: string | null; today: string },
    ): Promise<{ review: ReviewRow | null; sitting: SittingRow | null }> {
      return hearingAfter(trx, reviewId, userId, {
        sittingId: opts.sittingId,
        earliest: decided => (decided.reviewDate > opts.today ? decided.reviewDate : opts.today),
        reason: 'Attendance required at a paper review',
        check: checkAttendanceSitting,
      })
    },

    /**
     * The person did not attend a review hearing and the court adjourned it or summonsed them to a
     * sitting the clerk picks (Sch 9 para 21(2)(c); Sch 10 para 8(2)(a)): that sitting takes the next
     * open review and the periodic reviews after it re-chain from it. Runs inside the caller's transaction.
     */
    async listAfterNonAttendance(
      trx: Tx,
      missedId: string,
      userId: string,
      opts: { sittingId: string; today: string; reason: string },
    ): Promise<{ review: ReviewRow | null; sitting: SittingRow | null }> {
      return hearingAfter(trx, missedId, userId, {
        sittingId: opts.sittingId,
        earliest: missed => (missed.reviewDate > opts.today ? missed.reviewDate : opts.today),
        reason: opts.reason,
        check: checkChosenSitting('sittingId'),
      })
    },

    /**
     * The review hearing at which the review court hears a breach (Sentencing Act 2020 Sch 10 para 1):
     * the requirement's next open review when it is a hearing; when it is on paper, it becomes a hearing
     * in the court's first suitable sitting from today (the person must be there), the later reviews
     * re-chained from it. Null when the requirement has no review to hear it at. The reason is written on
     * the review's event (an application passes its own).
     */
    async breachHearing(
      trx: Tx,
      requirementId: string,
      userId: string,
      today: string,
      reason = 'A breach to be heard at a review hearing',
    ): Promise<ReviewRow | null> {
      const all = await reviews.forRequirement(requirementId, trx)
      const next = all.find(r => OPEN_STATUSES.includes(r.status))
      if (next?.mode === 'hearing') return next
      const before = next ? all.filter(r => r.sequence < next.sequence).pop() : all[all.length - 1]
      if (!before) return null
      const listed = await hearingAfter(trx, before.id, userId, {
        earliest: () => today,
        reason,
        check: checkChosenSitting('sittingId'),
      })
      return listed.review
    },

    /**
     * A warrant executed: the return hearing in the sitting the clerk picks, on or after the arrest (and
     * today), takes the next open review; the periodic reviews after it re-chain from it.
     */
    async listWarrantReturn(
      trx: Tx,
      missedId: string,
      userId: string,
      opts: { sittingId: string; earliest: string; reason: string },
    ): Promise<{ review: ReviewRow | null; sitting: SittingRow | null }> {
      return hearingAfter(trx, missedId, userId, {
        sittingId: opts.sittingId,
        earliest: () => opts.earliest,
        reason: opts.reason,
        check: checkChosenSitting('sittingId'),
      })
    },
  }
}
