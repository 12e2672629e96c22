import type { RequestHandler } from 'express'
import session from 'express-session'
import type { SessionRepository } from '../data/sessionRepository'
import type { Clock } from '../utils/clock'
import type { AuthService } from '../services/authService'
import { DbSessionStore } from './sessionStore'
import { paths } from '../paths'

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000

export function sessionCookieName(production: boolean): string {
  // __Host- binds the cookie to this host, over HTTPS, path /: no subdomain can plant one.
  return production ? '__Host-session' : 'session'
}

/** Shared with sign-out: a browser drops a __Host- cookie's deletion unless it carries the same Secure and Path. */
export function sessionCookieOptions(production: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: production, path: '/' }
}

export function setUpSession(opts: {
  sessions: SessionRepository
  clock: Clock
  secret: string
  production: boolean
}): RequestHandler {
  return session({
    name: sessionCookieName(opts.production),
    store: new DbSessionStore(opts.sessions, opts.clock),
    secret: opts.secret,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    unset: 'destroy',
    cookie: sessionCookieOptions(opts.production),
  })
}

/**
 * Loads the signed-in user on every request, and ends a session idle for 30 minutes or older than
 * 12 hours (times from the injected clock, so tests can move them).
 */
export function loadUser(auth: AuthService, clock: Clock, production = false): RequestHandler {
  return async (req, res, next) => {
    const s = req.session
    if (!s?.userId) return next()
    const now = clock.now().getTime()
    const expired = now - (s.lastSeenAt ?? 0) > IDLE_TIMEOUT_MS || now - (s.createdAt ?? 0) > ABSOLUTE_TIMEOUT_MS
    const user = expired ? null : await auth.currentUser(s.userId)
    if (!user) {
      // The session ends here and no new one is stored: the reason travels in the address, so a
      // signed-out browser leaves no session row behind (as for any visitor who has not signed in).
      await new Promise<void>(resolve => s.destroy(() => resolve()))
      res.clearCookie(sessionCookieName(production), sessionCookieOptions(production))
      return res.redirect(303, `${paths.signIn}?${expired ? 'timed-out' : 'ended'}=1`)
    }
    // Written at most once a minute, so reading a page does not rewrite the session every time.
    if (now - (s.lastSeenAt ?? 0) > 60 * 1000) s.lastSeenAt = now
    req.user = user
    res.locals.user = user
    return next()
  }
}
