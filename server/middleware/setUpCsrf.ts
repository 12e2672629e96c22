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
      // Made when a page is rendered with its forms, not for every request: a calendar application
      // polling a feed, or a file download, then starts no session.
      Object.defineProperty(res.locals, 'csrfToken', {
        get: () => generateToken(req),
        enumerable: true,
        configurable: true,
      })
      next()
    },
  ]
}
