import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { CaseRepository } from '../../data/caseRepository'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { AmendmentRepository, ApplicationRow } from '../../data/amendmentRepository'
import type { AuditTrail } from '../notify/auditTrail'
import type { BookingService } from '../scheduling/booking'
import type { Clock } from '../../utils/clock'
import type { Tx } from '../../data/unitOfWork'
import { ConflictError, ForbiddenError, NotFoundError, RuleError } from '../../errors'
import { newId } from '../../utils/ids'
import { todayIn } from '../../utils/dates'
import { optionalText, parse, text } from '../validation'
import { APPLICATION_KINDS, decideRefusals, makeRefusals, requirementChangeFor } from './applicationRules'
import { createRequirementAccess } from './requirementAccess'

export const applicationInput = z.object({
  kind: z.enum(APPLICATION_KINDS, { error: 'Choose what the application asks for: amend or early_revocation' }),
  reason: text('the reason for the application', 2000),
  proposed: optionalText('the change proposed', 2000),
})

export const applicationDecisionInput = z.object({
  granted: z.boolean({ error: 'Say whether the application was granted: true or false' }),
  comments: optionalText('comments', 2000),
  version: z.number().int().optional(),
})

/** An application as API.md gives it. */
export const apiApplication = (a: ApplicationRow) => ({
  id: a.id,
  requirementId: a.requirementId,
  kind: a.kind,
  reason: a.reason,
  proposed: a.proposed,
  madeBy: a.madeBy,
  madeAt: a.madeAt,
  hearingReviewId: a.hearingReviewId,
  status: a.status,
  decidedBy: a.decidedBy,
  decidedAt: a.decidedAt,
  comments: a.decisionComments,
  version: a.version,
})

/**
 * Who may apply: "the offender or an officer of a provider of probation services" (Sentencing Act 2020
 * Sch 10 para 14(1) and para 18(1); Sch 16 para 22(1)). Of the service's users, only the responsible
 * probation officer; a treatment provider is not a provider of probation services.
 */
export const APPLICANT_ROLES = ['probation'] as const
export const NOT_AN_APPLICANT =
  'Only the offender or an officer of a provider of probation services may apply to the court (Sentencing Act 2020 Sch 10 paras 14(1) and 18(1); Sch 16 para 22(1)): ask the responsible officer'

/**
 * Applications to the review court outside a review (Sentencing Act 2020 Sch 10 paras 14 and 18; Sch 16
 * para 22 and Part 3): the responsible probation officer (own case) applies to amend the requirement or
 * to revoke it early for good progress; a treatment provider sees the applications but may not make
 * one (see APPLICANT_ROLES). The application is heard at the next review
 * hearing (one on paper becomes a hearing); the clerk records the court's decision from that day. Early
 * revocation granted ends the requirement as completed early and vacates its later reviews.
 */
