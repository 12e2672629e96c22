import type { Router } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { HOME_BY_ROLE, paths } from '../../paths'
import { keepForm, str, takeForm } from '../forms'
import { AppError } from '../../errors'
import { sessionCookieName, sessionCookieOptions } from '../../middleware/setUpSession'

export function authRoutes(route: RouteDeclarer, _router: Router, services: Services, render: Render) {
  route.get(paths.signIn, 'public', (req, res) => {
    if (req.user) return res.redirect(HOME_BY_ROLE[req.user.role])
    // Sign-out destroyed the session, so its confirmation travels in the redirect rather than a flash.
    const signedOut = req.query['signed-out'] === '1' ? { flash: { text: 'You have signed out.' } } : {}
    render(req, res, 'pages/auth/sign-in', { title: 'Sign in', form: takeForm(req, 'signIn'), ...signedOut })
  })

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
      const user = await services.auth.signIn(email, password, req.ip ?? '')
      // A new session id at sign-in: a session fixed before sign-in is worthless after it.
      await new Promise<void>((resolve, reject) => req.session.regenerate(err => (err ? reject(err) : resolve())))
      const now = services.clock.now().getTime()
      req.session.userId = user.id
      req.session.createdAt = now
      req.session.lastSeenAt = now
      res.redirect(303, user.mustChangePassword ? paths.changePassword : HOME_BY_ROLE[user.role])
    } catch (err) {
      keepForm(req, 'signIn', err, { email })
      res.redirect(303, paths.signIn)
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
      )
      req.session.flash = { text: 'Your password has been changed.' }
      res.redirect(303, HOME_BY_ROLE[req.user!.role])
    } catch (err) {
      keepForm(req, 'changePassword', err, {})
      res.redirect(303, paths.changePassword)
    }
  })
}
