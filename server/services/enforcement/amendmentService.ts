import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { CaseRepository } from '../../data/caseRepository'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { ReferenceRepository } from '../../data/referenceRepository'
import type { AmendmentRepository, AmendmentRow } from '../../data/amendmentRepository'
import type { AuditTrail } from '../notify/auditTrail'
import type { BookingService } from '../scheduling/booking'
import type { Clock } from '../../utils/clock'
import { NotFoundError, RuleError } from '../../errors'
import { newId } from '../../utils/ids'
import { addCalendarMonths, todayIn } from '../../utils/dates'
import { parse, text } from '../validation'
import { amendmentRefusals, changesOf } from './amendmentRules'

export const amendmentInput = z.object({
  reviewId: z.string().min(1).optional().nullable(),
  consent: z.boolean({
    error: 'Say whether the person expresses willingness to comply with the requirement as amended: true or false',
  }),
  months: z.number({ error: 'The length must be a number of months' }).optional().nullable(),
  reviewIntervalMonths: z.number({ error: 'The review interval must be a number of months' }).optional().nullable(),
  providerOrganisationId: z.string().min(1).optional().nullable(),
  residential: z.boolean({ error: 'Residential must be true or false' }).optional().nullable(),
  responsibleCourtId: z.string().min(1).optional().nullable(),
  reason: text('the reason for the amendment', 2000),
})

/** An amendment as the API gives it. */
export const apiAmendment = (a: AmendmentRow) => ({
  id: a.id,
  requirementId: a.requirementId,
  reviewId: a.reviewId,
  applicationId: a.applicationId,
  madeOn: a.madeOn,
  changes: a.changes,
  consent: a.consent,
  reason: a.reason,
  madeBy: a.madeBy,
})

/** A planned review as a dry run gives it (nothing stored, so nothing of its report to say). */
export const plannedReview = (r: ReviewRow) => ({
  id: r.id,
  requirementId: r.requirementId,
  sequence: r.sequence,
  targetDate: r.targetDate,
  reviewDate: r.reviewDate,
  mode: r.mode,
  status: r.status,
  sittingId: r.sittingId,
  startsAt: r.startsAt,
  reportDueAt: r.reportDueAt,
})

/** Thrown inside the transaction of a dry run, so the database rolls every change back. */
class DryRun extends Error {
  constructor(readonly result: { amendment: AmendmentRow; reviews: ReviewRow[] }) {
    super('dry run')
  }
}

/**
 * Structured amendments of a requirement (Sentencing Act 2020 Sch 9 paras 21-22): its length, review
 * interval, provider, residential treatment or responsible court, each a dated row with who, why and the
 * person's consent. The later reviews are re-planned (on the new court's calendar after a transfer); a
 * dry run shows that re-plan and stores nothing.
 */
export function createAmendmentService(deps: {
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  reviews: ReviewRepository
  reference: ReferenceRepository
  amendments: AmendmentRepository
  booking: BookingService
}) {
  const { clock, audit, cases, reviews, reference, amendments, booking } = deps
  const now = () => clock.now().toISOString()

  return {
    async amend(
      clerk: CurrentUser,
      requirementId: string,
      input: unknown,
      opts: { dryRun?: boolean } = {},
    ): Promise<{ amendment: AmendmentRow; reviews: ReviewRow[]; dryRun: boolean }> {
      const requirement = await cases.requirement(requirementId)
      const order = requirement ? await cases.order(requirement.orderId) : null
      if (!requirement || !order) throw new NotFoundError('Requirement not found')
      const data = parse(amendmentInput, input)
      // Reference data read before the transaction (SQLite has one connection, which it would hold).
      const court = data.responsibleCourtId ? await reference.court(data.responsibleCourtId) : null
      const provider = data.providerOrganisationId ? await reference.organisation(data.providerOrganisationId) : null
      const review = data.reviewId ? await reviews.find(data.reviewId) : null
      if (data.reviewId && review?.requirementId !== requirement.id)
        throw new RuleError('Choose a review of this requirement', [
          { field: 'reviewId', message: 'Choose a review of this requirement' },
        ])
      const today = todayIn(clock)
      const facts = {
        requirementStatus: requirement.status,
        consent: data.consent,
        startsOn: requirement.startsOn,
        today,
        current: {
          months: requirement.months,
          reviewIntervalMonths: requirement.reviewIntervalMonths,
          providerOrganisationId: requirement.providerOrganisationId,
          residential: requirement.residential,
          courtId: order.courtId,
        },
        asked: data,
        court: court ? { kind: court.kind } : null,
        provider: provider ? { kind: provider.kind } : null,
      }
      const refusals = amendmentRefusals(facts)
      if (refusals.length) throw new RuleError(refusals[0].message, refusals)
      const changes = changesOf(facts)
      const amendment: AmendmentRow = {
        id: newId(),
        requirementId: requirement.id,
        reviewId: review?.id ?? null,
        applicationId: null,
        madeOn: review && review.reviewDate <= today ? review.reviewDate : today,
        changes,
        consent: data.consent,
        reason: data.reason,
        madeBy: clerk.id,
        madeAt: now(),
      }
      const work = async () =>
        booking.withRetry(async trx => {
          const at = now()
          await cases.amendRequirement(
            requirement.id,
            {
              months: changes.months ? (changes.months.to as number) : undefined,
              endsOn: changes.months ? addCalendarMonths(requirement.startsOn, changes.months.to as number) : undefined,
              reviewIntervalMonths: changes.reviewIntervalMonths
                ? (changes.reviewIntervalMonths.to as number)
                : undefined,
              providerOrganisationId: changes.providerOrganisationId
                ? (changes.providerOrganisationId.to as string)
                : undefined,
              residential: changes.residential ? (changes.residential.to as boolean) : undefined,
            },
            at,
            trx,
          )
          if (changes.responsibleCourtId)
            await cases.setOrderCourt(order.id, changes.responsibleCourtId.to as string, at, trx)
          await amendments.insert(amendment, trx)
          if (changes.months || changes.reviewIntervalMonths || changes.responsibleCourtId)
            await booking.replanRequirement(trx, requirement.id, clerk.id)
          const planned = await reviews.forRequirement(requirement.id, trx)
          if (opts.dryRun) throw new DryRun({ amendment, reviews: planned })
          await audit.record(
            {
              userId: clerk.id,
              action: 'amend_requirement',
              subjectType: 'requirement',
              subjectId: requirement.id,
              detail: {
                amendmentId: amendment.id,
                fields: Object.keys(changes),
                // A transfer: the new court's clerks are emailed (no case data: the court and a link).
                ...(changes.responsibleCourtId
                  ? {
                      toCourtId: changes.responsibleCourtId.to as string,
                      personId: order.personId,
                      unlisted: planned.some(r => r.status === 'unlisted'),
                    }
                  : {}),
              },
            },
            at,
            trx,
          )
          return planned
        }, 'Bookings changed while the amendment was being made. Try again.')
      try {
        const planned = await work()
        return { amendment: (await amendments.find(amendment.id))!, reviews: planned, dryRun: false }
      } catch (err) {
        if (err instanceof DryRun) return { ...err.result, dryRun: true }
        throw err
      }
    },

    forRequirements: (requirementIds: string[]) => amendments.forRequirements(requirementIds),
  }
}

export type AmendmentService = ReturnType<typeof createAmendmentService>
