import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { HOME_BY_ROLE, paths } from '../../paths'

/** The footer's pages: open to anyone, signed in or not, since they say what the service does before anyone signs in. */
const FOOTER_PAGES = [
  { path: paths.accessibility, page: 'pages/home/accessibility', title: 'Accessibility statement' },
  { path: paths.privacy, page: 'pages/home/privacy', title: 'Privacy notice' },
  { path: paths.cookies, page: 'pages/home/cookies', title: 'Cookies' },
]

// Each role lands on its own page.
export function homeRoutes(route: RouteDeclarer, _services: Services, render: Render) {
  route.get(paths.home, 'signed-in', (req, res) => {
    res.redirect(HOME_BY_ROLE[req.user!.role])
  })

  for (const { path, page, title } of FOOTER_PAGES) {
    route.get(path, 'public', (req, res) => render(req, res, page, { title }))
  }
}
