import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { MissingReportRow } from '../../services/progress/noteService'
import { paths } from '../../paths'
import { addDays, formatDate, formatDateTime, isIsoDate, todayIn } from '../../utils/dates'
import { flash, str } from '../forms'
import { chooseCourt } from '../sittings/courtChoice'

const clerk = ['clerk'] as const
const DEFAULT_DAYS = 28

const STATUS_TAGS: Record<MissingReportRow['reportStatus'], { text: string; colour: string }> = {
  not_started: { text: 'Not started', colour: 'grey' },
  draft: { text: 'Draft', colour: 'yellow' },
  late: { text: 'Late', colour: 'red' },
}

/** The page's own address with its filter, so a chase returns the clerk to what they were looking at. */
function missingHref(query: Record<string, string>) {
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '')).toString()
  return search ? `${paths.reports.missing}?${search}` : paths.reports.missing
}

/** One row per sitting, in sitting order, each with its reviews still owed a report. */
function bySitting(rows: MissingReportRow[]) {
  const groups = new Map<string, { heading: string; sittingHref: string; rows: ReturnType<typeof toRow>[] }>()
  for (const r of rows) {
    const g = groups.get(r.sittingId) ?? {
      heading: `${formatDate(r.sittingDate)}, courtroom ${r.courtroom}`,
      sittingHref: paths.sittings.show(r.sittingId),
      rows: [],
    }
    g.rows.push(toRow(r))
    groups.set(r.sittingId, g)
  }
  return [...groups.values()]
}

function toRow(r: MissingReportRow) {
  return {
    reviewId: r.reviewId,
    personName: r.personName,
    personHref: paths.people.show(r.personId),
    crn: r.crn,
    officerName: r.officerName ?? 'No responsible officer',
    reportDue: r.reportDueAt ? formatDateTime(r.reportDueAt) : 'Not set',
    status: STATUS_TAGS[r.reportStatus],
    isLate: r.reportStatus === 'late',
    chased: r.chase ? `Chased ${formatDateTime(r.chase.at)} by ${r.chase.byName ?? 'a former user'}` : null,
    chaseAction: paths.reports.chase(r.reviewId),
  }
}

/** When the service's own reminder goes to the officer, before the report's deadline. */
const reminderWhen = (workingDays: number) =>
  workingDays === 0
    ? 'on the day the report is due'
    : `${workingDays} working ${workingDays === 1 ? 'day' : 'days'} before the report is due`

/** Which reports a court still waits for, sitting by sitting, with a chase for each (issue 4 point 7). */
export function missingReportPages(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.reports.missing, clerk, async (req, res) => {
    const { court, courtItems } = await chooseCourt(req, services)
    const today = todayIn(services.clock)
    const from = isIsoDate(req.query.from) ? req.query.from : today
    const to = isIsoDate(req.query.to) ? req.query.to : addDays(today, DEFAULT_DAYS)
    const rows = court ? await services.notes.missingReports(req.user!, { courtId: court.id, from, to }) : []
    render(req, res, 'pages/notes/missing-reports', {
      title: 'Reports missing or late',
      courtId: court?.id ?? '',
      courtItems,
      from,
      to,
      rangeText: `${formatDate(from)} to ${formatDate(to)}`,
      count: rows.length,
      lateCount: rows.filter(r => r.reportStatus === 'late').length,
      sittings: bySitting(rows),
      // What the email worker really does (server/services/notify/reminders.ts and notifier.ts).
      reminderWhen: reminderWhen(services.config.reminderWorkingDays),
    })
  })

  route.post('/reviews/:id/report/chase', clerk, async (req, res) => {
    const chased = await services.notes.chaseReport(req.user!, req.params.id)
    const from = str(req.body?.from)
    const to = str(req.body?.to)
    flash(req, 'Chase sent. The responsible officer is emailed now, asking for the report.')
    res.redirect(
      303,
      missingHref({
        court: str(req.body?.court) || chased.courtId,
        from: isIsoDate(from) ? from : '',
        to: isIsoDate(to) ? to : '',
      }),
    )
  })
}
