import type { RequestHandler } from 'express'
import pino from 'pino'
import { newId } from './utils/ids'

// One logger. Never log personal or health data: ids and outcomes only.
export function createLogger(level: string) {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
  })
}

export type Logger = ReturnType<typeof createLogger>

/** A request's path as logged: no query string (searches by name), and a calendar feed's secret hidden. */
export const loggedPath = (url: string): string =>
  url.split('?')[0].replace(/^\/calendar-feed\/[^/]+$/, '/calendar-feed/[token]')

/**
 * One line a request once it has ended, as pino-http wrote it ({ req: { id, method, path }, res: {
 * statusCode }, responseTime }, "request completed"; a 5xx or a dropped connection is an error), and
 * an id for it in X-Request-Id. Built from the few fields logged, not by serializing the whole request
 * and response and making a child logger for every request as pino-http does: that cost a tenth of a
 * page's time (issue 24's profile). Nothing is built at all when the level is above info.
 */
export function requestLogger(logger: Logger): RequestHandler {
  // The line holds only the fields above (no headers, no query string): nothing for the logger's
  // redaction to remove, and walking its paths on every line cost more than a hundredth of a page.
  const lines = logger.child({}, { redact: { paths: [], remove: true } })
  return (req, res, next) => {
    const id = newId()
    req.id = id
    res.setHeader('X-Request-Id', id)
    const started = Date.now()
    const { method, url } = req
    res.once('close', () => {
      const failed = res.statusCode >= 500 || !res.writableFinished
      if (!lines.isLevelEnabled(failed ? 'error' : 'info')) return
      const line = {
        req: { id, method, path: loggedPath(url) },
        res: { statusCode: res.statusCode },
        responseTime: Date.now() - started,
      }
      if (failed) lines.error(line, res.writableFinished ? 'request errored' : 'request aborted')
      else lines.info(line, 'request completed')
    })
    next()
  }
}
