import session from 'express-session'
import type { Knex } from 'knex'
import type { Clock } from '../utils/clock'

const ABSOLUTE_MS = 12 * 60 * 60 * 1000

// Sessions live in the database so several app instances can share them and sign-out is real.
export class KnexSessionStore extends session.Store {
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
  ) {
    super()
  }

  private expiry(sess: session.SessionData): string {
    const created = sess.createdAt ?? this.clock.now().getTime()
    return new Date(created + ABSOLUTE_MS).toISOString()
  }

  get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.db('session')
      .where({ sid })
      .where('expires_at', '>', this.clock.now().toISOString())
      .first()
      .then(row => cb(null, row ? JSON.parse(row.sess) : null), cb)
  }

  set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const row = { sid, sess: JSON.stringify(sess), expires_at: this.expiry(sess) }
    this.db('session')
      .insert(row)
      .onConflict('sid')
      .merge(['sess', 'expires_at'])
      .then(() => cb?.(), cb)
  }

  destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.db('session')
      .where({ sid })
      .del()
      .then(() => cb?.(), cb)
  }

  // express-session touches an unchanged session on every request. Nothing here changes with time
  // alone: a row expires 12 hours after sign-in, and the idle timeout reads lastSeenAt, which
  // loadUser changes (so the session is saved) at most once a minute. So a page read writes nothing.
  touch(_sid: string, _sess: session.SessionData, cb?: (err?: unknown) => void): void {
    cb?.()
  }

  async prune(): Promise<number> {
    return this.db('session').where('expires_at', '<=', this.clock.now().toISOString()).del()
  }
}
