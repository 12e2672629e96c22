import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { CourtRow } from '../../data/referenceRepository'
import { paths } from '../../paths'
import { NotFoundError } from '../../errors'
import { str } from '../forms'
import { orderCourts } from './calendarModel'
import { takeUndo } from './undo'
import { needsListingGroups } from './needsListingModel'
import { todayIn } from '../../utils/dates'

/** `?court=all`: every court, for a clerk who covers another court today. */
export const ALL_COURTS = 'all'

/** The chooser: the clerk's own courts first (together, then one by one when several), the others, all. */
function courtItems(courts: CourtRow[], own: CourtRow[]): { value: string; text: string }[] {
  const others = courts.filter(c => !own.includes(c))
  return [
    ...(own.length ? [{ value: '', text: own.length === 1 ? `${own[0].name} (your court)` : 'Your courts' }] : []),
    ...(own.length > 1 ? own : []).map(c => ({ value: c.id, text: c.name })),
    ...others.map(c => ({ value: c.id, text: c.name })),
    { value: ALL_COURTS, text: 'All courts' },
  ]
}

/** Reviews waiting for a sitting, as a work queue grouped by what fixes them. */
export function needsListingRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.reviews.needsListing, ['clerk'], async (req, res) => {
    const mine = req.user!.courtIds
    const courts = orderCourts(await services.reference.courts(), mine)
    const asked = str(req.query.court)
    if (asked && asked !== ALL_COURTS && !courts.some(c => c.id === asked)) throw new NotFoundError('Court not found')
    // A clerk starts with the courts they work at; one linked to none (or asking for all) sees every court.
    const own = courts.filter(c => mine.includes(c.id))
    const chosen = asked || (own.length ? '' : ALL_COURTS)
    const courtIds = chosen === ALL_COURTS ? undefined : chosen ? chosen : own.map(c => c.id)
    const names = new Map(courts.map(c => [c.id, c.name]))
    const waiting = await services.listing.needsListing(courtIds)
    const lastSittings = await services.listing.lastSittings([...new Set(waiting.map(w => w.courtId))])
    render(req, res, 'pages/sittings/needs-listing', {
      title: 'Needs listing',
      undo: takeUndo(req),
      courtId: chosen,
      courtItems: courts.length > 1 ? courtItems(courts, own) : [],
      showing:
        courts.length < 2
          ? null
          : chosen === ALL_COURTS
            ? 'every court'
            : chosen
              ? names.get(chosen)
              : own.map(c => c.name).join(', '),
      count: waiting.length,
      groups: needsListingGroups(waiting, { today: todayIn(services.clock), lastSittings, courtNames: names }),
    })
  })
}