export function createApplicationService(deps: {
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  reviews: ReviewRepository
  amendments: AmendmentRepository
  booking: BookingService
}) {
  const { clock, audit, cases, reviews, amendments, booking } = deps
  const now = () => clock.now().toISOString()

  const access = createRequirementAccess({ cases, reviews, audit })

  async function holdHearing(hearing: ReviewRow, userId: string, at: string, trx: Tx) {
    if (!(await reviews.update(hearing.id, hearing.version, { status: 'held' }, at, trx)))
      throw new ConflictError('This review was changed by someone else. Reload it, then try again.')
    await reviews.recordEvent(
      {
        reviewId: hearing.id,
        at,
        userId,
        action: 'held',
        fromSittingId: hearing.sittingId,
        toSittingId: hearing.sittingId,
        fromSlotIndex: hearing.slotIndex,
        fromStatus: hearing.status,
        reason: 'The application to end the requirement was decided at this hearing',
      },
      trx,
    )
  }
  const requirementInScope = access.inScope

  /** Sch 10 paras 14(1), 18(1); Sch 16 para 22(1): only an officer of a provider of probation services applies. */
  function mayApply(user: CurrentUser) {
    if (!(APPLICANT_ROLES as readonly string[]).includes(user.role)) throw new ForbiddenError(NOT_AN_APPLICANT)
  }

  return {
    requirementInScope,

    /** The requirement an application is made about, for its page: the read is audited. */
    async requirementToApply(user: CurrentUser, requirementId: string) {
      mayApply(user)
      return access.forPage(user, requirementId)
    },

    /** One application with its requirement, order, person and hearing, as the user may see them: audited. */
    async find(user: CurrentUser, applicationId: string) {
      const application = await amendments.application(applicationId)
      const found = await access.record(user, 'application', application, 'Application not found')
      return { ...found, application: application! }
    },

    async make(
      user: CurrentUser,
      requirementId: string,
      input: unknown,
    ): Promise<{ application: ApplicationRow; hearing: ReviewRow | null }> {
      mayApply(user)
      const { requirement } = await requirementInScope(user, requirementId)
      const data = parse(applicationInput, input)
      const refusals = makeRefusals({ requirementStatus: requirement.status })
      if (refusals.length) throw new RuleError(refusals[0].message, refusals)
      const today = todayIn(clock)
      const id = newId()
      await booking.withRetry(async trx => {
        const hearing = await booking.breachHearing(
          trx,
          requirement.id,
          user.id,
          today,
          'An application to be heard at a review hearing',
        )
        const at = now()
        await amendments.insertApplication(
          {
            id,
            requirementId: requirement.id,
            kind: data.kind,
            reason: data.reason,
            proposed: data.proposed?.trim() || null,
            madeBy: user.id,
            madeAt: at,
            hearingReviewId: hearing?.id ?? null,
          },
          trx,
        )
        await audit.record(
          {
            userId: user.id,
            action: 'make_application',
            subjectType: 'requirement',
            subjectId: requirement.id,
            detail: { applicationId: id, kind: data.kind },
          },
          at,
          trx,
        )
      }, 'Bookings changed while the application was being made. Try again.')
      const application = (await amendments.application(id))!
      return {
        application,
        hearing: application.hearingReviewId ? await reviews.find(application.hearingReviewId) : null,
      }
    },

    /** The court's decision, from the hearing's day: early revocation granted ends the requirement. */
    async decide(clerk: CurrentUser, applicationId: string, input: unknown): Promise<ApplicationRow> {
      const found = await amendments.application(applicationId)
      if (!found) throw new NotFoundError('Application not found')
      const data = parse(applicationDecisionInput, input)
      await booking.withRetry(async trx => {
        const application = (await amendments.application(applicationId, trx))!
        if (application.status !== 'open')
          throw new ConflictError('The decision on this application has already been recorded')
        if (data.version !== undefined && data.version !== application.version)
          throw new ConflictError('This application was changed by someone else. Reload it, then try again.')
        const requirement = (await cases.requirement(application.requirementId, trx))!
        const hearing = application.hearingReviewId ? await reviews.find(application.hearingReviewId, trx) : null
        const refusals = decideRefusals({
          kind: application.kind,
          granted: data.granted,
          requirementStatus: requirement.status,
          hearingDate: hearing?.reviewDate ?? null,
          today: todayIn(clock),
        })
        if (refusals.length) throw new RuleError(refusals[0].message, refusals)
        const at = now()
        const decided = await amendments.decideApplication(
          application.id,
          application.version,
          {
            status: data.granted ? 'granted' : 'refused',
            decidedBy: clerk.id,
            comments: data.comments?.trim() || null,
          },
          at,
          trx,
        )
        if (!decided)
          throw new ConflictError('This application was changed by someone else. Reload it, then try again.')
        const change = requirementChangeFor(application.kind, data.granted)
        if (change) {
          await cases.updateRequirementReviewing(requirement.id, change, at, trx)
          if (hearing) {
            // The hearing the application was decided at took place: it is held (an ended requirement takes no
            // outcome, so left "scheduled" it would stay on lists, asking for a report, for ever).
            if (hearing.status === 'scheduled') await holdHearing(hearing, clerk.id, at, trx)
            // The requirement has ended: the reviews after the hearing are vacated, each saying why.
            await booking.replanFrom(trx, hearing.id, clerk.id)
          }
        }
        await audit.record(
          {
            userId: clerk.id,
            action: 'decide_application',
            subjectType: 'requirement',
            subjectId: requirement.id,
            detail: { applicationId: application.id, kind: application.kind, granted: data.granted },
          },
          at,
          trx,
        )
      }, 'Bookings changed while the decision was being recorded. Try again.')
      return (await amendments.application(applicationId))!
    },

    forRequirements: (requirementIds: string[]) => amendments.applicationsFor(requirementIds),
  }
}

export type ApplicationService = ReturnType<typeof createApplicationService>
