import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { calendarRoutes } from './calendar'
import { sittingPageRoutes } from './sittingPages'
import { sittingChangeRoutes } from './sittingChanges'
import { courtListRoutes } from './courtList'
import { bookingRoutes } from './booking'
import { needsListingRoutes } from './needsListing'
import { bankHolidayRoutes } from './bankHolidays'

// The court calendar, sittings, court lists and booking changes.
export function sittingRoutes(route: RouteDeclarer, services: Services, render: Render) {
  calendarRoutes(route, services, render)
  // Fixed paths (/sittings/new) before the ones that take an id (/sittings/:id).
  sittingPageRoutes(route, services, render)
  sittingChangeRoutes(route, services, render)
  courtListRoutes(route, services, render)
  bookingRoutes(route, services, render)
  needsListingRoutes(route, services, render)
  bankHolidayRoutes(route, services, render)
}
