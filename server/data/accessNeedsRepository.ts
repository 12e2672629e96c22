import type { Knex } from 'knex'
import { conn, type Raw, type TxLike } from './unitOfWork'

export const ADJUSTMENT_CODES = ['step_free', 'hearing_loop', 'breaks', 'easy_read', 'other'] as const
export type AdjustmentCode = (typeof ADJUSTMENT_CODES)[number]
export const ATTENDANCE_MODE_CODES = ['in_person', 'video'] as const
export type AttendanceMode = (typeof ATTENDANCE_MODE_CODES)[number]

/** What a person needs to take part in their hearings (issue 23): one row a person. */
export interface AccessNeedsRow {
  personId: string
  interpreterLanguage: string | null
  /** A set: each code once, in the order of ADJUSTMENT_CODES. */
  adjustments: AdjustmentCode[]
  notes: string | null
  literacySupport: boolean
  updatedBy: string
  updatedAt: string
  version: number
}

/** How the person attends one hearing, and whether the interpreter is booked for it as it now stands. */
export interface HearingAttendanceRow {
  reviewId: string
  attendanceMode: AttendanceMode
  videoReference: string | null
  /** Booked for the hearing's present time: a hearing moved since needs booking again. */
  interpreterBooked: boolean
}

/** A hearing as a change to its attendance reads it: its state, its invites, who is told. */
export interface HearingNoticeRow extends HearingAttendanceRow {
  mode: 'hearing' | 'paper'
  status: string
  startsAt: string | null
  calendarStartsAt: string | null
  calendarSequence: number
  calendarAttendanceMode: AttendanceMode | null
  slotMinutes: number | null
  courtroom: string | null
  courtName: string | null
  officerId: string | null
  providerOrganisationId: string | null
}

export interface AttendanceModeChangeRow {
  id: string
  reviewId: string
  fromMode: AttendanceMode
  toMode: AttendanceMode
  referenceChanged: boolean
  reason: string
  changedBy: string
  changedByName?: string | null
  changedAt: string
}

/** Interpreters needed for the hearings of one court on one day, and how many are not booked yet. */
export interface InterpreterCountRow {
  date: string
  courtId: string
  needed: number
  notBooked: number
}

const adjustmentsOf = (v: unknown): AdjustmentCode[] => {
  try {
    const parsed: unknown = JSON.parse(String(v ?? '[]'))
    return Array.isArray(parsed) ? ADJUSTMENT_CODES.filter(c => parsed.includes(c)) : []
  } catch {
    return []
  }
}

const toNeeds = (r: Raw): AccessNeedsRow => ({
  personId: r.person_id as string,
  interpreterLanguage: (r.interpreter_language as string) ?? null,
  adjustments: adjustmentsOf(r.adjustments),
  notes: (r.notes as string) ?? null,
  literacySupport: Boolean(r.literacy_support),
  updatedBy: r.updated_by as string,
  updatedAt: r.updated_at as string,
  version: Number(r.version),
})

const bookedNow = (r: Raw) =>
  Boolean(r.interpreter_booked) && r.interpreter_booked_for !== null && r.interpreter_booked_for === r.starts_at

const toAttendance = (r: Raw): HearingAttendanceRow => ({
  reviewId: r.id as string,
  attendanceMode: (r.attendance_mode as AttendanceMode) ?? 'in_person',
  videoReference: (r.video_reference as string) ?? null,
  interpreterBooked: bookedNow(r),
})

const ATTENDANCE_COLUMNS = [
  'r.id',
  'r.starts_at',
  'r.attendance_mode',
  'r.video_reference',
  'r.interpreter_booked',
  'r.interpreter_booked_for',
]

