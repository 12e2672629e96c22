import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository, PersonRow } from '../../data/caseRepository'
import type { AccessNeedsRepository, AccessNeedsRow, HearingAttendanceRow } from '../../data/accessNeedsRepository'
import type { UnitOfWork } from '../../data/unitOfWork'
import { ForbiddenError, NotFoundError } from '../../errors'
import { parse } from '../validation'
import { accessNeedsInput } from './accessNeedsRules'

/** Who records a person's access needs: the court's clerks, and the officer responsible for the case. */
export const ACCESS_NEEDS_EDITORS = ['clerk', 'probation'] as const

/** The needs as the API returns them (API.md, "The person"); literacySupport is this service's extension. */
export const apiAccessNeeds = (n: AccessNeedsRow | null) =>
  n && {
    interpreterLanguage: n.interpreterLanguage,
    adjustments: n.adjustments,
    notes: n.notes,
    literacySupport: n.literacySupport,
    updatedAt: n.updatedAt,
  }

/**
 * What each review of a sitting's API read carries (API.md, "The person"): the person's access needs (or
 * null), how they attend (null for a review without a hearing), whether the interpreter is booked, and
 * (this service's extension, for the clerks and the sitting's bench who read it) the video room or reference.
 */
export const apiHearingAccess = (
  needs: AccessNeedsRow | undefined,
  attendance: HearingAttendanceRow | undefined,
  mode: 'hearing' | 'paper' = 'hearing',
) => ({
  accessNeeds: apiAccessNeeds(needs ?? null),
  attendanceMode: mode === 'paper' ? null : (attendance?.attendanceMode ?? 'in_person'),
  videoReference: mode === 'paper' ? null : (attendance?.videoReference ?? null),
  interpreterBooked: attendance?.interpreterBooked ?? false,
})

/**
 * A person's access needs (issue 23): an interpreter's language, reasonable adjustments, literacy support.
 * Clerks (every case) and the responsible officer (their own cases) record them; the provider reads them on
 * the person's page (their own clients); sentencers read them on the court list and the pack of a sitting
 * they sit on. Anyone else's person is a 404, and every read for a page and every change is audited.
 */
export function createAccessNeedsService(deps: {
  clock: Clock
  audit: AuditTrail
  uow: Pick<UnitOfWork, 'run'>
  cases: CaseRepository
  accessNeeds: AccessNeedsRepository
}) {
  const { clock, audit, uow, cases, accessNeeds } = deps
  const now = () => clock.now().toISOString()

  async function personInScope(user: CurrentUser, personId: string): Promise<PersonRow> {
    const person = await cases.person(personId, await cases.scopeFor(user))
    if (!person) throw new NotFoundError('Person not found')
    return person
  }

  const mayEdit = (user: CurrentUser) => (ACCESS_NEEDS_EDITORS as readonly string[]).includes(user.role)

  return {
    mayEdit,

    /** For the person's page: the read is the page's own (view_person), so nothing more is audited. */
    async ofPerson(user: CurrentUser, personId: string): Promise<AccessNeedsRow | null> {
      await personInScope(user, personId)
      return accessNeeds.find(personId)
    },

    /** The form to change them: the clerk's or the responsible officer's; the read is audited. */
    async forForm(user: CurrentUser, personId: string) {
      if (!mayEdit(user)) throw new ForbiddenError('Only a court clerk or the responsible officer records access needs')
      const person = await personInScope(user, personId)
      const needs = await accessNeeds.find(personId)
      await audit.viewed(user, {
        action: 'view_access_needs',
        personId,
        subjectType: 'person',
        subjectId: personId,
      })
      return { person, needs }
    },

    /** Replaces the person's needs as a whole; the change is audited (who and when: never what, which may be health data). */
    async set(user: CurrentUser, personId: string, input: unknown): Promise<AccessNeedsRow> {
      if (!mayEdit(user)) throw new ForbiddenError('Only a court clerk or the responsible officer records access needs')
      // Someone else's person is a 404 before anything about the input is said.
      await personInScope(user, personId)
      const data = parse(accessNeedsInput, input)
      const at = now()
      return uow.run(async tx => {
        await accessNeeds.save(
          {
            personId,
            interpreterLanguage: data.interpreterLanguage,
            adjustments: data.adjustments,
            notes: data.notes,
            literacySupport: data.literacySupport,
            updatedBy: user.id,
            updatedAt: at,
          },
          tx,
        )
        await audit.record(
          {
            userId: user.id,
            action: 'set_access_needs',
            personId,
            subjectType: 'person',
            subjectId: personId,
          },
          at,
          tx,
        )
        return (await accessNeeds.find(personId, tx))!
      })
    },

    /**
     * The needs of the people on a list the caller has already read in scope and audited (a court list, a
     * pack): by person id, with how each of those hearings is attended. Never called with ids the user chose.
     */
    async forListed(listed: { personId: string; reviewId: string }[]) {
      const [needs, attendance] = await Promise.all([
        accessNeeds.forPeople(listed.map(l => l.personId)),
        accessNeeds.attendanceOf(listed.map(l => l.reviewId)),
      ])
      return {
        needs: new Map(needs.map(n => [n.personId, n])),
        attendance: new Map(attendance.map(a => [a.reviewId, a])),
      }
    },
  }
}

export type AccessNeedsService = ReturnType<typeof createAccessNeedsService>
