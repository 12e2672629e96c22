import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { HOME_BY_ROLE, paths } from '../../paths'

// Each role lands on its own page. Later work fills these in.
export function homeRoutes(route: RouteDeclarer, _services: Services, _render: Render) {
  route.get(paths.home, 'signed-in', (req, res) => {
    res.redirect(HOME_BY_ROLE[req.user!.role])
  })
}