/** Access needs of people, and how they attend each hearing (with its history of changes). */
export function createAccessNeedsRepository(db: Knex) {
  return {
    async find(personId: string, tx?: TxLike): Promise<AccessNeedsRow | null> {
      const row = (await conn(db, tx)('access_needs').where({ person_id: personId }).first()) as Raw | undefined
      return row ? toNeeds(row) : null
    },

    /** The needs of these people (those with none recorded are left out). */
    async forPeople(personIds: string[], tx?: TxLike): Promise<AccessNeedsRow[]> {
      if (!personIds.length) return []
      const rows = (await conn(db, tx)('access_needs').whereIn('person_id', [...new Set(personIds)])) as Raw[]
      return rows.map(toNeeds)
    },

    /** Replaces the person's needs as a whole (insert or update), raising the version. */
    async save(n: Omit<AccessNeedsRow, 'version'>, tx?: TxLike): Promise<void> {
      const values = {
        interpreter_language: n.interpreterLanguage,
        adjustments: JSON.stringify(ADJUSTMENT_CODES.filter(c => n.adjustments.includes(c))),
        notes: n.notes,
        literacy_support: n.literacySupport,
        updated_by: n.updatedBy,
        updated_at: n.updatedAt,
      }
      const trx = conn(db, tx)
      const updated = await trx('access_needs')
        .where({ person_id: n.personId })
        .update({ ...values, version: trx.raw('version + 1') })
      if (!Number(updated)) await trx('access_needs').insert({ person_id: n.personId, ...values, version: 1 })
    },

    async attendanceOf(reviewIds: string[], tx?: TxLike): Promise<HearingAttendanceRow[]> {
      if (!reviewIds.length) return []
      const rows = (await conn(db, tx)('review as r').whereIn('r.id', reviewIds).select(ATTENDANCE_COLUMNS)) as Raw[]
      return rows.map(toAttendance)
    },

    /** A hearing with what its invites last said and who they went to; null when no such review. */
    async hearing(reviewId: string, tx?: TxLike): Promise<HearingNoticeRow | null> {
      const trx = conn(db, tx)
      const r = (await trx('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .leftJoin('sitting as s', 's.id', 'r.sitting_id')
        .leftJoin('court as c', 'c.id', 's.court_id')
        .where('r.id', reviewId)
        .first(
          ...ATTENDANCE_COLUMNS,
          'r.mode',
          'r.status',
          'r.calendar_starts_at',
          'r.calendar_sequence',
          'r.calendar_attendance_mode',
          's.slot_minutes',
          's.courtroom',
          'c.name as court_name',
          'q.responsible_officer_id',
          'q.provider_organisation_id',
        )) as Raw | undefined
      if (!r) return null
      return {
        ...toAttendance(r),
        mode: r.mode as 'hearing' | 'paper',
        status: r.status as string,
        startsAt: (r.starts_at as string) ?? null,
        calendarStartsAt: (r.calendar_starts_at as string) ?? null,
        calendarSequence: Number(r.calendar_sequence ?? 0),
        calendarAttendanceMode: (r.calendar_attendance_mode as AttendanceMode) ?? null,
        slotMinutes: r.slot_minutes === null || r.slot_minutes === undefined ? null : Number(r.slot_minutes),
        courtroom: (r.courtroom as string) ?? null,
        courtName: (r.court_name as string) ?? null,
        officerId: (r.responsible_officer_id as string) ?? null,
        providerOrganisationId: (r.provider_organisation_id as string) ?? null,
      }
    },

    async setAttendance(
      reviewId: string,
      a: { mode: AttendanceMode; videoReference: string | null },
      at: string,
      tx?: TxLike,
    ): Promise<void> {
      await conn(
        db,
        tx,
      )('review')
        .where({ id: reviewId })
        .update({ attendance_mode: a.mode, video_reference: a.videoReference, updated_at: at })
    },

    async insertModeChange(c: AttendanceModeChangeRow, tx?: TxLike): Promise<void> {
      await conn(
        db,
        tx,
      )('attendance_mode_change').insert({
        id: c.id,
        review_id: c.reviewId,
        from_mode: c.fromMode,
        to_mode: c.toMode,
        reference_changed: c.referenceChanged,
        reason: c.reason,
        changed_by: c.changedBy,
        changed_at: c.changedAt,
      })
    },

    /** The changes to how the person attends a hearing, oldest first, with who made each. */
    async modeChanges(reviewId: string, tx?: TxLike): Promise<AttendanceModeChangeRow[]> {
      const rows = (await conn(
        db,
        tx,
      )('attendance_mode_change as m')
        .leftJoin('app_user as u', 'u.id', 'm.changed_by')
        .where('m.review_id', reviewId)
        .orderBy([{ column: 'm.changed_at' }, { column: 'm.id' }])
        .select('m.*', 'u.name as changed_by_name')) as Raw[]
      return rows.map(r => ({
        id: r.id as string,
        reviewId: r.review_id as string,
        fromMode: r.from_mode as AttendanceMode,
        toMode: r.to_mode as AttendanceMode,
        referenceChanged: Boolean(r.reference_changed),
        reason: r.reason as string,
        changedBy: r.changed_by as string,
        changedByName: (r.changed_by_name as string) ?? null,
        changedAt: r.changed_at as string,
      }))
    },

    /** Booked (for the hearing's time now) or not. */
    async setInterpreterBooked(
      reviewId: string,
      booked: boolean,
      startsAt: string | null,
      at: string,
      tx?: TxLike,
    ): Promise<void> {
      await conn(
        db,
        tx,
      )('review')
        .where({ id: reviewId })
        .update({ interpreter_booked: booked, interpreter_booked_for: booked ? startsAt : null, updated_at: at })
    },

    /** Remembers what the invites said: the way the person attends, and the SEQUENCE sent. */
    async markAttendanceAnnounced(reviewId: string, mode: AttendanceMode, sequence: number, tx?: TxLike) {
      await conn(
        db,
        tx,
      )('review')
        .where({ id: reviewId })
        .update({ calendar_attendance_mode: mode, calendar_sequence: sequence })
    },

    /**
     * Per court and day from `from` to `to` (inclusive): scheduled hearings in open sittings whose person
     * needs an interpreter, and how many of those are not booked for the hearing's time. Counts only.
     */
    async interpreterCounts(from: string, to: string, tx?: TxLike): Promise<InterpreterCountRow[]> {
      const trx = conn(db, tx)
      const rows = (await trx('review as r')
        .join('sitting as s', 's.id', 'r.sitting_id')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .join('access_needs as n', 'n.person_id', 'o.person_id')
        .where('r.status', 'scheduled')
        .where('r.mode', 'hearing')
        .where('s.status', 'open')
        .whereBetween('s.date', [from, to])
        .whereNotNull('n.interpreter_language')
        .groupBy('s.date', 's.court_id')
        .orderBy('s.date')
        .select(
          's.date',
          's.court_id',
          trx.raw('count(r.id) as needed'),
          trx.raw(
            'sum(case when r.interpreter_booked and r.interpreter_booked_for = r.starts_at then 0 else 1 end) as not_booked',
          ),
        )) as Raw[]
      return rows.map(r => ({
        date: r.date as string,
        courtId: r.court_id as string,
        needed: Number(r.needed),
        notBooked: Number(r.not_booked),
      }))
    },
  }
}

export type AccessNeedsRepository = ReturnType<typeof createAccessNeedsRepository>
