import type { RequestHandler } from 'express'
import session from 'express-session'
import type { SessionRepository } from '../data/sessionRepository'
import type { Clock } from '../utils/clock'
import type { AuthService } from '../services/authService'
import { DbSessionStore } from './sessionStore'
import { paths } from '../paths'
import { requestAudit } from '../services/notify/requestAudit'

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
}): RequestHandler[] {
  const handler = session({
    name: sessionCookieName(opts.production),
    store: new DbSessionStore(opts.sessions, opts.clock),
    secret: opts.secret,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    unset: 'destroy',
    cookie: sessionCookieOptions(opts.production),
  })
  return [handler, saveBeforeReply]
}

/** The session as express-session compares it to tell whether it changed (its cookie left out). */
function snapshot(sess: object | undefined): string | undefined {
  return (
    sess &&
    JSON.stringify(sess, function (this: unknown, key, value: unknown) {
      return this === sess && key === 'cookie' ? undefined : value
    })
  )
}

/**
 * A changed session is stored before any of the response goes out. express-session alone sends the
 * headers (a redirect's Location among them) and then stores the session, so a browser that follows
 * the redirect at once could arrive before the session it depends on: signed in, yet sent back to
 * sign in; a form's errors kept in the session, yet not shown. Found under load (two requests in a
 * hundred on the read-only connections, and possible on PostgreSQL's pool): the next request must
 * see what this one saved. Saving here marks the session saved, so express-session does not store it twice.
 */
const saveBeforeReply: RequestHandler = (req, res, next) => {
  const id = req.sessionID
  const before = snapshot(req.session)
  const end = res.end.bind(res) as (...args: unknown[]) => typeof res
  res.end = ((...args: unknown[]) => {
    const s = req.session
    if (!s || res.headersSent || (req.sessionID === id && snapshot(s) === before)) return end(...args)
    s.save(err => {
      if (!err) return void end(...args)
      // Nothing half-done goes out: not the redirect that assumed the session was kept.
      res.statusCode = 503
      res.removeHeader('Location')
      res.removeHeader('Content-Length')
      res.setHeader('Content-Type', 'text/plain; charset=utf-8')
      end('Sorry, the service could not save your sign-in just now. Go back and try again.')
    })
    return res
  }) as typeof res.end
  next()
}

/**
 * Loads the signed-in user on every request, and ends a session idle for 30 minutes or older than
 * 12 hours (times from the injected clock, so tests can move them).
 */
export function loadUser(auth: AuthService, clock: Clock, production = false): RequestHandler {
  return async (req, res, next) => {
    const s = req.session
    // The user read with the session, in the same statement (sessionStore.ts), taken whether used or not.
    const read = req.sessionStore instanceof DbSessionStore ? req.sessionStore.takeRead(req.sessionID) : undefined
    if (!s?.userId) return next()
    const now = clock.now().getTime()
    const expired = now - (s.lastSeenAt ?? 0) > IDLE_TIMEOUT_MS || now - (s.createdAt ?? 0) > ABSOLUTE_TIMEOUT_MS
    // Read again on its own only if the session row named nobody, or someone else (neither happens
    // to a session this service saved: its row names the user its data does).
    const user = expired
      ? null
      : read?.user && read.user.id === s.userId
        ? auth.activeUser(read.user)
        : await auth.currentUser(s.userId)
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
    // A page read (GET) changes no case data before it reads: its first read of data kept in memory may
    // compare with the version read with the session rather than read it again.
    const context = requestAudit.current()
    if (read && context && (req.method === 'GET' || req.method === 'HEAD'))
      context.caseDataVersion = read.caseDataVersion
    return next()
  }
}
