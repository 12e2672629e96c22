import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'

// The court calendar, sittings, court lists and booking changes.
export function sittingRoutes(_route: RouteDeclarer, _services: Services, _render: Render) {}
