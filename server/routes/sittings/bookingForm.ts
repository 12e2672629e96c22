import { num, str } from '../forms'

type Body = Record<string, unknown>

export type BookingChange = 'move' | 'adjourn' | 'vacate'

/**
 * Move, adjourn and vacate forms: the sitting chosen, the reason and the version of the review the
 * clerk was looking at. Adjourning without choosing a sitting lets the scheduler pick the next one.
 */
export function parseBookingForm(body: Body, change: BookingChange) {
  const sittingId = str(body.sittingId)
  const reason = str(body.reason)
  const version = num(body.version)
  const input = change === 'vacate' ? { reason, version } : { sittingId: sittingId || undefined, reason, version }
  return { input, values: change === 'vacate' ? { reason } : { sittingId, reason } }
}
