import type { Knex } from 'knex'
import { courtListOf, toUserWithCourts, type UserRow } from './userRepository'

/** Sessions live in the database so several app instances share them and sign-out is real. */
export function createSessionRepository(db: Knex) {
  return {
    /** The session's data, unless it has expired by `now`. */
    async get(sid: string, now: string): Promise<string | null> {
      const row = await db('session').where({ sid }).where('expires_at', '>', now).first('sess')
      return (row?.sess as string | undefined) ?? null
    },

    /**
     * The session's data and, in the same statement, the user it belongs to with their courts (null
     * before sign-in finishes, or when the user is gone) and the case-data version (what pages kept in
     * memory compare with: data/caseDataCache.ts): every signed-in page reads these, so this is one
     * round trip a page rather than three. Null when there is no such session, or it has expired.
     */
    async getWithUser(
      sid: string,
      now: string,
    ): Promise<{ sess: string; user: UserRow | null; caseDataVersion: number } | null> {
      const row = await db('session as s')
        .leftJoin('app_user as u', 'u.id', 's.user_id')
        .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
        .where('s.sid', sid)
        .where('s.expires_at', '>', now)
        .first(
          's.sess as session_data',
          'u.*',
          'o.name as organisation_name',
          db.raw(`(select ${courtListOf(db)} from user_court c where c.user_id = u.id) as court_ids`),
          db.raw(`(select v.version from cache_version v where v.name = 'case_data') as case_data_version`),
        )
      if (!row) return null
      return {
        sess: row.session_data as string,
        user: row.id ? toUserWithCourts(row) : null,
        caseDataVersion: Number(row.case_data_version ?? 0),
      }
    },

    /** Saves a session; `userId` is whose it is (null before sign-in finishes). */
    async save(sid: string, sess: string, expiresAt: string, userId: string | null = null): Promise<void> {
      await db('session')
        .insert({ sid, sess, expires_at: expiresAt, user_id: userId })
        .onConflict('sid')
        .merge(['sess', 'expires_at', 'user_id'])
    },

    /** Ends every session of a user but the one named (the one making the change): how many. */
    async destroyForUser(userId: string, exceptSid?: string): Promise<number> {
      const q = db('session').where({ user_id: userId })
      if (exceptSid) q.whereNot({ sid: exceptSid })
      return q.del()
    },

    /** How many sessions a user has, live or not yet pruned. */
    async countForUser(userId: string): Promise<number> {
      const row = await db('session').where({ user_id: userId }).count({ n: '*' }).first()
      return Number(row?.n ?? 0)
    },

    async destroy(sid: string): Promise<void> {
      await db('session').where({ sid }).del()
    },

    async pruneExpired(now: string): Promise<number> {
      return db('session').where('expires_at', '<=', now).del()
    },

    /** Whether the database answers: the health check. */
    async ping(): Promise<boolean> {
      try {
        await db.raw('select 1')
        return true
      } catch {
        return false
      }
    },
  }
}

export type SessionRepository = ReturnType<typeof createSessionRepository>
