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
    const html = views.renderPage(page, {
      serviceName: SERVICE_NAME,
      cspNonce: res.locals.cspNonce,
      csrfToken: res.locals.csrfToken,
      user,
      navigation,
      // "Your account" sits in the same menu: marked as the current page on the account's pages.
      accountActive: Boolean(user) && (req.path === paths.account || req.path.startsWith(`${paths.account}/`)),
      paths,
      flash: req.session ? takeFlash(req) : undefined,
      notice: res.locals.notice ?? null,
      ...context,
    })
    res.status(status).type('html').send(html)
  }
}
