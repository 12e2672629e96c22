import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { formatDate, formatDateTime, formatTime, todayIn } from '../../utils/dates'
import { benchNames, courtListRows } from './courtListModel'
import { calendarHref } from './calendarModel'
import { takeUndo } from './undo'
import { courtListAccess, interpreterWarning } from '../access/courtListAccess'

// Sentencers may read the list of a sitting they sit on; the listing service gives anyone else a 404.
const readers = ['clerk', 'sentencer'] as const

/** A sitting's court list, and its A4 print version. */
export function courtListRoutes(route: RouteDeclarer, services: Services, render: Render) {
  async function courtList(req: Request<Record<string, string>>) {
    const list = await services.listing.courtList(req.user!, req.params.id)
    const court = list.court
    const isClerk = req.user!.role === 'clerk'
    const s = list.sitting
    // Issue 23: each person's access needs and how they attend, on the list the clerks and the bench read.
    const listed = list.accessNeeds
    const access = courtListAccess(list.cases, listed, isClerk && s.status === 'open')
    return {
      list,
      isClerk,
      page: {
        sitting: s,
        court,
        heading: `${formatDate(s.date)}, ${formatTime(s.startsAt)}`,
        courtroom: s.courtroom,
        cancelled: s.status === 'cancelled',
        bench: benchNames(s, list.bench),
        rows: courtListRows(
          list.cases,
          isClerk && s.status === 'open',
          req.user!.role === 'sentencer',
          todayIn(services.clock),
          access,
        ),
        interpreterWarning: interpreterWarning(list.cases, listed),
        summaryRows: [
          { key: 'Court', value: court.name },
          { key: 'Courtroom', value: s.courtroom },
          { key: 'Places', value: `${s.booked} of ${s.capacity} booked` },
          { key: 'Slots', value: `${s.slotMinutes} minutes each` },
          { key: 'Bench', value: benchNames(s, list.bench).length ? benchNames(s, list.bench) : 'No bench yet' },
        ],
      },
    }
  }

  route.get('/sittings/:id', readers, async (req, res) => {
    const { list, isClerk, page } = await courtList(req)
    const open = isClerk && list.sitting.status === 'open'
    render(req, res, 'pages/sittings/court-list', {
      title: `Court list: ${list.title}`,
      ...page,
      isClerk,
      isSentencer: req.user!.role === 'sentencer',
      undo: isClerk ? takeUndo(req) : null,
      printHref: paths.sittings.print(list.sitting.id),
      packHref: paths.packs.sitting(list.sitting.id),
      editHref: open ? paths.sittings.edit(list.sitting.id) : null,
      cancelHref: open ? paths.sittings.cancel(list.sitting.id) : null,
      calendarHref: isClerk ? calendarHref(list.sitting.courtId, list.sitting.date.slice(0, 7)) : null,
    })
  })

  route.get('/sittings/:id/print', readers, async (req, res) => {
    const { list, page } = await courtList(req)
    // A document to print, not a page to work in: no navigation, no account menu.
    render(req, res, 'pages/sittings/print', {
      title: `Court list: ${list.title}`,
      ...page,
      navigation: [],
      user: null,
      backHref: paths.sittings.show(list.sitting.id),
      // On every printed page: a list goes out of date as reviews move, so the reader knows when it was true.
      printedAt: formatDateTime(services.clock.now()),
    })
  })
}
