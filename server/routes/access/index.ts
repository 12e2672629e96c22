import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { accessNeedsRoutes } from './accessNeeds'
import { attendanceRoutes } from './attendance'

/** The person at the centre (issue 23): their access needs, and how they attend each hearing. */
export function accessRoutes(route: RouteDeclarer, services: Services, render: Render) {
  accessNeedsRoutes(route, services, render)
  attendanceRoutes(route, services, render)
}
