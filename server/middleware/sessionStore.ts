import session from 'express-session'
import type { SessionRepository } from '../data/sessionRepository'
import type { Clock } from '../utils/clock'

const ABSOLUTE_MS = 12 * 60 * 60 * 1000

// Sessions live in the database so several app instances can share them and sign-out is real.
export class DbSessionStore extends session.Store {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
  ) {
    super()
  }

  private expiry(sess: session.SessionData): string {
    const created = sess.createdAt ?? this.clock.now().getTime()
    return new Date(created + ABSOLUTE_MS).toISOString()
  }

  get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.sessions.get(sid, this.clock.now().toISOString()).then(sess => cb(null, sess ? JSON.parse(sess) : null), cb)
  }

  set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    this.sessions.save(sid, JSON.stringify(sess), this.expiry(sess), sess.userId ?? null).then(() => cb?.(), cb)
  }

  destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.sessions.destroy(sid).then(() => cb?.(), cb)
  }

  // express-session touches an unchanged session on every request. Nothing here changes with time
  // alone: a row expires 12 hours after sign-in, and the idle timeout reads lastSeenAt, which
  // loadUser changes (so the session is saved) at most once a minute. So a page read writes nothing.
  touch(_sid: string, _sess: session.SessionData, cb?: (err?: unknown) => void): void {
    cb?.()
  }

  async prune(): Promise<number> {
    return this.sessions.pruneExpired(this.clock.now().toISOString())
  }
}
