import type { Knex } from 'knex'

/** Sessions live in the database so several app instances share them and sign-out is real. */
export function createSessionRepository(db: Knex) {
  return {
    /** The session's data, unless it has expired by `now`. */
    async get(sid: string, now: string): Promise<string | null> {
      const row = await db('session').where({ sid }).where('expires_at', '>', now).first('sess')
      return (row?.sess as string | undefined) ?? null
    },

    async save(sid: string, sess: string, expiresAt: string): Promise<void> {
      await db('session').insert({ sid, sess, expires_at: expiresAt }).onConflict('sid').merge(['sess', 'expires_at'])
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
