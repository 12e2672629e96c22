import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'

/** A review as a notice about it names it: where and when, and its officer's address (when enabled). */
export interface ReviewNoticeRow {
  reviewId: string
  startsAt: string | null
  reportDueAt: string | null
  reviewDate: string
  /** The court of its sitting, or of its order when it has none. */
  courtName: string
  officerEmail: string | null
  personId: string
  /** The order's court. */
  courtId: string
}

/** A sitting as a pack notice names it, and the enabled members of its bench. */
export interface SittingNoticeRow {
  sittingId: string
  startsAt: string
  courtName: string
  benchEmails: string[]
}

/** What the notices about a chased report, an issued pack and a required attendance read. */
export function createEmailNoticeRepository(db: Knex) {
  return {
    async review(reviewId: string, tx?: TxLike): Promise<ReviewNoticeRow | null> {
      const trx = conn(db, tx)
      const r = await trx('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .leftJoin('sitting as s', 's.id', 'r.sitting_id')
        .join('court as c', 'c.id', trx.raw('coalesce(s.court_id, o.court_id)'))
        .leftJoin('app_user as u', function () {
          this.on('u.id', '=', 'q.responsible_officer_id').andOn('u.disabled', '=', trx.raw('?', [false]))
        })
        .select('r.id', 'r.starts_at', 'r.report_due_at', 'r.review_date', 'c.name as court_name')
        .select('u.email as officer_email', 'o.person_id', 'o.court_id')
        .where('r.id', reviewId)
        .first()
      if (!r) return null
      return {
        reviewId: r.id,
        startsAt: r.starts_at ?? null,
        reportDueAt: r.report_due_at ?? null,
        reviewDate: r.review_date,
        courtName: r.court_name,
        officerEmail: r.officer_email ?? null,
        personId: r.person_id,
        courtId: r.court_id,
      }
    },

    /** The court's enabled clerks; every enabled clerk where none is linked to it (a deployment is one region). */
    async courtClerkEmails(courtId: string, tx?: TxLike): Promise<string[]> {
      const clerks = conn(db, tx)('app_user as u').where({ 'u.role': 'clerk', 'u.disabled': false })
      const linked = await clerks
        .clone()
        .join('user_court as c', 'c.user_id', 'u.id')
        .where('c.court_id', courtId)
        .pluck('u.email')
      return linked.length ? linked : clerks.pluck('u.email')
    },

    async courtName(courtId: string, tx?: TxLike): Promise<string | null> {
      const row = (await conn(db, tx)('court').where({ id: courtId }).first('name')) as { name?: string } | undefined
      return row?.name ?? null
    },

    async sitting(sittingId: string, tx?: TxLike): Promise<SittingNoticeRow | null> {
      const trx = conn(db, tx)
      const sitting = await trx('sitting as s')
        .join('court as c', 'c.id', 's.court_id')
        .select('s.id', 's.starts_at', 'c.name as court_name')
        .where('s.id', sittingId)
        .first()
      if (!sitting) return null
      const benchEmails: string[] = await trx('sitting_bench as b')
        .join('app_user as u', 'u.id', 'b.user_id')
        .where('b.sitting_id', sitting.id)
        .where('u.disabled', false)
        .pluck('u.email')
      return { sittingId: sitting.id, startsAt: sitting.starts_at, courtName: sitting.court_name, benchEmails }
    },
  }
}

export type EmailNoticeRepository = ReturnType<typeof createEmailNoticeRepository>
