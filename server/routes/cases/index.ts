import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { peopleRoutes } from './people'
import { orderRoutes } from './orders'

// People, orders and requirements: the case register. Clerks write; probation officers and providers read
// the people they work with (the service scopes every query; anyone else's person is a 404).
export function caseRoutes(route: RouteDeclarer, services: Services, render: Render) {
  peopleRoutes(route, services, render)
  orderRoutes(route, services, render)
}
