import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { addDays, formatDate, formatShortDate, todayIn } from '../../utils/dates'
import { chooseCourt } from './courtChoice'
import { benchNames } from './courtListModel'
import {
  calendarHref,
  continuityText,
  monthGrid,
  monthName,
  monthOf,
  monthRange,
  shiftMonth,
  weekDays,
  weekHref,
  weekOf,
} from './calendarModel'

const clerk = ['clerk'] as const

/** The court calendar, by month and by week, for one court at a time. */
export function calendarRoutes(route: RouteDeclarer, services: Services, render: Render) {
  async function rangeData(courtId: string, from: string, to: string) {
    const [sittings, holidays, continuity] = await Promise.all([
      services.sittings.forCourt(courtId, from, to),
      services.reference.bankHolidays(),
      services.listing.continuity(courtId, from, to),
    ])
    return {
      sittings,
      holidays: new Map(holidays.map(h => [h.date, h.title])),
      continuity: continuityText(continuity.court),
    }
  }

  const addLinks = (courtId: string) => ({
    newSittingHref: `${paths.sittings.new}?${new URLSearchParams({ court: courtId })}`,
    newSeriesHref: `${paths.sittings.newSeries}?${new URLSearchParams({ court: courtId })}`,
  })

  route.get(paths.sittings.calendar, clerk, async (req, res) => {
    const today = todayIn(services.clock)
    const month = monthOf(req.query.month, today)
    const { court, courtItems } = await chooseCourt(req, services)
    if (!court) return render(req, res, 'pages/sittings/calendar', { title: 'Court calendar', courtItems })
    const { from, to } = monthRange(month)
    const { sittings, holidays, continuity } = await rangeData(court.id, from, to)
    render(req, res, 'pages/sittings/calendar', {
      title: `Court calendar: ${monthName(month)}`,
      court,
      courtItems,
      month,
      monthLabel: monthName(month),
      weeks: monthGrid(month, sittings, holidays, today).map(w => ({
        ...w,
        href: weekHref(court.id, w.monday),
        label: `Week of ${formatShortDate(w.monday)}`,
      })),
      sittingCount: sittings.length,
      continuity,
      previous: { href: calendarHref(court.id, shiftMonth(month, -1)), text: monthName(shiftMonth(month, -1)) },
      next: { href: calendarHref(court.id, shiftMonth(month, 1)), text: monthName(shiftMonth(month, 1)) },
      thisWeekHref: weekHref(court.id, weekOf(undefined, today)),
      ...addLinks(court.id),
    })
  })

  route.get(paths.sittings.week, clerk, async (req, res) => {
    const today = todayIn(services.clock)
    const monday = weekOf(req.query.week, today)
    const friday = addDays(monday, 4)
    const { court, courtItems } = await chooseCourt(req, services)
    if (!court) return render(req, res, 'pages/sittings/week', { title: 'Court calendar', courtItems })
    const { sittings, holidays, continuity } = await rangeData(court.id, monday, friday)
    const benchIds = [...new Set(sittings.flatMap(s => s.benchUserIds))]
    const bench = await services.users.namesOf(benchIds)
    const benchOf = new Map(sittings.map(s => [s.id, benchNames(s, bench).join(', ')]))
    render(req, res, 'pages/sittings/week', {
      title: `Court calendar: week of ${formatShortDate(monday)}`,
      court,
      courtItems,
      week: monday,
      weekLabel: `${formatDate(monday)} to ${formatDate(friday)}`,
      days: weekDays(monday, sittings, holidays, today).map(d => ({
        ...d,
        sittings: d.sittings.map(s => ({ ...s, bench: benchOf.get(s.id) || 'No bench yet' })),
      })),
      continuity,
      previous: { href: weekHref(court.id, addDays(monday, -7)), text: 'Previous week' },
      next: { href: weekHref(court.id, addDays(monday, 7)), text: 'Next week' },
      monthHref: calendarHref(court.id, monday.slice(0, 7)),
      ...addLinks(court.id),
    })
  })
}
