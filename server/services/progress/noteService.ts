import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { ReportStatus } from '../scheduling/listingService'
import type { ProgressDeps } from './deps'
import type { PersonRow } from '../../data/caseRepository'
import { ForbiddenError, NotFoundError } from '../../errors'
import { caseScopeFor } from '../scope'
import { parse } from '../validation'
import { toReview } from '../../data/reviewRepository'
import { newId } from '../../utils/ids'

export const NOTE_CATEGORIES = ['appointment', 'contact', 'treatment', 'testing', 'safeguarding', 'other'] as const
export type NoteCategory = (typeof NOTE_CATEGORIES)[number]

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

export interface NoteRow {
  id: string
  personId: string
  at: string
  category: NoteCategory
  text: string
  authorName: string
  organisationName: string | null
}

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
export function createNoteService(deps: ProgressDeps) {
  const { db, clock, audit, cases, listing } = deps
  const now = () => clock.now().toISOString()

  async function personInScope(user: CurrentUser, personId: string) {
    const person = await cases.person(personId, await caseScopeFor(user, db))
    if (!person) throw new NotFoundError('Person not found')
    return person
  }

  return {
    async list(user: CurrentUser, personId: string): Promise<{ person: PersonRow; notes: NoteRow[] }> {
      if (!READERS.includes(user.role)) throw new ForbiddenError()
      const person = await personInScope(user, personId)
      const rows = await db('progress_note as n')
        .join('app_user as u', 'u.id', 'n.author_id')
        .leftJoin('organisation as g', 'g.id', 'n.organisation_id')
        .where('n.person_id', person.id)
        .orderBy([
          { column: 'n.at', order: 'desc' },
          { column: 'n.id', order: 'desc' },
        ])
        .select('n.*', 'u.name as author_name', 'g.name as organisation_name')
      await audit.record({ userId: user.id, action: 'view_notes', subjectType: 'person', subjectId: person.id }, now())
      const notes = rows.map(r => ({
        id: r.id as string,
        personId: r.person_id as string,
        at: r.at as string,
        category: r.category as NoteCategory,
        text: r.text as string,
        authorName: r.author_name as string,
        organisationName: (r.organisation_name as string) ?? null,
      }))
      return { person, notes }
    },

    async add(user: CurrentUser, personId: string, input: unknown): Promise<{ id: string }> {
      if (!WRITERS.includes(user.role)) throw new ForbiddenError()
      const person = await personInScope(user, personId)
      const note = parse(noteInput, input)
      const id = newId()
      const at = now()
      await db.transaction(async trx => {
        await trx('progress_note').insert({
          id,
          person_id: person.id,
          author_id: user.id,
          organisation_id: user.organisationId,
          at,
          category: note.category,
          text: note.text,
        })
        await audit.record(
          { userId: user.id, action: 'add_note', subjectType: 'person', subjectId: person.id, detail: { noteId: id } },
          at,
          trx,
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
      const rows = await db('review as r')
        .join('sitting as s', 's.id', 'r.sitting_id')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .join('person as p', 'p.id', 'o.person_id')
        .leftJoin('app_user as u', 'u.id', 'q.responsible_officer_id')
        .leftJoin('progress_report as pr', 'pr.review_id', 'r.id')
        .where('s.court_id', filter.courtId)
        .whereBetween('s.date', [filter.from, filter.to])
        .where('r.status', 'scheduled')
        .where('r.mode', 'hearing')
        .whereNotNull('r.slot_index')
        .where(w => w.whereNull('pr.status').orWhere('pr.status', '<>', 'submitted'))
        .orderBy([{ column: 's.date' }, { column: 's.starts_at' }, { column: 's.id' }, { column: 'r.slot_index' }])
        .select(
          'r.*',
          's.date as sitting_date',
          's.courtroom',
          'p.id as person_id',
          'p.name as person_name',
          'p.crn',
          'u.name as officer_name',
          'pr.status as report_status',
          'pr.submitted_at as report_submitted_at',
        )
      const chases = await latestChases(rows.map(r => r.id as string))
      await audit.record(
        { userId: user.id, action: 'view_missing_reports', subjectType: 'court', subjectId: filter.courtId },
        now(),
      )
      return rows.map((r): MissingReportRow => {
        const review = toReview(r)
        const report = r.report_status
          ? { status: r.report_status as string, submittedAt: (r.report_submitted_at as string) ?? null }
          : undefined
        return {
          reviewId: review.id,
          sittingId: review.sittingId!,
          sittingDate: r.sitting_date as string,
          courtroom: r.courtroom as string,
          startsAt: review.startsAt,
          personId: r.person_id as string,
          personName: r.person_name as string,
          crn: r.crn as string,
          officerName: (r.officer_name as string) ?? null,
          reportDueAt: review.reportDueAt,
          reportStatus: listing.reportStatus(review, report) as MissingReportRow['reportStatus'],
          chase: chases.get(review.id) ?? null,
        }
      })
    },

    /** Recorded now; the email to the responsible officer follows once notifications exist (issue 4 point 7). */
    async chaseReport(user: CurrentUser, reviewId: string): Promise<{ reviewId: string; courtId: string }> {
      if (user.role !== 'clerk') throw new ForbiddenError()
      const review = await db('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .leftJoin('sitting as s', 's.id', 'r.sitting_id')
        .where('r.id', reviewId)
        .select('r.id', 'o.court_id', 's.court_id as sitting_court_id')
        .first()
      if (!review) throw new NotFoundError('Review not found')
      await audit.record(
        { userId: user.id, action: 'chase_report', subjectType: 'review', subjectId: review.id },
        now(),
      )
      return { reviewId: review.id as string, courtId: (review.sitting_court_id ?? review.court_id) as string }
    },
  }

  async function latestChases(reviewIds: string[]) {
    const out = new Map<string, { at: string; byName: string | null }>()
    if (reviewIds.length === 0) return out
    const rows = await db('audit_event as a')
      .leftJoin('app_user as u', 'u.id', 'a.user_id')
      .where('a.action', 'chase_report')
      .where('a.subject_type', 'review')
      .whereIn('a.subject_id', reviewIds)
      .orderBy('a.id', 'desc')
      .select('a.subject_id', 'a.at', 'u.name as user_name')
    for (const r of rows)
      if (!out.has(r.subject_id)) out.set(r.subject_id as string, { at: r.at as string, byName: r.user_name ?? null })
    return out
  }
}

export type NoteService = ReturnType<typeof createNoteService>
