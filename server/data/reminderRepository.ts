import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'

/** A scheduled review whose progress report is not yet submitted, with who it is owed by. */
export interface UnsubmittedReportRow {
  reviewId: string
  reportDueAt: string
  startsAt: string
  courtId: string
  courtName: string
  officerEmail: string
}

/** An open sitting on a day, with how many reviews are listed and how many of their reports are missing. */
export interface SittingTotalsRow {
  sittingId: string
  courtId: string
  startsAt: string
  courtroom: string
  capacity: number
  courtName: string
  booked: number
  missing: number
}

/** A clerk who gets the daily digest, once per court they are linked to (courtId null: linked to none). */
export interface DigestClerkRow {
  userId: string
  email: string
  courtId: string | null
}

/** What the reminders and the daily digest read: deadlines, tomorrow's sittings and who to tell. */
export function createReminderRepository(db: Knex) {
  return {
    /**
     * Every bank holiday's date, read afresh each round: the worker may run in its own process,
     * beside the web process that replaces them.
     */
    async holidayDates(tx?: TxLike): Promise<string[]> {
      return conn(db, tx)('bank_holiday').pluck('date')
    },

    /** Scheduled reviews of active requirements whose report is not submitted and is due in [from, to). */
    async unsubmittedReportsDue(from: string, to: string, tx?: TxLike): Promise<UnsubmittedReportRow[]> {
      const rows = await conn(
        db,
        tx,
      )('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sitting as s', 's.id', 'r.sitting_id')
        .join('court as c', 'c.id', 's.court_id')
        .join('app_user as u', 'u.id', 'q.responsible_officer_id')
        .leftJoin('progress_report as pr', 'pr.review_id', 'r.id')
        .where('r.status', 'scheduled')
        .where('q.status', 'active')
        .where('u.disabled', false)
        .whereNotNull('r.report_due_at')
        .where('r.report_due_at', '>=', from)
        .where('r.report_due_at', '<', to)
        .where(w => w.whereNull('pr.status').orWhere('pr.status', '<>', 'submitted'))
        .select(
          'r.id',
          'r.report_due_at',
          'r.starts_at',
          's.court_id',
          'c.name as court_name',
          'u.email as officer_email',
        )
      return rows.map(r => ({
        reviewId: r.id,
        reportDueAt: r.report_due_at,
        startsAt: r.starts_at,
        courtId: r.court_id,
        courtName: r.court_name,
        officerEmail: r.officer_email,
      }))
    },

    /** The enabled clerks linked to these courts, once per court. */
    async clerksAtCourts(courtIds: string[], tx?: TxLike): Promise<{ courtId: string; email: string }[]> {
      const rows = await conn(
        db,
        tx,
      )('user_court as uc')
        .join('app_user as u', 'u.id', 'uc.user_id')
        .where('u.role', 'clerk')
        .where('u.disabled', false)
        .whereIn('uc.court_id', courtIds)
        .select('uc.court_id', 'u.email')
      return rows.map(r => ({ courtId: r.court_id, email: r.email }))
    },

    /** The open sittings on `date`, earliest first, with their scheduled reviews and missing reports counted. */
    async openSittingsOn(date: string, tx?: TxLike): Promise<SittingTotalsRow[]> {
      const trx = conn(db, tx)
      const rows = await trx('sitting as s')
        .join('court as c', 'c.id', 's.court_id')
        .leftJoin('review as r', function () {
          this.on('r.sitting_id', '=', 's.id').andOn('r.status', '=', trx.raw('?', ['scheduled']))
        })
        .leftJoin('progress_report as pr', 'pr.review_id', 'r.id')
        .where('s.date', date)
        .where('s.status', 'open')
        .groupBy('s.id', 's.court_id', 's.starts_at', 's.courtroom', 's.capacity', 'c.name')
        .orderBy('s.starts_at')
        .select(
          's.id',
          's.court_id',
          's.starts_at',
          's.courtroom',
          's.capacity',
          'c.name as court_name',
          trx.raw('count(r.id) as booked'),
          trx.raw(
            "sum(case when r.id is not null and (pr.status is null or pr.status <> 'submitted') then 1 else 0 end) as missing",
          ),
        )
      return rows.map(s => ({
        sittingId: s.id,
        courtId: s.court_id,
        startsAt: s.starts_at,
        courtroom: s.courtroom,
        capacity: Number(s.capacity),
        courtName: s.court_name,
        booked: Number(s.booked),
        missing: Number(s.missing),
      }))
    },

    /** Enabled clerks who have not turned the digest off, one row per linked court (or one with none). */
    async digestClerks(tx?: TxLike): Promise<DigestClerkRow[]> {
      const rows = await conn(
        db,
        tx,
      )('app_user as u')
        .leftJoin('user_court as uc', 'uc.user_id', 'u.id')
        .where('u.role', 'clerk')
        .where('u.disabled', false)
        .where('u.digest_opt_out', false)
        .select('u.id', 'u.email', 'uc.court_id')
      return rows.map(r => ({ userId: r.id, email: r.email, courtId: r.court_id ?? null }))
    },
  }
}

export type ReminderRepository = ReturnType<typeof createReminderRepository>
