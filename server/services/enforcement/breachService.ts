import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { CaseRepository } from '../../data/caseRepository'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { SittingRepository } from '../../data/sittingRepository'
import type { BreachRepository, BreachRow } from '../../data/breachRepository'
import type { AuditTrail } from '../notify/auditTrail'
import type { BookingService } from '../scheduling/booking'
import type { Clock } from '../../utils/clock'
import { ConflictError, NotFoundError, RuleError } from '../../errors'
import { newId } from '../../utils/ids'
import { todayIn } from '../../utils/dates'
import { optionalText, parse, text } from '../validation'
import { createRequirementAccess } from './requirementAccess'
import { BREACH_POWERS, CLOSING_POWERS, breachOutcomeRefusals, layRefusals, type OrderKind } from './breachRules'

const isoDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} must be a date like 2027-03-02` })

export const breachInput = z.object({
  failure: text('what the person failed to do', 200),
  occurredOn: isoDate('the date of the failure'),
  details: optionalText('details', 2000),
})

export const breachOutcomeInput = z.object({
  proved: z.boolean({ error: 'Say whether the breach was proved: true or false' }),
  power: z.enum(BREACH_POWERS, { error: 'Choose what the court did' }).optional().nullable(),
  fineAmount: z.number({ error: 'The fine must be a number of pounds' }).optional().nullable(),
  comments: optionalText('comments', 2000),
  benchUserIds: z.array(z.string().min(1)).max(12).optional().nullable(),
  version: z.number().int().optional(),
})

/** A breach as API.md gives it. */
export const apiBreach = (b: BreachRow) => ({
  id: b.id,
  requirementId: b.requirementId,
  failure: b.failure,
  occurredOn: b.occurredOn,
  details: b.details,
  laidBy: b.laidBy,
  hearingReviewId: b.hearingReviewId,
  status: b.status,
  proved: b.proved,
  power: b.power,
  fineAmount: b.fineAmount,
  comments: b.comments,
  benchUserIds: b.benchUserIds,
  version: b.version,
})

/**
 * Breach at the review court (Sentencing Act 2020 Sch 10 para 1; Sch 16): an officer lays it on their
 * own case; the requirement is in breach proceedings, its reviews stay listed and the breach is heard at
 * the next review hearing; the clerk records whether it was proved and the power used. A power that
 * ends the order (re-sentence, activation) closes the requirement and vacates its later reviews.
 */
export function createBreachService(deps: {
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  reviews: ReviewRepository
  sittings: SittingRepository
  breaches: BreachRepository
  booking: BookingService
}) {
  const { clock, audit, cases, reviews, sittings, breaches, booking } = deps
  const now = () => clock.now().toISOString()

  const access = createRequirementAccess({ cases, reviews, audit })
  const requirementInScope = access.inScope

  return {
    requirementInScope,

    /** The requirement a breach is to be laid on, for its page: the read is audited against its person. */
    requirementToBreach: access.forPage,

    /** One breach with its requirement, order, person and hearing, as the user may see them: audited. */
    async find(user: CurrentUser, breachId: string) {
      const breach = await breaches.find(breachId)
      const found = await access.record(user, 'breach', breach, 'Breach not found')
      return { ...found, breach: breach! }
    },

    async lay(
      officer: CurrentUser,
      requirementId: string,
      input: unknown,
    ): Promise<{ breach: BreachRow; hearing: ReviewRow | null }> {
      const { requirement, order } = await requirementInScope(officer, requirementId)
      const data = parse(breachInput, input)
      const today = todayIn(clock)
      const refusals = layRefusals({
        requirementStatus: requirement.status,
        occurredOn: data.occurredOn,
        madeOn: order.madeOn,
        today,
      })
      if (refusals.length) throw new RuleError(refusals[0].message, refusals)
      const id = newId()
      await booking.withRetry(async trx => {
        const hearing = await booking.breachHearing(trx, requirement.id, officer.id, today)
        const at = now()
        await breaches.insert(
          {
            id,
            requirementId: requirement.id,
            failure: data.failure,
            occurredOn: data.occurredOn,
            details: data.details?.trim() || null,
            laidBy: officer.id,
            laidAt: at,
            hearingReviewId: hearing?.id ?? null,
          },
          trx,
        )
        await cases.updateRequirementReviewing(requirement.id, { breachProceedings: true }, at, trx)
        await audit.record(
          {
            userId: officer.id,
            action: 'lay_breach',
            subjectType: 'requirement',
            subjectId: requirement.id,
            detail: { breachId: id },
          },
          at,
          trx,
        )
      }, 'Bookings changed while the breach was being laid. Try again.')
      const breach = (await breaches.find(id))!
      return { breach, hearing: breach.hearingReviewId ? await reviews.find(breach.hearingReviewId) : null }
    },

    /** The court's decision: proved or not, and the power used (Sch 10 para 10(5); Sch 16 para 13(1)). */
    async decide(clerk: CurrentUser, breachId: string, input: unknown): Promise<BreachRow> {
      const found = await breaches.find(breachId)
      if (!found) throw new NotFoundError('Breach not found')
      const data = parse(breachOutcomeInput, input)
      await booking.withRetry(async trx => {
        const breach = (await breaches.find(breachId, trx))!
        if (breach.status !== 'open') throw new ConflictError('The outcome of this breach has already been recorded')
        if (data.version !== undefined && data.version !== breach.version)
          throw new ConflictError('This breach was changed by someone else. Reload it, then try again.')
        const requirement = (await cases.requirement(breach.requirementId, trx))!
        const order = (await cases.order(requirement.orderId, trx))!
        const hearing = breach.hearingReviewId ? await reviews.find(breach.hearingReviewId, trx) : null
        const power = data.proved ? (data.power ?? null) : 'not_proved'
        const refusals = breachOutcomeRefusals({
          proved: data.proved,
          power: data.proved ? power : (data.power ?? null),
          fineAmount: data.fineAmount ?? null,
          orderKind: order.kind as OrderKind,
          hearingDate: hearing?.reviewDate ?? null,
          today: todayIn(clock),
        })
        if (refusals.length) throw new RuleError(refusals[0].message, refusals)
        const sitting = hearing?.sittingId ? await sittings.find(hearing.sittingId, trx) : null
        const at = now()
        const decided = await breaches.decide(
          breach.id,
          breach.version,
          {
            proved: data.proved,
            power: power!,
            fineAmount: power === 'fine' ? (data.fineAmount ?? null) : null,
            comments: data.comments?.trim() || null,
            benchUserIds: data.benchUserIds?.length ? data.benchUserIds : (sitting?.benchUserIds ?? []),
            decidedBy: clerk.id,
          },
          at,
          trx,
        )
        if (!decided) throw new ConflictError('This breach was changed by someone else. Reload it, then try again.')
        const closes = CLOSING_POWERS.includes(power!)
        const stillOpen = (await breaches.countOpen(requirement.id, trx)) > 0
        await cases.updateRequirementReviewing(
          requirement.id,
          closes ? { status: 'revoked', breachProceedings: false } : { breachProceedings: stillOpen },
          at,
          trx,
        )
        // The order ends: the reviews after the breach hearing are vacated, each saying why.
        if (closes && hearing) await booking.replanFrom(trx, hearing.id, clerk.id)
        await audit.record(
          {
            userId: clerk.id,
            action: 'record_breach_outcome',
            subjectType: 'requirement',
            subjectId: requirement.id,
            detail: { breachId: breach.id, proved: data.proved, power },
          },
          at,
          trx,
        )
      }, 'Bookings changed while the breach outcome was being recorded. Try again.')
      return (await breaches.find(breachId))!
    },

    forRequirements: (requirementIds: string[]) => breaches.forRequirements(requirementIds),
  }
}

export type BreachService = ReturnType<typeof createBreachService>
