import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'

export function packRoutes(_route: RouteDeclarer, _services: Services, _render: Render) {}
