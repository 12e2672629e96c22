import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'

export function providerRoutes(route: RouteDeclarer, _services: Services, render: Render) {
  route.get(paths.clients, ['provider'], (req, res) => {
    render(req, res, 'pages/home/placeholder', { title: 'My clients', lead: 'People referred to your organisation.' })
  })
}
