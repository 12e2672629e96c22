import type { RequestHandler } from 'express'
import type { AuditTrail } from '../services/notify/auditTrail'
import { requestAudit } from '../services/notify/requestAudit'

/** The path alone: never the query string (a search term is a name), never a calendar feed's secret address. */
export const auditPath = (url: string) =>
  url.split('?')[0].replace(/^\/calendar-feed\/[^/]+$/, '/calendar-feed/[token]')

/**
 * Gives every request its audit context (services/notify/requestAudit.ts): the address it came from,
 * the user once signed in, and a way for the error handlers to record a refused access. Registered
 * before both doors (pages and API), so every read a service records knows where it came from.
 */
export function auditRequests(audit: Pick<AuditTrail, 'refused'>): RequestHandler {
  return (req, _res, next) =>
    requestAudit.run(
      {
        ip: () => req.ip ?? null,
        user: () => req.user,
        recorded: new Set(),
        async refused(status) {
          // Anonymous refusals are not recorded: anyone could fill the table with them.
          if (!req.user) return
          await audit.refused({
            user: req.user,
            ip: req.ip ?? null,
            method: req.method,
            path: auditPath(req.originalUrl),
            status,
          })
        },
      },
      next,
    )
}
