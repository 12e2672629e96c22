import session from 'express-session'
import type { SessionRepository } from '../data/sessionRepository'
import type { UserRow } from '../data/userRepository'
import type { Clock } from '../utils/clock'

/**
 * A row is kept an hour past the 12-hour limit on a session: loadUser ends a session at 12 hours
 * itself (and destroys the row), so the hour grants nothing, but it lets the next page say why
 * ("signed in for too long") instead of a bare sign-in page. Past it the row is gone.
 */
const ROW_MS = 13 * 60 * 60 * 1000

/** Users read with their sessions and not yet taken by loadUser: a bound, should a request stop between the two. */
const READ_USERS_KEPT = 1000

/** What the session's statement read besides the session. */
export interface ReadWithSession {
  user: UserRow | null
  caseDataVersion: number
}

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
    return new Date(created + ROW_MS).toISOString()
  }

  // The user each session belongs to and the case-data version, read in the same statement as the
  // session (one round trip a page), until loadUser takes them for the same request a moment later.
  private readonly users = new Map<string, ReadWithSession>()

  get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.sessions.getWithUser(sid, this.clock.now().toISOString()).then(found => {
      if (!found) return cb(null, null)
      this.users.delete(sid)
      this.users.set(sid, { user: found.user, caseDataVersion: found.caseDataVersion })
      if (this.users.size > READ_USERS_KEPT) this.users.delete(this.users.keys().next().value as string)
      cb(null, JSON.parse(found.sess))
    }, cb)
  }

  /** The user and case-data version read with this session (and forgotten here): undefined when none was read. */
  takeRead(sid: string): ReadWithSession | undefined {
    const read = this.users.get(sid)
    this.users.delete(sid)
    return read
  }

  set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    this.sessions.save(sid, JSON.stringify(sess), this.expiry(sess), sess.userId ?? null).then(() => cb?.(), cb)
  }

  destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.sessions.destroy(sid).then(() => cb?.(), cb)
  }

  // express-session touches an unchanged session on every request. Nothing here changes with time
  // alone: a row expires 13 hours after sign-in (ROW_MS), and the idle timeout reads lastSeenAt, which
  // loadUser changes (so the session is saved) at most once a minute. So a page read writes nothing.
  touch(_sid: string, _sess: session.SessionData, cb?: (err?: unknown) => void): void {
    cb?.()
  }

  async prune(): Promise<number> {
    return this.sessions.pruneExpired(this.clock.now().toISOString())
  }
}
