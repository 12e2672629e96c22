import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import { paths } from '../../paths'
import { flash } from '../forms'

/**
 * An administrator resets a user's two-step verification (a lost phone): it is off, every session
 * of theirs ends and their API tokens stop; the user is emailed and sets it up again at next sign-in.
 */
export function userSecurityRoutes(route: RouteDeclarer, services: Services) {
  route.post(paths.admin.resetMfa(':id'), ['admin'], async (req, res) => {
    await services.users.resetMfa(req.user!, req.params.id, req.ip ?? '')
    const again = services.mfa.required
      ? 'they set it up again when they next sign in'
      : 'they can set it up again from Your account'
    flash(req, `Two-step verification reset. The user was signed out everywhere and emailed; ${again}.`)
    res.redirect(303, paths.admin.user(req.params.id))
  })
}
