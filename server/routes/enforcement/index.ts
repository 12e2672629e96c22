import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { nonAttendanceRoutes } from './nonAttendance'
import { warrantRoutes } from './warrants'
import { breachRoutes } from './breaches'
import { applicationRoutes } from './applications'
import { amendmentRoutes } from './amendments'

/** When things go wrong: non-attendance at a review hearing, warrants and breach (Sentencing Act 2020 Sch 10). */
export function enforcementRoutes(route: RouteDeclarer, services: Services, render: Render) {
  nonAttendanceRoutes(route, services, render)
  warrantRoutes(route, services, render)
  breachRoutes(route, services, render)
  applicationRoutes(route, services, render)
  amendmentRoutes(route, services, render)
}
