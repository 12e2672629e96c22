import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'
import type { Role } from '../roles'

/**
 * A review whose hearing its invites have not yet announced as it now stands: listed at a time
 * not yet sent, or cancelled (vacated, adjourned, unlisted) after a time was sent.
 */
export interface UnannouncedReviewRow {
  reviewId: string
  status: string
  startsAt: string | null
  /** The time its invites last announced; null when none is on anyone's calendar. */
  calendarStartsAt: string | null
  calendarSequence: number
  /** Of its sitting, or the sitting it was last in; null when it has never had one. */
  slotMinutes: number | null
  courtroom: string | null
  courtName: string | null
  officerId: string | null
  providerOrganisationId: string | null
  /** How the person attends (issue 23). */
  attendanceMode?: 'in_person' | 'video'
}

/** What an invite last announced for a review, to remember. */
export interface AnnouncedMark {
  reviewId: string
  calendarStartsAt: string | null
  calendarSequence: number
}

/** Someone told of review changes: the officer, or every provider worker of the organisation. */
export interface AnnouncementRecipient {
  id: string
  email: string
  role: Role
  organisationId: string | null
}

/** What a recorded change names as its subject; the reviews it may have moved are found from it. */
export interface ChangeSubject {
  type?: string
  id?: string
}

const CANCELLED_STATUSES = ['vacated', 'adjourned', 'unlisted']

/** What review announcements read (reviews whose invites are out of date, who to tell) and mark. */
export function createAnnouncementRepository(db: Knex) {
  return {
    /**
     * The unannounced reviews a change may have touched: of the order; of the review's requirement;
     * of the sitting's court; of the court. Any other subject touches none.
     */
    async unannouncedReviews(subject: ChangeSubject, tx?: TxLike): Promise<UnannouncedReviewRow[]> {
      const trx = conn(db, tx)
      const q = trx('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .leftJoin('sitting as s', 's.id', trx.raw('coalesce(r.sitting_id, r.last_sitting_id)'))
        .leftJoin('court as c', 'c.id', 's.court_id')
        .select(
          'r.id',
          'r.status',
          'r.starts_at',
          'r.calendar_starts_at',
          'r.calendar_sequence',
          's.slot_minutes',
          's.courtroom',
          'c.name as court_name',
          'q.responsible_officer_id',
          'q.provider_organisation_id',
          'r.attendance_mode',
        )
        .where(w =>
          w
            .where(l =>
              l
                .where('r.status', 'scheduled')
                .whereNotNull('r.starts_at')
                .where(d => d.whereNull('r.calendar_starts_at').orWhereRaw('r.calendar_starts_at <> r.starts_at')),
            )
            .orWhere(c => c.whereIn('r.status', CANCELLED_STATUSES).whereNotNull('r.calendar_starts_at')),
        )
      const id = subject.id ?? ''
      switch (subject.type) {
        case 'order':
          q.where('o.id', id)
          break
        case 'requirement':
          q.where('r.requirement_id', id)
          break
        case 'review':
          q.whereIn('r.requirement_id', trx('review').select('requirement_id').where('id', id))
          break
        case 'sitting':
          q.where('o.court_id', trx('sitting').select('court_id').where('id', id))
          break
        case 'court':
          q.where('o.court_id', id)
          break
        default:
          return []
      }
      return (await q).map(r => ({
        reviewId: r.id,
        status: r.status,
        startsAt: r.starts_at ?? null,
        calendarStartsAt: r.calendar_starts_at ?? null,
        calendarSequence: Number(r.calendar_sequence),
        slotMinutes: r.slot_minutes === null || r.slot_minutes === undefined ? null : Number(r.slot_minutes),
        courtroom: r.courtroom ?? null,
        courtName: r.court_name ?? null,
        officerId: r.responsible_officer_id ?? null,
        providerOrganisationId: r.provider_organisation_id ?? null,
        attendanceMode: r.attendance_mode === 'video' ? 'video' : 'in_person',
      }))
    },

    /** Remembers what was announced: one statement for every review changed. */
    async markAnnounced(marks: AnnouncedMark[], tx?: TxLike): Promise<void> {
      if (!marks.length) return
      const trx = conn(db, tx)
      const startsCase = marks.map(() => 'when ? then ?').join(' ')
      const seqCase = marks.map(() => 'when ? then cast(? as integer)').join(' ')
      await trx('review')
        .whereIn(
          'id',
          marks.map(m => m.reviewId),
        )
        .update({
          calendar_starts_at: trx.raw(
            `case id ${startsCase} end`,
            marks.flatMap(m => [m.reviewId, m.calendarStartsAt]),
          ),
          calendar_sequence: trx.raw(
            `case id ${seqCase} end`,
            marks.flatMap(m => [m.reviewId, m.calendarSequence]),
          ),
        })
    },

    /** The enabled officers among `officerIds`, and every enabled provider worker of `organisationIds`. */
    async recipients(officerIds: string[], organisationIds: string[], tx?: TxLike): Promise<AnnouncementRecipient[]> {
      const rows = await conn(
        db,
        tx,
      )('app_user')
        .select('id', 'email', 'role', 'organisation_id')
        .where('disabled', false)
        .where(w =>
          w
            .whereIn('id', officerIds)
            .orWhere(p =>
              p.where('role', 'provider').whereIn('organisation_id', organisationIds.length ? organisationIds : ['']),
            ),
        )
      return rows.map(r => ({ id: r.id, email: r.email, role: r.role, organisationId: r.organisation_id ?? null }))
    },
  }
}

export type AnnouncementRepository = ReturnType<typeof createAnnouncementRepository>
