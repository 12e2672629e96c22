import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { NotFoundError } from '../../errors'
import { str } from '../forms'
import { orderCourts } from './calendarModel'
import { takeUndo } from './undo'
import { needsListingGroups } from './needsListingModel'
import { todayIn } from '../../utils/dates'

/** Reviews waiting for a sitting, as a work queue grouped by what fixes them. */
export function needsListingRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.reviews.needsListing, ['clerk'], async (req, res) => {
    const courts = orderCourts(await services.reference.courts(), req.user!.courtIds)
    const courtId = str(req.query.court)
    if (courtId && !courts.some(c => c.id === courtId)) throw new NotFoundError('Court not found')
    const names = new Map(courts.map(c => [c.id, c.name]))
    const waiting = await services.listing.needsListing(courtId || undefined)
    const lastSittings = await services.listing.lastSittings([...new Set(waiting.map(w => w.courtId))])
    render(req, res, 'pages/sittings/needs-listing', {
      title: 'Needs listing',
      undo: takeUndo(req),
      courtId,
      courtItems:
        courts.length > 1
          ? [{ value: '', text: 'All courts' }, ...courts.map(c => ({ value: c.id, text: c.name }))]
          : [],
      count: waiting.length,
      groups: needsListingGroups(waiting, { today: todayIn(services.clock), lastSittings, courtNames: names }),
    })
  })
}
