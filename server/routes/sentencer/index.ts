import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { mySittingsPages } from './mySittings'
import { paperReviewPages } from './paperReviews'
import { benchNotePages } from './benchNotes'

/** The sentencer's pages: my sittings, the paper review queue and decisions, private bench notes. */
export function sentencerRoutes(route: RouteDeclarer, services: Services, render: Render) {
  mySittingsPages(route, services, render)
  paperReviewPages(route, services, render)
  benchNotePages(route, services, render)
}
