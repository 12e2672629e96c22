import type { Request, Response, Router } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { CurrentUser } from '../../roles'
import { HOME_BY_ROLE, paths } from '../../paths'
import { keepForm, str, takeForm, toFormState } from '../forms'
import { AppError, TooManyRequestsError } from '../../errors'
import { sessionCookieName, sessionCookieOptions } from '../../middleware/setUpSession'

/** A right password, the code still to come: this long to give it before starting again. */
const CODE_STEP_MS = 5 * 60 * 1000

const MESSAGES: Record<string, string> = {
  'signed-out': 'You have signed out.',
  'timed-out': 'You were signed out because you were inactive or signed in for too long.',
  ended: 'Your session has ended. Sign in to continue.',
  restart: 'That took too long. Sign in again.',
}

/** A refusal rendered on the spot (no session to keep it in): the status, Retry-After, the summary. */
function refusal(err: unknown, res: Response): { status: number; errors: { field: string; message: string }[] } {
  if (!(err instanceof AppError) || err.status >= 500) throw err
  if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.retryAfterSeconds))
  return { status: err.status, errors: err.errors.length ? err.errors : [{ field: 'email', message: err.message }] }
}

async function regenerate(req: Request) {
  await new Promise<void>((resolve, reject) => req.session.regenerate(err => (err ? reject(err) : resolve())))
}

export function authRoutes(route: RouteDeclarer, _router: Router, services: Services, render: Render) {
  const signInPage = (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    render(req, res, 'pages/auth/sign-in', { title: 'Sign in', form: toFormState([], {}), ...extra }, status)

  /** A new session id for the signed-in user: a session fixed before sign-in is worthless after it. */
  async function startSession(req: Request, res: Response, user: CurrentUser) {
    await regenerate(req)
    const now = services.clock.now().getTime()
    req.session.userId = user.id
    req.session.createdAt = now
    req.session.lastSeenAt = now
    const next = user.mustChangePassword
      ? paths.changePassword
      : user.mustSetUpMfa
        ? paths.mfa.setUp
        : HOME_BY_ROLE[user.role]
    res.redirect(303, next)
  }

  route.get(paths.signIn, 'public', (req, res) => {
    if (req.user) return res.redirect(HOME_BY_ROLE[req.user.role])
    // Sign-out and timeouts leave no session, so their message travels in the address.
    const reason = Object.keys(MESSAGES).find(k => req.query[k] === '1')
    signInPage(req, res, reason ? { flash: { text: MESSAGES[reason] } } : {})
  })

  // Errors are shown on the spot, with the email kept: nothing is stored for a visitor not signed in.
  route.post(paths.signIn, 'public', async (req, res) => {
    const email = str(req.body.email)
    const password = str(req.body.password)
    try {
      if (!email || !password) {
        const errors = [
          ...(!email ? [{ field: 'email', message: 'Enter your email address' }] : []),
          ...(!password ? [{ field: 'password', message: 'Enter your password' }] : []),
        ]
        throw new AppError(400, 'Enter your email address and password', errors)
      }
      const { user, next } = await services.auth.signIn(email, password, req.ip ?? '')
      if (next === 'signed-in') return await startSession(req, res, user)
      await regenerate(req)
      req.session.pendingSignIn = { userId: user.id, at: services.clock.now().getTime() }
      res.redirect(303, paths.signInCode)
    } catch (err) {
      const { status, errors } = refusal(err, res)
      signInPage(req, res, { form: toFormState(errors, { email }) }, status)
    }
  })

  /** The second step: a code from the authenticator app, or a recovery code. */
  const pending = (req: Request) => {
    const p = req.session?.pendingSignIn
    return p && services.clock.now().getTime() - p.at < CODE_STEP_MS ? p : null
  }

  route.get(paths.signInCode, 'public', (req, res) => {
    if (req.user) return res.redirect(HOME_BY_ROLE[req.user.role])
    if (!pending(req)) return res.redirect(303, `${paths.signIn}?restart=1`)
    render(req, res, 'pages/auth/sign-in-code', { title: 'Enter your code', form: takeForm(req, 'signInCode') })
  })

  route.post(paths.signInCode, 'public', async (req, res) => {
    const p = pending(req)
    if (!p) return res.redirect(303, `${paths.signIn}?restart=1`)
    try {
      const code = str(req.body.code)
      if (!code.trim())
        throw new AppError(400, 'Enter your code', [{ field: 'code', message: 'Enter the code from your app' }])
      const user = await services.auth.signInWithCode(p.userId, code, req.ip ?? '')
      await startSession(req, res, user)
    } catch (err) {
      const { status, errors } = refusal(err, res)
      render(req, res, 'pages/auth/sign-in-code', { title: 'Enter your code', form: toFormState(errors, {}) }, status)
    }
  })

  route.post(paths.signOut, 'signed-in', async (req, res) => {
    await services.auth.recordSignOut(req.user!.id, req.ip ?? '')
    // Ends the session on the server, not just in the browser.
    await new Promise<void>(resolve => req.session.destroy(() => resolve()))
    const { production } = services.config
    res.clearCookie(sessionCookieName(production), sessionCookieOptions(production))
    res.redirect(303, `${paths.signIn}?signed-out=1`)
  })

  route.get(paths.changePassword, 'signed-in', (req, res) => {
    render(req, res, 'pages/auth/change-password', {
      title: 'Change your password',
      mustChange: req.user!.mustChangePassword,
      form: takeForm(req, 'changePassword'),
    })
  })

  route.post(paths.changePassword, 'signed-in', async (req, res) => {
    try {
      await services.users.changeOwnPassword(
        req.user!,
        str(req.body.currentPassword),
        str(req.body.newPassword),
        str(req.body.confirmPassword),
        req.sessionID,
      )
      req.session.flash = {
        text: 'Your password has been changed. Every other session was signed out and your API tokens were turned off.',
      }
      res.redirect(303, req.user!.mustSetUpMfa ? paths.mfa.setUp : HOME_BY_ROLE[req.user!.role])
    } catch (err) {
      keepForm(req, 'changePassword', err, {})
      res.redirect(303, paths.changePassword)
    }
  })
}
