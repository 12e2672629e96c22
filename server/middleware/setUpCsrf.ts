import type { RequestHandler } from 'express'
import { csrfSync } from 'csrf-sync'

// Synchroniser token pattern: a token kept in the session, sent back with every form as _csrf.
export function setUpCsrf(): RequestHandler[] {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: req =>
      (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
  })
  return [
    csrfSynchronisedProtection,
    (req, res, next) => {
      res.locals.csrfToken = generateToken(req)
      next()
    },
  ]
}
