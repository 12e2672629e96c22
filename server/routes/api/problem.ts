import type { ErrorRequestHandler, Response } from 'express'
import type { Logger } from '../../logger'
import { AppError } from '../../errors'
import { recordRefusal, statusOf } from '../../middleware/errorHandler'

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
}

export function sendProblem(
  res: Response,
  status: number,
  detail: string,
  errors: { field: string; message: string }[] = [],
) {
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `https://httpstatuses.io/${status}`,
        title: TITLES[status] ?? 'Error',
        status,
        detail,
        ...(errors.length ? { errors } : {}),
      }),
    )
}

/** RFC 9457 problem details for every API error; never a stack trace. */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    const status = statusOf(err)
    if (status >= 500) logger.error({ err, reqId: req.id }, 'api request failed')
    await recordRefusal(req, status, logger)
    if (err instanceof AppError) return sendProblem(res, status, err.message, err.errors)
    const e = err as { type?: string }
    if (e?.type === 'entity.parse.failed')
      return sendProblem(res, 400, 'The request body is not valid JSON', [
        { field: 'body', message: 'Send valid JSON' },
      ])
    if (status === 413) return sendProblem(res, 413, 'The request body is too large')
    return sendProblem(
      res,
      status,
      status >= 500 ? 'Something went wrong. Try again later.' : (TITLES[status] ?? 'Error'),
    )
  }
}
