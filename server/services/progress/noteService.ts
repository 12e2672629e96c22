import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository, PersonRow } from '../../data/caseRepository'
import type { ReportRepository } from '../../data/reportRepository'
import { NOTE_CATEGORIES, type NoteRepository, type NoteRow } from '../../data/noteRepository'
import type { ListingService, ReportStatus } from '../scheduling/listingService'
import { ForbiddenError, NotFoundError } from '../../errors'
import { parse } from '../validation'
import { newId } from '../../utils/ids'

export { NOTE_CATEGORIES, type NoteCategory, type NoteRow } from '../../data/noteRepository'

export const NOTE_MAX = 10000

// Counted in characters as a reader counts them, so an emoji is one, not two UTF-16 units.
const length = (s: string) => [...s].length

/** A progress note as typed: stored whole, never trimmed, so what was written is what is shown. */
export const noteInput = z.object({
  category: z.enum(NOTE_CATEGORIES, { error: 'Select a category' }),
  text: z
    .string({ error: 'Enter the note' })
    .refine(s => s.trim().length > 0, { error: 'Enter the note' })
    .refine(s => length(s) <= NOTE_MAX, { error: `The note must be ${NOTE_MAX} characters or fewer` }),
})
export type NoteInput = z.infer<typeof noteInput>

export interface MissingReportRow {
  reviewId: string
  sittingId: string
  sittingDate: string
  courtroom: string
  startsAt: string | null
  personId: string
  personName: string
  crn: string
  officerName: string | null
  reportDueAt: string | null
  reportStatus: Exclude<ReportStatus, 'submitted'>
  chase: { at: string; byName: string | null } | null
}

// Issue 4 point 5: both agencies write the contact log; the clerk reads it; sentencers see it only through the report.
const WRITERS = ['probation', 'provider']
const READERS = ['probation', 'provider', 'clerk', 'admin']

/** Progress notes (a contact log) and the clerk's view of reports missing or late, with a chase. */
export function createNoteService(deps: {
  uow: UnitOfWork
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  notes: NoteRepository
  reports: ReportRepository
  listing: Pick<ListingService, 'reportStatus'>
}) {
  const { uow, clock, audit, cases, notes, reports, listing } = deps
  const now = () => clock.now().toISOString()

  async function personInScope(user: CurrentUser, personId: string) {
    const person = await cases.person(personId, await cases.scopeFor(user))
    if (!person) throw new NotFoundError('Person not found')
    return person
  }

  return {
    async list(user: CurrentUser, personId: string): Promise<{ person: PersonRow; notes: NoteRow[] }> {
      if (!READERS.includes(user.role)) throw new ForbiddenError()
      const person = await personInScope(user, personId)
      const rows = await notes.forPerson(person.id)
      await audit.viewed(user, {
        action: 'view_notes',
        personId: person.id,
        subjectType: 'person',
        subjectId: person.id,
      })
      return { person, notes: rows }
    },

    async add(user: CurrentUser, personId: string, input: unknown): Promise<{ id: string }> {
      if (!WRITERS.includes(user.role)) throw new ForbiddenError()
      const person = await personInScope(user, personId)
      const note = parse(noteInput, input)
      const id = newId()
      const at = now()
      await uow.run(async tx => {
        await notes.insert(
          {
            id,
            personId: person.id,
            authorId: user.id,
            organisationId: user.organisationId,
            at,
            category: note.category,
            text: note.text,
          },
          tx,
        )
        await audit.record(
          { userId: user.id, action: 'add_note', subjectType: 'person', subjectId: person.id, detail: { noteId: id } },
          at,
          tx,
        )
      })
      return { id }
    },

    /**
     * Scheduled review hearings of a court between two dates whose report is not yet submitted,
     * in sitting order, with the latest chase of each. Three queries, whatever the number of rows.
     */
    async missingReports(user: CurrentUser, filter: { courtId: string; from: string; to: string }) {
      if (user.role !== 'clerk') throw new ForbiddenError()
      const rows = await reports.awaited(filter)
      const chases = await reports.latestChases(rows.map(r => r.review.id))
      await audit.listed(user, {
        action: 'view_missing_reports',
        subjectType: 'court',
        subjectId: filter.courtId,
        people: rows.map(r => r.personId),
        detail: { from: filter.from, to: filter.to },
      })
      return rows.map((r): MissingReportRow => ({
        reviewId: r.review.id,
        sittingId: r.review.sittingId!,
        sittingDate: r.sittingDate,
        courtroom: r.courtroom,
        startsAt: r.review.startsAt,
        personId: r.personId,
        personName: r.personName,
        crn: r.crn,
        officerName: r.officerName,
        reportDueAt: r.review.reportDueAt,
        reportStatus: listing.reportStatus(r.review, r.report ?? undefined) as MissingReportRow['reportStatus'],
        chase: chases.get(r.review.id) ?? null,
      }))
    },

    /** Recorded now; the email to the responsible officer follows once notifications exist (issue 4 point 7). */
    async chaseReport(user: CurrentUser, reviewId: string): Promise<{ reviewId: string; courtId: string }> {
      if (user.role !== 'clerk') throw new ForbiddenError()
      const target = await reports.chaseTarget(reviewId)
      if (!target) throw new NotFoundError('Review not found')
      await audit.record(
        { userId: user.id, action: 'chase_report', subjectType: 'review', subjectId: target.reviewId },
        now(),
      )
      return target
    },
  }
}

export type NoteService = ReturnType<typeof createNoteService>
