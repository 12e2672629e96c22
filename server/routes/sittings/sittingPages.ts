import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { seriesInput, sittingInput } from '../../services/scheduling/sittingService'
import { formatDate, formatShortDate, formatTime, isIsoDate } from '../../utils/dates'
import { flash, keepForm } from '../forms'
import { benchItems, chooseCourt } from './courtChoice'
import { explained, takeFormFor } from './formErrors'
import { calendarHref, mondayOf, plural, weekHref } from './calendarModel'
import { parseSeriesForm, parseSittingForm, refuseIfInvalid } from './sittingForm'

const clerk = ['clerk'] as const
const SITTING_FIELDS = [
  'courtId',
  'date',
  'from',
  'to',
  'startTime',
  'courtroom',
  'capacity',
  'slotMinutes',
  'benchUserIds',
]

/** Adding a sitting, or a weekly series of them. */
export function sittingPageRoutes(route: RouteDeclarer, services: Services, render: Render) {
  async function formPage(req: Request, key: string, dateFields: string[]) {
    const form = takeFormFor(req, key, `${dateFields[0]}-day`, dateFields)
    const { court, courtItems } = await chooseCourt(req, services)
    // "Add a sitting" from the needs listing list comes with the date the reviews are waiting for.
    const date = isIsoDate(req.query.date) ? req.query.date : null
    const parts = date
      ? { day: String(Number(date.slice(8))), month: String(Number(date.slice(5, 7))), year: date.slice(0, 4) }
      : null
    if (!Object.keys(form.values).length)
      form.values = {
        ...(parts ? { [dateFields[0]]: parts } : {}),
        courtId: court?.id ?? '',
        startTime: '10:00',
        capacity: '12',
        slotMinutes: '15',
        benchUserIds: [],
      }
    return {
      form,
      courtItems: [{ value: '', text: 'Select a court' }, ...courtItems],
      benchItems: await benchItems(services),
      calendarHref: court ? calendarHref(court.id) : paths.sittings.calendar,
    }
  }

  route.get(paths.sittings.new, clerk, async (req, res) => {
    const page = await formPage(req, 'sitting-new', ['date'])
    render(req, res, 'pages/sittings/sitting-form', { title: 'Add a sitting', action: paths.sittings.new, ...page })
  })

  route.post(paths.sittings.new, clerk, async (req, res) => {
    const parsed = parseSittingForm(req.body)
    try {
      refuseIfInvalid(parsed, sittingInput, SITTING_FIELDS)
      const sitting = await services.sittings.create(req.user!, parsed.courtId, parsed.input)
      const listed = sitting.booked
        ? ` ${plural(sitting.booked, 'review', 'reviews')} waiting for a sitting listed in it.`
        : ''
      flash(
        req,
        `Sitting added: ${formatDate(sitting.date)}, ${formatTime(sitting.startsAt)}, courtroom ${sitting.courtroom}.${listed}`,
      )
      res.redirect(303, paths.sittings.show(sitting.id))
    } catch (err) {
      keepForm(req, 'sitting-new', explained(err), parsed.values)
      res.redirect(303, paths.sittings.new)
    }
  })

  route.get(paths.sittings.newSeries, clerk, async (req, res) => {
    const page = await formPage(req, 'sitting-series', ['from', 'to'])
    render(req, res, 'pages/sittings/sitting-form', {
      title: 'Add a weekly series of sittings',
      action: paths.sittings.newSeries,
      series: true,
      ...page,
    })
  })

  route.post(paths.sittings.newSeries, clerk, async (req, res) => {
    const parsed = parseSeriesForm(req.body)
    try {
      refuseIfInvalid(parsed, seriesInput, SITTING_FIELDS)
      const { created, skipped } = await services.sittings.createSeries(req.user!, parsed.courtId, parsed.input)
      const court = await services.reference.court(parsed.courtId)
      const firstDate = created.reduce<string | null>((min, s) => (min === null || s.date < min ? s.date : min), null)
      // The result is shown once, like a receipt: sending the form again would only skip every date as taken.
      render(req, res, 'pages/sittings/series-created', {
        title: `${plural(created.length, 'sitting', 'sittings')} added`,
        court,
        created: [...created]
          .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
          .map(s => ({
            id: s.id,
            date: s.date,
            startsAt: s.startsAt,
            courtroom: s.courtroom,
            booked: s.booked,
            href: paths.sittings.show(s.id),
            weekHref: weekHref(court.id, mondayOf(s.date)),
            weekLabel: `Week of ${formatShortDate(mondayOf(s.date))}`,
          })),
        skipped,
        calendarHref: calendarHref(court.id, (firstDate ?? parsed.input.from ?? '').slice(0, 7)),
        addMoreHref: `${paths.sittings.newSeries}?${new URLSearchParams({ court: court.id })}`,
      })
    } catch (err) {
      keepForm(req, 'sitting-series', explained(err), parsed.values)
      res.redirect(303, paths.sittings.newSeries)
    }
  })
}
