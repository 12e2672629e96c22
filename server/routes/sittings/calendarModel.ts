import type { SittingRow } from '../../data/sittingRepository'
import { addDays, formatDate, isIsoDate, formatShortDate, formatTime, weekdayOf } from '../../utils/dates'
import { paths } from '../../paths'
import { plural } from '../../content/labels'

// Pure view models for the court calendar: which days a month or week shows, and what each sitting says.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

/** The month asked for (`2027-03`), or the current one. */
export function monthOf(query: unknown, today: string): string {
  return typeof query === 'string' && MONTH.test(query) ? query : today.slice(0, 7)
}

export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number)
  const index = year * 12 + (m - 1) + by
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

export function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`
  return { from, to: addDays(`${shiftMonth(month, 1)}-01`, -1) }
}

/** "March 2027". */
export const monthName = (month: string): string => formatShortDate(`${month}-01`).replace(/^\d+ /, '')

/** The Monday of the week a date falls in. */
export const mondayOf = (date: string): string => addDays(date, 1 - weekdayOf(date))

/** The week asked for (any day in it), as its Monday; else this week. */
export const weekOf = (query: unknown, today: string): string => mondayOf(isIsoDate(query) ? query : today)

export const calendarHref = (courtId: string, month?: string) =>
  `${paths.sittings.calendar}?${new URLSearchParams(month ? { court: courtId, month } : { court: courtId })}`

export const weekHref = (courtId: string, monday: string) =>
  `${paths.sittings.week}?${new URLSearchParams({ court: courtId, week: monday })}`

export interface SittingCard {
  id: string
  href: string
  time: string
  courtroom: string
  booked: number
  capacity: number
  full: boolean
  bookedText: string
}

export function sittingCard(s: SittingRow): SittingCard {
  return {
    id: s.id,
    href: paths.sittings.show(s.id),
    time: formatTime(s.startsAt),
    courtroom: s.courtroom,
    booked: s.booked,
    capacity: s.capacity,
    full: s.booked >= s.capacity,
    bookedText: `${s.booked} of ${s.capacity} booked`,
  }
}

/** For a select of sittings: "Thursday 6 April 2028, 2pm, courtroom 5 — 3 of 4 places free", or "— full". */
export function sittingOption(s: SittingRow): string {
  const free = Math.max(0, s.capacity - s.booked)
  const when = `${formatDate(s.date)}, ${formatTime(s.startsAt)}, courtroom ${s.courtroom}`
  return free === 0
    ? `${when} — full`
    : `${when} — ${free} of ${s.capacity} ${s.capacity === 1 ? 'place' : 'places'} free`
}

export interface CalendarDay {
  date: string
  label: string
  dayOfMonth: number
  inMonth: boolean
  isToday: boolean
  holiday: string | null
  sittings: SittingCard[]
}

function day(
  date: string,
  month: string | null,
  byDate: Map<string, SittingRow[]>,
  holidays: ReadonlyMap<string, string>,
  today: string,
): CalendarDay {
  return {
    date,
    label: formatDate(date),
    dayOfMonth: Number(date.slice(8)),
    inMonth: month === null || date.startsWith(month),
    isToday: date === today,
    holiday: holidays.get(date) ?? null,
    sittings: (byDate.get(date) ?? []).map(sittingCard),
  }
}

function byDateOf(sittings: SittingRow[]): Map<string, SittingRow[]> {
  const map = new Map<string, SittingRow[]>()
  const ordered = [...sittings].sort((a, b) => a.startsAt.localeCompare(b.startsAt))
  for (const s of ordered) map.set(s.date, [...(map.get(s.date) ?? []), s])
  return map
}

/**
 * The weeks of a month, Monday to Friday: review sittings are never at weekends, so the grid
 * leaves Saturday and Sunday out. Days of the months either side are shown but marked.
 */
export function monthGrid(
  month: string,
  sittings: SittingRow[],
  holidays: ReadonlyMap<string, string>,
  today: string,
): { monday: string; days: CalendarDay[] }[] {
  const { from, to } = monthRange(month)
  const byDate = byDateOf(sittings)
  const weeks = []
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) {
    const days = [0, 1, 2, 3, 4].map(i => day(addDays(monday, i), month, byDate, holidays, today))
    if (days.some(d => d.inMonth)) weeks.push({ monday, days })
  }
  return weeks
}

/** Monday to Friday of one week. */
export function weekDays(
  monday: string,
  sittings: SittingRow[],
  holidays: ReadonlyMap<string, string>,
  today: string,
): CalendarDay[] {
  const byDate = byDateOf(sittings)
  return [0, 1, 2, 3, 4].map(i => day(addDays(monday, i), null, byDate, holidays, today))
}

/** "Bench continuity: 7 of 9 reviews (78%)", or null when nothing could be measured. */
/**
 * Continuity of bench on the held hearings shown, as the 2011 evaluation measured it (five of six
 * sites reached 90% partial continuity): null when none had a previous held hearing to compare.
 */
export function continuityText(c: { eligible: number; partial: number; full: number }) {
  if (c.eligible === 0) return null
  const pct = (n: number) => `${Math.round((n / c.eligible) * 100)}%`
  return `Continuity of bench on ${c.eligible} held ${c.eligible === 1 ? 'hearing' : 'hearings'}: at least one member in common with the person’s previous hearing ${c.partial} (${pct(c.partial)}); the same bench ${c.full} (${pct(c.full)}). The 2011 evaluation’s mark: 90% with a member in common.`
}

/** A clerk's own courts first, then the rest, each group by name. */
export function orderCourts<C extends { id: string; name: string }>(courts: C[], mine: readonly string[]): C[] {
  const byName = (a: C, b: C) => a.name.localeCompare(b.name)
  return [
    ...courts.filter(c => mine.includes(c.id)).sort(byName),
    ...courts.filter(c => !mine.includes(c.id)).sort(byName),
  ]
}

export { plural }
