import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository } from '../../data/caseRepository'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { AccessNeedsRepository, HearingAttendanceRow } from '../../data/accessNeedsRepository'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { ListingService } from '../scheduling/listingService'
import { ForbiddenError, NotFoundError, RuleError } from '../../errors'
import { newId } from '../../utils/ids'
import { parse } from '../validation'
import {
  attendanceChanges,
  attendanceModeInput,
  attendanceRefusal,
  interpreterInput,
  interpreterRefusal,
} from './attendanceModeRules'

/**
 * How the person attends each review hearing (issue 23 point 3), and whether the interpreter their access
 * needs call for is booked for it. Only a clerk changes either; a change of mode needs a reason and is kept
 * as history (who, when, from, to, why) and in the audit; the emails and invites it sets off say "in person"
 * or "by video link", never the room or reference.
 */
export function createAttendanceModeService(deps: {
  clock: Clock
  audit: AuditTrail
  uow: Pick<UnitOfWork, 'run'>
  cases: CaseRepository
  reviews: ReviewRepository
  accessNeeds: AccessNeedsRepository
  listing: Pick<ListingService, 'apiReviews'>
}) {
  const { clock, audit, uow, cases, reviews, accessNeeds, listing } = deps
  const now = () => clock.now().toISOString()

  /** The hearing, its case and how it is attended; a role other than the clerk's is refused, an unknown review is a 404. */
  async function hearingFor(user: CurrentUser, reviewId: string) {
    if (user.role !== 'clerk') throw new ForbiddenError('Only a court clerk changes how a person attends a hearing')
    const review = await reviews.find(reviewId)
    const requirement = review ? await cases.requirement(review.requirementId) : null
    const order = requirement ? await cases.order(requirement.orderId) : null
    const person = order ? await cases.person(order.personId, await cases.scopeFor(user)) : null
    const hearing = review && person ? await accessNeeds.hearing(review.id) : null
    if (!review || !requirement || !person || !hearing) throw new NotFoundError('Review not found')
    return { review, requirement, person, hearing }
  }

  async function apiReview(review: ReviewRow, attendance: HearingAttendanceRow) {
    const [api] = await listing.apiReviews([review])
    return {
      ...api,
      attendanceMode: review.mode === 'paper' ? null : attendance.attendanceMode,
      videoReference: review.mode === 'paper' ? null : attendance.videoReference,
      interpreterBooked: attendance.interpreterBooked,
    }
  }

  return {
    /** The clerk's form: the hearing, how it is attended now, the changes so far; the read is audited. */
    async forForm(user: CurrentUser, reviewId: string) {
      const found = await hearingFor(user, reviewId)
      await audit.viewed(user, {
        action: 'view_review',
        personId: found.person.id,
        subjectType: 'review',
        subjectId: reviewId,
      })
      const [history, needs] = await Promise.all([accessNeeds.modeChanges(reviewId), accessNeeds.find(found.person.id)])
      return { ...found, history, needs, refusal: attendanceRefusal(found.hearing) }
    },

    /** Changes how the person attends: a reason always, a room or reference for video. Nothing changed, nothing kept. */
    async change(user: CurrentUser, reviewId: string, input: unknown) {
      const { review, person, hearing } = await hearingFor(user, reviewId)
      const data = parse(attendanceModeInput, input)
      const refusal = attendanceRefusal(hearing)
      if (refusal) throw new RuleError(refusal, [{ field: 'mode', message: refusal }])
      if (attendanceChanges(hearing, data)) {
        const at = now()
        await uow.run(async tx => {
          await accessNeeds.setAttendance(reviewId, { mode: data.mode, videoReference: data.videoReference }, at, tx)
          await accessNeeds.insertModeChange(
            {
              id: newId(),
              reviewId,
              fromMode: hearing.attendanceMode,
              toMode: data.mode,
              referenceChanged: (hearing.videoReference ?? null) !== data.videoReference,
              reason: data.reason,
              changedBy: user.id,
              changedAt: at,
            },
            tx,
          )
          // Codes only: the reason and the reference stay in the history, out of the audit's detail.
          await audit.record(
            {
              userId: user.id,
              action: 'change_attendance_mode',
              personId: person.id,
              subjectType: 'review',
              subjectId: reviewId,
              detail: { from: hearing.attendanceMode, to: data.mode },
            },
            at,
            tx,
          )
        })
      }
      const [attendance] = await accessNeeds.attendanceOf([reviewId])
      return apiReview(review, attendance)
    },

    /** Records whether the interpreter is booked for the hearing as it is now listed. */
    async setInterpreterBooked(user: CurrentUser, reviewId: string, input: unknown) {
      const { review, person, hearing } = await hearingFor(user, reviewId)
      const { booked } = parse(interpreterInput, input)
      const needs = await accessNeeds.find(person.id)
      const refusal = interpreterRefusal(hearing, booked, Boolean(needs?.interpreterLanguage))
      if (refusal) throw new RuleError(refusal, [{ field: 'booked', message: refusal }])
      const at = now()
      await uow.run(async tx => {
        await accessNeeds.setInterpreterBooked(reviewId, booked, hearing.startsAt, at, tx)
        await audit.record(
          {
            userId: user.id,
            action: 'set_interpreter_booked',
            personId: person.id,
            subjectType: 'review',
            subjectId: reviewId,
            detail: { booked },
          },
          at,
          tx,
        )
      })
      const [attendance] = await accessNeeds.attendanceOf([reviewId])
      return { review: await apiReview(review, attendance), sittingId: review.sittingId }
    },
  }
}

export type AttendanceModeService = ReturnType<typeof createAttendanceModeService>
