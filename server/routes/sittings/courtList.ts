import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { formatDate, formatDateTime, formatTime, todayIn } from '../../utils/dates'
import { benchNames, courtListRows } from './courtListModel'
import { calendarHref } from './calendarModel'
import { takeUndo } from './undo'
import { sealed } from '../../renderMemo'
import { courtListAccess, interpreterWarning } from '../access/courtListAccess'

// Sentencers may read the list of a sitting they sit on; the listing service gives anyone else a 404.
const readers = ['clerk', 'sentencer'] as const

type ListedCases = Awaited<ReturnType<Services['listing']['courtList']>>['cases']
type Made = { rows: ReturnType<typeof courtListRows>; interpreterWarning: string | null }

/** A sitting's court list, and its A4 print version. */
export function courtListRoutes(route: RouteDeclarer, services: Services, render: Render) {
  // The rows a list's cases make, for each way of showing them (with the clerk's actions or not, for the
  // bench or not, on a given day): the same sealed rows while the cases are the same objects (the listing
  // service gives the same while nothing they show has changed), so a page made from them is known to be
  // the same page without comparing its rows (views' renderPageKept).
  const made = new WeakMap<ListedCases, Map<string, Made>>()
  function rowsOf(
    list: { cases: ListedCases; accessNeeds: Parameters<typeof courtListAccess>[1] },
    withActions: boolean,
    forBench: boolean,
    today: string,
  ): Made {
    let byView = made.get(list.cases)
    if (!byView) made.set(list.cases, (byView = new Map()))
    const key = `${withActions}|${forBench}|${today}`
    let rows = byView.get(key)
    if (!rows) {
      // Issue 23: each person's access needs and how they attend, on the list the clerks and the bench read.
      const access = courtListAccess(list.cases, list.accessNeeds, withActions)
      rows = {
        rows: sealed(courtListRows(list.cases, withActions, forBench, today, access)),
        interpreterWarning: interpreterWarning(list.cases, list.accessNeeds),
      }
      if (byView.size >= 8) byView.clear()
      byView.set(key, rows)
    }
    return rows
  }

  async function courtList(req: Request<Record<string, string>>) {
    const list = await services.listing.courtList(req.user!, req.params.id)
    const court = list.court
    const isClerk = req.user!.role === 'clerk'
    const s = list.sitting
    const { rows, interpreterWarning } = rowsOf(
      list,
      isClerk && s.status === 'open',
      req.user!.role === 'sentencer',
      todayIn(services.clock),
    )
    const bench = benchNames(s, list.bench)
    return {
      list,
      isClerk,
      page: {
        sitting: s,
        court,
        heading: `${formatDate(s.date)}, ${formatTime(s.startsAt)}`,
        courtroom: s.courtroom,
        cancelled: s.status === 'cancelled',
        bench,
        rows,
        interpreterWarning,
        summaryRows: [
          { key: 'Court', value: court.name },
          { key: 'Courtroom', value: s.courtroom },
          { key: 'Places', value: `${s.booked} of ${s.capacity} booked` },
          { key: 'Slots', value: `${s.slotMinutes} minutes each` },
          { key: 'Bench', value: bench.length ? bench : 'No bench yet' },
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
