import type { ErrorRequestHandler, Request } from 'express'
import type { Logger } from '../logger'
import type { Render } from '../routes/render'
import { AppError } from '../errors'
import { requestAudit } from '../services/notify/requestAudit'

interface HttpishError {
  status?: number
  statusCode?: number
  code?: string
  type?: string
  expose?: boolean
  message?: string
}

export function statusOf(err: unknown): number {
  if (err instanceof AppError) return err.status
  const e = err as HttpishError
  if (e?.code === 'LIMIT_FILE_SIZE') return 413
  if (typeof e?.code === 'string' && e.code.startsWith('LIMIT_')) return 400
  const status = e?.status ?? e?.statusCode
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500
}

const TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  401: 'Sign in to continue',
  403: 'You do not have permission to do that',
  404: 'Page not found',
  409: 'Someone else changed this',
  413: 'The file or form is too large',
  422: 'That cannot be done',
  429: 'Too many attempts',
  500: 'Sorry, there is a problem with the service',
}

/**
 * A refused access (403: a role that may not use the route, the route guard's refusals included; 404
 * from a declared route: another's record, or no such record) by a signed-in user is recorded before it
 * is answered (ASVS 5.0 16.3.2). Anonymous refusals are not: anyone could fill the table with them; nor
 * is an address no route answers (a browser asking for an icon is not an access to a case). A failure
 * to record is logged and the refusal still answered.
 */
export async function recordRefusal(req: Request, status: number, logger: Logger): Promise<void> {
  if (status !== 403 && !(status === 404 && req.route)) return
  try {
    await requestAudit.current()?.refused(status)
  } catch (err) {
    logger.error({ err, reqId: req.id }, 'refused access not recorded')
  }
}

/** The one place that decides what a person sees when something goes wrong: never a stack trace. */
export function webErrorHandler(render: Render, logger: Logger): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    const status = statusOf(err)
    await recordRefusal(req, status, logger)
    if (status >= 500) logger.error({ err, reqId: req.id }, 'request failed')
    const csrf = (err as HttpishError)?.code === 'EBADCSRFTOKEN' || /csrf/i.test((err as HttpishError)?.message ?? '')
    const message =
      err instanceof AppError && status < 500
        ? err.message
        : csrf
          ? 'This form has expired or was sent from somewhere else. Go back, refresh the page and try again.'
          : status === 413
            ? 'The file or form you sent is too large.'
            : undefined
    if (res.headersSent) return
    render(req, res, 'pages/error', { title: TITLES[status] ?? TITLES[500], status, message }, status)
  }
}
