import { DateTime } from 'luxon'
import type { Role } from '../../roles'
import { paths } from '../../paths'

/** How far the feed reaches: recent hearings stay visible for a month, and a year ahead is listed. */
export const FEED_DAYS_BEFORE = 30
export const FEED_MONTHS_AHEAD = 12

/** The instants a feed read at `now` lists hearings between. */
export function feedWindow(now: Date): { from: string; to: string } {
  const today = DateTime.fromJSDate(now, { zone: 'utc' })
  return {
    from: today.minus({ days: FEED_DAYS_BEFORE }).toISO()!,
    to: today.plus({ months: FEED_MONTHS_AHEAD }).toISO()!,
  }
}

/** The page a feed entry opens: the one each role works on for that hearing. */
export function feedEntryPath(role: Role, row: { reviewId: string; sittingId: string }): string {
  return role === 'probation'
    ? paths.reports.edit(row.reviewId)
    : role === 'provider'
      ? paths.provider.update(row.reviewId)
      : role === 'sentencer'
        ? paths.packs.review(row.reviewId)
        : paths.sittings.show(row.sittingId)
}
