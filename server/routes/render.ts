import type { Request, Response } from 'express'
import type { Views } from '../views'
import { NAVIGATION, paths } from '../paths'
import { takeFlash } from './forms'
import { SERVICE_NAME } from '../content/service'

export type Render = (
  req: Request,
  res: Response,
  page: string,
  context?: Record<string, unknown>,
  status?: number,
) => void

/**
 * Pages that show a secret once (a new authenticator key, recovery codes, a calendar feed's address)
 * or a one-off upload's contents: never kept in memory as rendered (views.renderPageKept).
 */
const NEVER_KEPT = new Set([
  'pages/account/mfa-set-up',
  'pages/account/recovery-codes',
  'pages/account/calendar-feed-created',
  'pages/provider/upload-preview',
])

/** Renders a page in the main layout with the signed-in user's navigation, CSRF token and nonce. */
export function createRender(views: Views): Render {
  return (req, res, page, context = {}, status = 200) => {
    const user = res.locals.user
    const navigation = user
      ? NAVIGATION[user.role].map(item => ({
          ...item,
          active: req.path === item.href || req.path.startsWith(`${item.href}/`),
        }))
      : []
    const cspNonce = res.locals.cspNonce as string
    const csrfToken = res.locals.csrfToken as string | undefined
    const full = {
      serviceName: SERVICE_NAME,
      cspNonce,
      csrfToken,
      user,
      navigation,
      // "Your account" sits in the same menu: marked as the current page on the account's pages.
      accountActive: Boolean(user) && (req.path === paths.account || req.path.startsWith(`${paths.account}/`)),
      paths,
      flash: req.session ? takeFlash(req) : undefined,
      notice: res.locals.notice ?? null,
      ...context,
    }
    // The same page from the same context is written out again, not rendered again, with this request's
    // token, nonce and form ids written in: every read still reads its data and is audited as before.
    const html = NEVER_KEPT.has(page)
      ? views.renderPage(page, full)
      : views.renderPageKept(page, full, [csrfToken ?? '', cspNonce ?? ''])
    res.status(status).type('html').send(html)
  }
}
