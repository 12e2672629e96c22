import type { Tx } from '../../../data/unitOfWork'
import type { AuditTrail } from '../../notify/auditTrail'
import type { CurrentUser } from '../../../roles'
import { ConflictError, NotFoundError, RuleError } from '../../../errors'
import { chooseSitting } from '../reviewPlanner'
import { slotInfo, type BookingDeps, type Ledger } from './ledger'
import type { Planning } from './planning'

/** A sitting cancelled (its reviews go elsewhere), and a new sitting taking the reviews waiting for one. */
export function createSittingChanges(deps: BookingDeps & { audit: AuditTrail }, ledger: Ledger, planning: Planning) {
  const { sittings, reviews, cases, audit } = deps
  const { now, context, withRetry, takePlace, placeFields, unlistedFields, changeReview, freeRow } = ledger
  const { replanAfter, earliestAllowed } = planning

  return {
    /** A cancelled sitting's reviews go to the next suitable sitting, or onto "needs listing". */
    async cancelSitting(
      by: CurrentUser,
      sittingId: string,
      version: number,
      reason: string,
    ): Promise<{ relisted: number; unlisted: number }> {
      return withRetry(async trx => {
        const sitting = await sittings.lock(sittingId, trx)
        if (!sitting) throw new NotFoundError('Sitting not found')
        if (sitting.version !== version)
          throw new ConflictError(
            'This sitting was changed by someone else since you opened it. Reload it, then try again.',
          )
        if (sitting.status !== 'open') throw new RuleError('This sitting is already cancelled.')
        const ctx = await context(sitting.courtId, trx)
        const booked = await reviews.forSitting(sitting.id, trx)
        if (!(await sittings.cancel(sitting.id, version, now(), trx)))
          throw new ConflictError('This sitting was changed by someone else. Reload it, then try again.')
        let relisted = 0
        for (const review of booked) {
          await freeRow(trx, review)
          const requirement = (await cases.requirement(review.requirementId, trx))!
          const calendar = await sittings.forCourt(ctx.court.id, review.targetDate, requirement.endsOn, {}, trx)
          const earliest = await earliestAllowed(trx, requirement, review, requirement.reviewIntervalMonths ?? 1)
          const chosen = chooseSitting(
            earliest > review.targetDate ? earliest : review.targetDate,
            requirement.endsOn,
            calendar.map(slotInfo),
            sitting.benchUserIds,
            ctx.holidays,
          )
          const place = chosen ? await takePlace(trx, chosen.id) : null
          const fields = place
            ? placeFields(ctx, place.sitting, place.slotIndex)
            : unlistedFields(ctx, review.reviewDate, 'hearing')
          const current = (await reviews.find(review.id, trx))!
          await changeReview(
            trx,
            current,
            { ...fields, lastSittingId: sitting.id },
            { action: 'sitting_cancelled', userId: by.id, reason },
            { from: review },
          )
          if (place) relisted += 1
          await replanAfter(trx, ctx, requirement, current, by.id)
        }
        await audit.record(
          {
            userId: by.id,
            action: 'cancel_sitting',
            subjectType: 'sitting',
            subjectId: sitting.id,
            detail: { reviews: booked.length },
          },
          now(),
          trx,
        )
        return { relisted, unlisted: booked.length - relisted }
      }, 'A booking changed while the sitting was being cancelled. Try again.')
    },

    /** A new sitting takes the reviews waiting for one: earliest target first, up to its capacity. */
    async listWaitingInto(trx: Tx, sittingId: string, userId: string): Promise<number> {
      const sitting = await sittings.find(sittingId, trx)
      if (!sitting) return 0
      const ctx = await context(sitting.courtId, trx)
      const waiting = (await reviews.unlisted(sitting.courtId, trx)).filter(
        r => r.targetDate <= sitting.date && r.requirementEndsOn >= sitting.date,
      )
      let listed = 0
      for (const w of waiting) {
        const requirement = (await cases.requirement(w.requirementId, trx))!
        const review = (await reviews.find(w.id, trx))!
        if (review.status !== 'unlisted') continue
        if ((await earliestAllowed(trx, requirement, review, requirement.reviewIntervalMonths ?? 1)) > sitting.date)
          continue
        const place = await takePlace(trx, sitting.id)
        if (!place) break
        await changeReview(trx, review, placeFields(ctx, place.sitting, place.slotIndex), {
          action: 'listed',
          userId,
          reason: 'A sitting was added',
        })
        await replanAfter(trx, ctx, requirement, review, userId)
        listed += 1
      }
      return listed
    },
  }
}
