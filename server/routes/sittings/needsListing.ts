import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { NotFoundError } from '../../errors'
import { str } from '../forms'
import { orderCourts } from './calendarModel'
import { takeUndo } from './undo'

/** Reviews no sitting could take, oldest due first, each with a way to list it by hand. */
export function needsListingRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.reviews.needsListing, ['clerk'], async (req, res) => {
    const courts = orderCourts(await services.reference.courts(), req.user!.courtIds)
    const courtId = str(req.query.court)
    if (courtId && !courts.some(c => c.id === courtId)) throw new NotFoundError('Court not found')
    const names = new Map(courts.map(c => [c.id, c.name]))
    const waiting = await services.listing.needsListing(courtId || undefined)
    render(req, res, 'pages/sittings/needs-listing', {
      title: 'Needs listing',
      undo: takeUndo(req),
      courtId,
      courtItems:
        courts.length > 1
          ? [{ value: '', text: 'All courts' }, ...courts.map(c => ({ value: c.id, text: c.name }))]
          : [],
      rows: waiting.map(r => ({
        id: r.id,
        personName: r.personName,
        personHref: paths.people.show(r.personId),
        crn: r.crn,
        requirementKind: r.requirementKind,
        sequence: r.sequence,
        targetDate: r.targetDate,
        courtName: names.get(r.courtId) ?? '',
        listHref: paths.reviews.move(r.id),
      })),
    })
  })
}
