import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'

export function sentencerRoutes(route: RouteDeclarer, _services: Services, render: Render) {
  route.get(paths.mySittings, ['sentencer'], (req, res) => {
    render(req, res, 'pages/home/placeholder', {
      title: 'My sittings',
      lead: 'Review sittings you are listed to sit on, and their hearing packs.',
    })
  })
}
