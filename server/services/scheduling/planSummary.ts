import { formatDate } from '../../utils/dates'
import { plural } from '../../content/labels'

export interface PlanSummary {
  reviews: number
  listed: number
  unlisted: number
  /** The last review's date (its sitting's, or the date it is due when it waits for one). */
  lastOn: string | null
  /** The court's last open sitting: reviews due after it wait for sittings to be set up. */
  sittingsUntil: string | null
  /** The last year the bank holiday list covers, when the plan reaches past it. */
  bankHolidaysUntil: string | null
  /** The plan in a sentence, as the clerk sees it before saving. */
  message: string
  warnings: string[]
}

/**
 * A plan in words, before it is saved: "16 reviews, the last on Tuesday 13 July 2027; 2 cannot be
 * listed yet because the court has no sittings after 29 June 2027". Also warns when the plan reaches
 * past the last year of the bank holiday list (those dates may fall on a bank holiday not yet known).
 */
export function planSummary(
  rows: ReadonlyArray<{ reviewDate: string; sittingId: string | null; status: string; mode: string }>,
  opts: { sittingsUntil: string | null; lastBankHoliday: string | null },
): PlanSummary {
  const listed = rows.filter(r => r.sittingId).length
  const waiting = rows.filter(r => r.status === 'unlisted')
  const lastOn = rows.length ? rows[rows.length - 1].reviewDate : null
  const parts = [
    rows.length ? `${plural(rows.length, 'review', 'reviews')}, the last on ${formatDate(lastOn!)}` : 'No reviews',
  ]
  if (waiting.length) {
    const beyond = waiting.filter(r => !opts.sittingsUntil || r.reviewDate > opts.sittingsUntil).length
    const full = waiting.length - beyond
    const why: string[] = []
    if (beyond)
      why.push(
        opts.sittingsUntil
          ? `${beyond === waiting.length ? '' : `${beyond} `}because the court has no sittings after ${formatDate(opts.sittingsUntil)}`
          : `${beyond === waiting.length ? '' : `${beyond} `}because the court has no sittings set up yet`,
      )
    if (full) why.push(`${full === waiting.length ? '' : `${full} `}because the sittings that could take them are full`)
    parts.push(`${plural(waiting.length, 'cannot', 'cannot')} be listed yet ${why.join(' and ')}`)
  }
  const holidaysYear = opts.lastBankHoliday?.slice(0, 4) ?? null
  const pastHolidays = holidaysYear !== null && lastOn !== null && lastOn > `${holidaysYear}-12-31`
  const warnings = pastHolidays
    ? [
        `Bank holidays are known only to the end of ${holidaysYear}: reviews after that may fall on a bank holiday not yet listed. An administrator can upload the newer list.`,
      ]
    : []
  return {
    reviews: rows.length,
    listed,
    unlisted: waiting.length,
    lastOn,
    sittingsUntil: opts.sittingsUntil,
    bankHolidaysUntil: pastHolidays ? holidaysYear : null,
    message: parts.join('; '),
    warnings,
  }
}
