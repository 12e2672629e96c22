import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { notePages } from './notePages'
import { missingReportPages } from './missingReports'

/** Progress notes on a person, and the clerk's list of reports missing or late. */
export function noteRoutes(route: RouteDeclarer, services: Services, render: Render) {
  notePages(route, services, render)
  missingReportPages(route, services, render)
}
