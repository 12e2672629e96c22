import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'

// People, orders and requirements: the case register.
export function caseRoutes(_route: RouteDeclarer, _services: Services, _render: Render) {}
