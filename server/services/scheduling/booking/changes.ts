import type { Tx } from '../../../data/unitOfWork'
import type { AuditTrail } from '../../notify/auditTrail'
import type { RequirementRow } from '../../../data/caseRepository'
import { OPEN_STATUSES, type ReviewRow } from '../../../data/reviewRepository'
import type { SittingRow } from '../../../data/sittingRepository'
import type { CurrentUser } from '../../../roles'
import { ConflictError, NotFoundError, RuleError } from '../../../errors'
import { newId } from '../../../utils/ids'
import { addCalendarMonths, addDays, formatDate } from '../../../utils/dates'
import { chooseSitting } from '../reviewPlanner'
import { parseForRecord } from '../../validation'
import { adjournInput, fullMessage, moveInput, reviewRecord, STALE_REVIEW, vacateInput } from './inputs'
import { slotInfo, type BookingContext, type BookingDeps, type Ledger } from './ledger'
import type { Planning } from './planning'

/** A clerk's changes to one review: move (or list), vacate, adjourn, and undo of the last move or vacate. */
export function createReviewChanges(deps: BookingDeps & { audit: AuditTrail }, ledger: Ledger, planning: Planning) {
  const { sittings, reviews, cases, audit } = deps
  const { now, context, withRetry, takePlace, placeFields, unlistedFields, changeReview, freeRow, vacateRow } = ledger
  const { replanAfter, previousOf } = planning

  async function loadForChange(trx: Tx, reviewId: string, version: number) {
    const review = await reviews.find(reviewId, trx)
    if (!review) throw new NotFoundError('Review not found')
    const requirement = await cases.requirement(review.requirementId, trx)
    const order = requirement ? await cases.order(requirement.orderId, trx) : null
    if (!requirement || !order) throw new NotFoundError('Review not found')
    if (review.version !== version) throw new ConflictError(STALE_REVIEW)
    return { review, requirement, order }
  }

  /**
   * Why a review may not be moved to a sitting, in a clerk's words, or null when it may: the sitting
   * is the court's, open, on or before the requirement's end, at least a calendar month after the
   * review before (Sentencing Act 2020 Sch 9 para 21(2)(a)), and not on a bank holiday. (A full
   * sitting is refused when the place is taken, so a race answers 409.)
   */
  function refusalOf(
    ctx: BookingContext,
    requirement: RequirementRow,
    previous: ReviewRow | null,
    sitting: SittingRow,
  ): string | null {
    if (sitting.status !== 'open') return 'That sitting has been cancelled'
    if (sitting.date > requirement.endsOn) return `After the requirement ends on ${formatDate(requirement.endsOn)}`
    const earliest = addCalendarMonths(previous?.reviewDate ?? requirement.startsOn, 1)
    if (sitting.date < earliest)
      return previous
        ? `Less than a calendar month after review ${previous.sequence} on ${formatDate(previous.reviewDate)} (Sentencing Act 2020 Sch 9 para 21(2)(a)): the earliest is ${formatDate(earliest)}`
        : `Less than a calendar month after the order was made on ${formatDate(requirement.startsOn)}: the earliest is ${formatDate(earliest)}`
    if (ctx.holidays.has(sitting.date)) return 'That sitting is on a bank holiday'
    return null
  }

  async function checkTarget(
    trx: Tx,
    ctx: BookingContext,
    requirement: RequirementRow,
    review: ReviewRow,
    sitting: SittingRow | null,
  ) {
    if (!sitting || sitting.courtId !== ctx.court.id) throw new NotFoundError('Sitting not found')
    const refusal = refusalOf(ctx, requirement, await previousOf(trx, requirement, review), sitting)
    if (refusal) throw new RuleError(`${refusal}. Choose another sitting.`, [{ field: 'sittingId', message: refusal }])
  }

  return {
    /**
     * The sittings a review may be moved to (each with a free place, lawful), and the court's other
     * sittings in the same weeks with why each is not offered, so a clerk who needs another date sees why.
     */
    async moveOptions(reviewId: string, from: string, to: string) {
      const trx = undefined
      const review = await reviews.find(reviewId, trx)
      const requirement = review ? await cases.requirement(review.requirementId, trx) : null
      const order = requirement ? await cases.order(requirement.orderId, trx) : null
      if (!review || !requirement || !order) throw new NotFoundError('Review not found')
      const ctx = await context(order.courtId, trx)
      const previous = await previousOf(trx, requirement, review)
      const offered: SittingRow[] = []
      const notOffered: Array<{ sitting: SittingRow; why: string }> = []
      for (const s of await sittings.forCourt(order.courtId, from, to, {}, trx)) {
        if (s.id === review.sittingId) continue
        const why =
          refusalOf(ctx, requirement, previous, s) ?? (s.booked >= s.capacity ? 'Full: every place is booked' : null)
        if (why) notOffered.push({ sitting: s, why })
        else offered.push(s)
      }
      return { offered, notOffered, earliest: addCalendarMonths(previous?.reviewDate ?? requirement.startsOn, 1) }
    },

    async move(by: CurrentUser, reviewId: string, input: unknown): Promise<ReviewRow> {
      const data = await parseForRecord(moveInput, input, reviewRecord(reviews, reviewId))
      let target: SittingRow | null = null
      const result = await withRetry(async trx => {
        const { review, requirement, order } = await loadForChange(trx, reviewId, data.version)
        if (!OPEN_STATUSES.includes(review.status) || review.mode === 'paper')
          throw new RuleError('Only a scheduled or unlisted review at a hearing can be moved.')
        const ctx = await context(order.courtId, trx)
        target = await sittings.find(data.sittingId, trx)
        if (target?.id === review.sittingId)
          throw new RuleError('The review is already listed in that sitting.', [
            { field: 'sittingId', message: 'Choose a different sitting' },
          ])
        await checkTarget(trx, ctx, requirement, review, target)
        const place = await takePlace(trx, data.sittingId)
        if (!place) throw new ConflictError(fullMessage(target))
        await changeReview(
          trx,
          review,
          {
            ...placeFields(ctx, place.sitting, place.slotIndex),
            lastSittingId: review.sittingId ?? review.lastSittingId,
          },
          { action: 'moved', userId: by.id, reason: data.reason },
        )
        await replanAfter(trx, ctx, requirement, review, by.id)
        await audit.record(
          { userId: by.id, action: 'move_review', subjectType: 'review', subjectId: review.id },
          now(),
          trx,
        )
        return (await reviews.find(review.id, trx))!
      }, fullMessage(target))
      return result
    },

    async vacate(by: CurrentUser, reviewId: string, input: unknown): Promise<ReviewRow> {
      const data = await parseForRecord(vacateInput, input, reviewRecord(reviews, reviewId))
      return withRetry(async trx => {
        const { review, requirement, order } = await loadForChange(trx, reviewId, data.version)
        if (!OPEN_STATUSES.includes(review.status))
          throw new RuleError('Only a scheduled or unlisted review can be vacated.')
        const ctx = await context(order.courtId, trx)
        await vacateRow(trx, review, by.id, data.reason, 'vacated', review.version)
        await replanAfter(trx, ctx, requirement, review, by.id)
        await audit.record(
          { userId: by.id, action: 'vacate_review', subjectType: 'review', subjectId: review.id },
          now(),
          trx,
        )
        return (await reviews.find(review.id, trx))!
      }, fullMessage())
    },

    /** The hearing is put off: this review is marked adjourned and a new one listed for the same purpose. */
    async adjourn(by: CurrentUser, reviewId: string, input: unknown): Promise<ReviewRow> {
      const data = await parseForRecord(adjournInput, input, reviewRecord(reviews, reviewId))
      return withRetry(async trx => {
        const { review, requirement, order } = await loadForChange(trx, reviewId, data.version)
        if (review.status !== 'scheduled' || !review.sittingId)
          throw new RuleError('Only a review listed in a sitting can be adjourned.')
        const ctx = await context(order.courtId, trx)
        await changeReview(
          trx,
          review,
          { status: 'adjourned', slotIndex: null, lastSittingId: review.sittingId },
          { action: 'adjourned', userId: by.id, reason: data.reason, toSittingId: data.sittingId ?? null },
        )
        let sitting: SittingRow | null = null
        if (data.sittingId) {
          sitting = await sittings.find(data.sittingId, trx)
          if (!sitting || sitting.courtId !== ctx.court.id) throw new NotFoundError('Sitting not found')
          if (sitting.date <= review.reviewDate)
            throw new RuleError('Adjourn to a sitting after the one the review was listed in.', [
              { field: 'sittingId', message: 'Choose a later sitting' },
            ])
          if (sitting.date > requirement.endsOn)
            throw new RuleError(`That sitting is after the requirement ends on ${formatDate(requirement.endsOn)}.`, [
              { field: 'sittingId', message: 'Choose an earlier sitting' },
            ])
        } else {
          const calendar = await sittings.forCourt(
            ctx.court.id,
            addDays(review.reviewDate, 1),
            requirement.endsOn,
            {},
            trx,
          )
          // An adjourned hearing prefers the bench it was before, within a week (continuity of bench).
          const bench = (await sittings.find(review.sittingId, trx))?.benchUserIds ?? null
          const chosen = chooseSitting(
            addDays(review.reviewDate, 1),
            requirement.endsOn,
            calendar.map(slotInfo),
            bench,
            ctx.holidays,
          )
          sitting = chosen ? (calendar.find(c => c.id === chosen.id) ?? null) : null
        }
        const place = sitting ? await takePlace(trx, sitting.id) : null
        if (sitting && !place && data.sittingId) throw new ConflictError(fullMessage(sitting))
        const id = newId()
        const fields = place
          ? placeFields(ctx, place.sitting, place.slotIndex)
          : unlistedFields(ctx, addDays(review.reviewDate, 1), 'hearing')
        await reviews.insert(
          {
            id,
            requirementId: requirement.id,
            sequence: review.sequence,
            targetDate: review.targetDate,
            mode: review.mode,
            lastSittingId: review.sittingId,
            ...fields,
          },
          now(),
          trx,
        )
        await reviews.recordEvent(
          {
            reviewId: id,
            at: now(),
            userId: by.id,
            action: 'listed',
            fromSittingId: review.sittingId,
            toSittingId: fields.sittingId,
            fromSlotIndex: null,
            fromStatus: null,
            reason: `Adjourned: ${data.reason}`,
          },
          trx,
        )
        const adjournedTo = (await reviews.find(id, trx))!
        await replanAfter(trx, ctx, requirement, adjournedTo, by.id)
        await audit.record(
          { userId: by.id, action: 'adjourn_review', subjectType: 'review', subjectId: review.id },
          now(),
          trx,
        )
        return (await reviews.find(id, trx))!
      }, fullMessage())
    },

    /** Undo this clerk's last move or vacate: the review goes back where it was, if that place is still free. */
    async undoLast(by: CurrentUser): Promise<ReviewRow> {
      return withRetry(async trx => {
        const event = await reviews.lastChangeBy(by.id, trx)
        if (!event || !['moved', 'vacated'].includes(event.action))
          throw new RuleError('There is no booking change of yours to undo.')
        const review = (await reviews.find(event.reviewId, trx))!
        const requirement = (await cases.requirement(review.requirementId, trx))!
        const order = (await cases.order(requirement.orderId, trx))!
        if (!OPEN_STATUSES.includes(review.status) && review.status !== 'vacated')
          throw new RuleError('That review has been heard since, so the change cannot be undone.')
        const ctx = await context(order.courtId, trx)
        let fields: Partial<ReviewRow>
        if (event.fromSittingId) {
          if (review.slotIndex !== null) await freeRow(trx, review)
          const place = await takePlace(trx, event.fromSittingId)
          if (!place)
            throw new ConflictError(
              'The place the review had has been taken since, so the change cannot be undone. Move the review instead.',
            )
          fields = placeFields(ctx, place.sitting, place.slotIndex)
        } else {
          fields = unlistedFields(ctx, review.targetDate, review.mode)
        }
        const current = (await reviews.find(review.id, trx))!
        await reviews.markEventUndone(event.id, trx)
        await changeReview(
          trx,
          current,
          { ...fields, lastSittingId: review.sittingId ?? review.lastSittingId },
          { action: 'undone', userId: by.id, reason: `Undo: ${event.action}` },
          { from: review },
        )
        await replanAfter(trx, ctx, requirement, current, by.id)
        await audit.record(
          { userId: by.id, action: 'undo_booking_change', subjectType: 'review', subjectId: review.id },
          now(),
          trx,
        )
        return (await reviews.find(review.id, trx))!
      }, 'The place the review had has been taken since, so the change cannot be undone.')
    },
  }
}

export type ReviewChanges = ReturnType<typeof createReviewChanges>
