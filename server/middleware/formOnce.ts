import crypto from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { FormSubmission, FormSubmissionRepository } from '../data/formSubmissionRepository'
import type { RequestHandler, Request, Response } from 'express'
import type { Clock } from '../utils/clock'
import { ConflictError } from '../errors'
import { isId, sha256 } from '../utils/ids'

/** The hidden field govuk/hidden-csrf renders beside _csrf: a new id each time a form is rendered. */
export const FORM_ID_FIELD = '_formId'

export interface FormOnceOptions {
  submissions: FormSubmissionRepository
  clock: Clock
  /** How long a repeat waits for the first submission to answer before giving up with 409. */
  waitMs?: number
  pollMs?: number
  /** A first submission still pending after this long was cut off (a crash): repeats are refused at once. */
  abandonedAfterMs?: number
  /** Rows are only needed while someone may click twice or press back: kept a day. */
  keepMs?: number
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Field order and the CSRF token do not make two sends of one form different. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .filter(k => k !== '_csrf')
        .sort()
        .map(k => [k, canonical((value as Record<string, unknown>)[k])]),
    )
  return value
}

function fingerprint(req: Request, userId: string): string {
  const file = req.file
    ? { name: req.file.originalname, sha256: crypto.createHash('sha256').update(req.file.buffer).digest('hex') }
    : null
  return sha256(JSON.stringify([userId, req.method, req.originalUrl, canonical(req.body), file]))
}

/**
 * Double-submit protection for signed-in forms (two quick clicks, a resent POST): the first POST
 * of a rendered form claims a row keyed by (user, form id, path, fields) before its handler runs.
 * When the handler answers with a redirect (post/redirect/get), the row keeps that redirect and a
 * repeat gets the same redirect instead of making a second record. Any other answer (an error, a
 * rendered page) releases the claim, so the form can be sent again. A repeat arriving while the
 * first is still running waits for it. Posts without a form id (the API, sign-out) pass untouched.
 */
export function formOnce(options: FormOnceOptions): RequestHandler {
  const { submissions, clock } = options
  const waitMs = options.waitMs ?? 10000
  const pollMs = options.pollMs ?? 25
  const abandonedAfterMs = options.abandonedAfterMs ?? 120000
  const keepMs = options.keepMs ?? 24 * 60 * 60 * 1000
  let lastPruned = 0

  const prune = async () => {
    const now = clock.now().getTime()
    if (now - lastPruned < 60 * 60 * 1000) return
    lastPruned = now
    await submissions.pruneBefore(new Date(now - keepMs).toISOString())
  }

  const claim = (key: string, userId: string) => submissions.claim(key, userId, clock.now().toISOString())

  /** The first submission's redirect, or null when it released its claim (so this one may go ahead). */
  const firstAnswer = async (key: string): Promise<FormSubmission | null> => {
    const started = performance.now()
    for (;;) {
      const row = await submissions.find(key)
      if (!row) return null
      if (row.status === 'done') return row
      const age = clock.now().getTime() - Date.parse(row.createdAt)
      if (age > abandonedAfterMs || performance.now() - started > waitMs)
        throw new ConflictError(
          'This form was sent twice and the first is not finished. Check whether it was saved before sending it again.',
        )
      await sleep(pollMs)
    }
  }

  /** Settles the claim just before the response goes out, so a repeat never sees it half done. */
  const settleOnEnd = (res: Response, key: string) => {
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    let settled = false
    res.end = ((...args: unknown[]) => {
      if (settled) return end(...args)
      settled = true
      const location = res.getHeader('location')
      const redirected = res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string'
      const saving = redirected ? submissions.done(key, res.statusCode, location) : submissions.release(key)
      // If the database fails here the answer still goes out: the work itself is done or not regardless.
      saving.then(
        () => end(...args),
        () => end(...args),
      )
      return res
    }) as Response['end']
  }

  return async (req, res, next) => {
    const formId = (req.body as Record<string, unknown> | undefined)?.[FORM_ID_FIELD]
    if (req.method !== 'POST' || !req.user || !isId(formId)) return next()
    const key = fingerprint(req, req.user.id)
    for (;;) {
      if (await claim(key, req.user.id)) break
      const first = await firstAnswer(key)
      if (first) return res.redirect(first.statusCode ?? 303, first.location ?? '/')
    }
    await prune().catch(() => undefined)
    settleOnEnd(res, key)
    next()
  }
}
