import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'

// The signed-in user's own settings: calendar feed URL and the daily digest.
export function accountRoutes(_route: RouteDeclarer, _services: Services, _render: Render) {}
