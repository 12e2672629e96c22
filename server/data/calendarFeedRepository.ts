import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'
import type { CurrentUser } from '../roles'

/** Only what a feed needs to know about its owner: the token may outlive a session. */
export type FeedOwner = Pick<CurrentUser, 'id' | 'role' | 'organisationId' | 'courtIds'>

/** A review hearing as the feed lists it, before it is given its link. */
export interface FeedHearingRow {
  reviewId: string
  sittingId: string
  calendarSequence: number
  startsAt: string
  slotMinutes: number
  courtName: string
  courtroom: string | null
  /** How the person attends (issue 23): never the video room or reference. */
  attendanceMode?: 'in_person' | 'video'
}

// A review is a hearing in the feed while it holds a slot in a sitting that is going ahead, or was
// heard there: vacated and adjourned reviews keep their sitting_id but are no longer in it.
const HEARD_OR_LISTED = ['scheduled', 'held', 'did_not_attend']

/**
 * Each user's private calendar feed (only the SHA-256 of its token is kept) and their choice about
 * the daily digest, both on app_user; and the hearings a feed lists, scoped by its owner's role.
 */
export function createCalendarFeedRepository(db: Knex) {
  return {
    /** The hearings the owner is involved in starting within [from, to], earliest first. */
    async hearingsFor(
      owner: FeedOwner,
      window: { from: string; to: string; limit: number },
    ): Promise<FeedHearingRow[]> {
      const q = db('review as r')
        .join('sitting as s', 's.id', 'r.sitting_id')
        .join('court as c', 'c.id', 's.court_id')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .whereIn('r.status', HEARD_OR_LISTED)
        .whereNotNull('r.starts_at')
        .where('s.status', 'open')
        .whereBetween('r.starts_at', [window.from, window.to])
        .orderBy([{ column: 'r.starts_at' }, { column: 'r.id' }])
        .limit(window.limit)
        .select(
          'r.id as review_id',
          'r.calendar_sequence',
          'r.starts_at',
          's.id as sitting_id',
          's.slot_minutes',
          's.courtroom',
          'c.name as court_name',
          'r.attendance_mode',
        )
      switch (owner.role) {
        case 'probation':
          q.where('q.responsible_officer_id', owner.id)
          break
        case 'provider':
          if (!owner.organisationId) return []
          q.where('q.provider_organisation_id', owner.organisationId)
          break
        case 'sentencer':
          q.whereExists(
            db('sitting_bench as b').whereRaw('b.sitting_id = s.id').where('b.user_id', owner.id).select(db.raw('1')),
          )
          break
        case 'clerk':
          // A clerk works across the deployment's courts (DESIGN.md "Who uses it"); linked courts narrow the feed.
          if (owner.courtIds.length) q.whereIn('s.court_id', owner.courtIds)
          break
        default:
          return []
      }
      return (await q).map(r => ({
        reviewId: r.review_id,
        sittingId: r.sitting_id,
        calendarSequence: Number(r.calendar_sequence ?? 0),
        startsAt: r.starts_at,
        slotMinutes: Number(r.slot_minutes),
        courtName: r.court_name,
        courtroom: r.courtroom ?? null,
        attendanceMode: r.attendance_mode === 'video' ? 'video' : 'in_person',
      }))
    },

    async hasFeed(userId: string, tx?: TxLike): Promise<boolean> {
      const row = await conn(db, tx)('app_user').where({ id: userId }).first('calendar_token_hash')
      return Boolean(row?.calendar_token_hash)
    },

    /** Sets the hash of the user's feed token; any earlier token stops working. */
    async setTokenHash(userId: string, tokenHash: string, tx?: TxLike): Promise<void> {
      await conn(db, tx)('app_user').where({ id: userId }).update({ calendar_token_hash: tokenHash })
    },

    /** Forgets the user's feed token. Answers whether there was one. */
    async clearTokenHash(userId: string, tx?: TxLike): Promise<boolean> {
      const n = await conn(
        db,
        tx,
      )('app_user')
        .where({ id: userId })
        .whereNotNull('calendar_token_hash')
        .update({ calendar_token_hash: null })
      return n > 0
    },

    /** The enabled user whose feed token has this hash, with their courts; null when there is none. */
    async ownerByTokenHash(tokenHash: string, tx?: TxLike): Promise<FeedOwner | null> {
      const trx = conn(db, tx)
      const row = await trx('app_user')
        .where({ calendar_token_hash: tokenHash, disabled: false })
        .first('id', 'role', 'organisation_id')
      if (!row) return null
      const courtIds: string[] = await trx('user_court').where({ user_id: row.id }).pluck('court_id')
      return { id: row.id, role: row.role, organisationId: row.organisation_id ?? null, courtIds }
    },

    async digestOptOut(userId: string, tx?: TxLike): Promise<boolean> {
      const row = await conn(db, tx)('app_user').where({ id: userId }).first('digest_opt_out')
      return Boolean(row?.digest_opt_out)
    },

    async setDigestOptOut(userId: string, optOut: boolean, tx?: TxLike): Promise<void> {
      await conn(db, tx)('app_user').where({ id: userId }).update({ digest_opt_out: optOut })
    },
  }
}

export type CalendarFeedRepository = ReturnType<typeof createCalendarFeedRepository>
