import crypto from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import { csrfSync } from 'csrf-sync'

/** Whose forms these are: someone signed in (or half way, at the code step) has a stored session. */
const hasSession = (req: Request) => Boolean(req.session?.userId || req.session?.pendingSignIn)

const tokenFrom = (req: Request) =>
  (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined)

const forged = () => Object.assign(new Error('invalid csrf token'), { status: 403, code: 'EBADCSRFTOKEN' as const })

/**
 * CSRF protection on every form (OWASP ASVS 5.0 3.5.1).
 *
 * - With a session (signed in, or at the sign-in code step): the synchroniser token pattern, a token
 *   kept in the session and sent back with every form as _csrf.
 * - Without one (the sign-in form): a signed double-submit cookie, so a visitor who has not signed in
 *   writes no session row (a flood of sign-in page views stores nothing): a random value in a
 *   host-only cookie, and in the form its HMAC under the session secret.
 */
export function setUpCsrf(opts: { secret: string; production: boolean }): RequestHandler[] {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({ getTokenFromRequest: tokenFrom })
  const cookieName = opts.production ? '__Host-csrf' : 'csrf'
  const sign = (value: string) => crypto.createHmac('sha256', opts.secret).update(`csrf:${value}`).digest('base64url')

  const cookieOf = (req: Request): string | null => {
    const m = new RegExp(`(?:^|;\\s*)${cookieName}=([A-Za-z0-9_-]{22,64})(?:;|$)`).exec(req.headers.cookie ?? '')
    return m?.[1] ?? null
  }

  /** The sign-in form's token: the HMAC of this browser's cookie, set now if it has none. */
  const anonymousToken = (req: Request, res: Response): string => {
    let value = cookieOf(req)
    if (!value) {
      value = crypto.randomBytes(24).toString('base64url')
      res.cookie(cookieName, value, { httpOnly: true, sameSite: 'lax', secure: opts.production, path: '/' })
    }
    return sign(value)
  }

  const anonymousCheck: RequestHandler = (req, _res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next()
    const value = cookieOf(req)
    const sent = tokenFrom(req)
    const expected = value ? Buffer.from(sign(value)) : null
    const given = typeof sent === 'string' ? Buffer.from(sent) : null
    if (expected && given && expected.length === given.length && crypto.timingSafeEqual(expected, given)) return next()
    next(forged())
  }

  return [
    (req, res, next) => (hasSession(req) ? csrfSynchronisedProtection(req, res, next) : anonymousCheck(req, res, next)),
    (req, res, next) => {
      // Made when a page is rendered with its forms, not for every request: a calendar application
      // polling a feed, or a file download, then starts no session.
      Object.defineProperty(res.locals, 'csrfToken', {
        get: () => (hasSession(req) ? generateToken(req) : anonymousToken(req, res)),
        enumerable: true,
        configurable: true,
      })
      next()
    },
  ]
}
