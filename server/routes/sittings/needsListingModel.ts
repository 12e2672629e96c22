import { paths } from '../../paths'
import { addDays, formatDate } from '../../utils/dates'

/** A review waiting for a sitting, as the needs listing list reads it. */
export interface WaitingReview {
  id: string
  personId: string
  personName: string
  crn: string
  requirementKind: string
  sequence: number
  targetDate: string
  courtId: string
}

/** Reviews due within this many days with no sitting are the first thing to fix. */
export const SOON_DAYS = 42

const monthLabel = (date: string) => formatDate(`${date.slice(0, 7)}-01`).replace(/^\w+ 1 /, '')
const query = (q: Record<string, string>) => `?${new URLSearchParams(q)}`

/**
 * The needs listing list as a work queue, grouped by what fixes it: reviews due within six weeks
 * with no sitting (first); reviews the court's sittings could take but for full places; and, last,
 * reviews waiting for sittings beyond the last one set up, a group for each month.
 */
export function needsListingGroups(
  waiting: WaitingReview[],
  ctx: { today: string; lastSittings: Map<string, string>; courtNames: Map<string, string> },
) {
  const soon = addDays(ctx.today, SOON_DAYS)
  const row = (r: WaitingReview) => ({
    id: r.id,
    personName: r.personName,
    personHref: paths.people.show(r.personId),
    crn: r.crn,
    requirementKind: r.requirementKind,
    sequence: r.sequence,
    targetDate: r.targetDate,
    courtName: ctx.courtNames.get(r.courtId) ?? '',
    listHref: paths.reviews.move(r.id),
    addSittingHref: `${paths.sittings.new}${query({ court: r.courtId, date: r.targetDate })}`,
  })
  const beyond = (r: WaitingReview) => {
    const last = ctx.lastSittings.get(r.courtId)
    return !last || r.targetDate > last
  }
  const urgent = waiting.filter(r => r.targetDate <= soon)
  const full = waiting.filter(r => r.targetDate > soon && !beyond(r))
  const later = waiting.filter(r => r.targetDate > soon && beyond(r))
  // A group for each month (and court, when the list shows several).
  const months = new Map<string, WaitingReview[]>()
  for (const r of later) {
    const key = `${r.targetDate.slice(0, 7)} ${r.courtId}`
    months.set(key, [...(months.get(key) ?? []), r])
  }
  const courts = new Set(waiting.map(r => r.courtId)).size
  return [
    {
      key: 'soon',
      heading: 'Due within six weeks, with no sitting to take them',
      action: 'List each in a sitting with a place, or add a sitting on or after the date it is due.',
      rows: urgent.map(row),
    },
    {
      key: 'full',
      heading: 'The sittings that could take them are full',
      action: 'Add places to a sitting, add a sitting, or list each by hand.',
      rows: full.map(row),
    },
    ...[...months.entries()].map(([key, rows]) => ({
      key: `month-${key.replace(' ', '-')}`,
      heading: `Waiting for sittings in ${monthLabel(`${key.slice(0, 7)}-01`)}${courts > 1 ? ` at ${ctx.courtNames.get(rows[0].courtId) ?? ''}` : ''}`,
      action: 'The court has no sittings set up this far ahead yet: they are listed as soon as sittings are added.',
      addSeriesHref: `${paths.sittings.newSeries}${query({ court: rows[0].courtId, date: `${key.slice(0, 7)}-01` })}`,
      rows: rows.map(row),
    })),
  ].filter(g => g.rows.length > 0)
}
