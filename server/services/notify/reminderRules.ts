import type { DigestClerkRow } from '../../data/reminderRepository'
import { addDays, isWorkingDay } from '../../utils/dates'

/**
 * The last day whose report deadlines are "due soon" on `today`: `workingDays` working days ahead
 * (deadlines from now to the end of that day get a reminder).
 */
export function reminderHorizon(today: string, workingDays: number, holidays: ReadonlySet<string>): string {
  let horizon = today
  for (let n = 0; n < workingDays;) {
    horizon = addDays(horizon, 1)
    if (isWorkingDay(horizon, holidays)) n += 1
  }
  return horizon
}

/** A clerk who gets the digest, and the courts it covers (null: every court). */
export interface DigestRecipient {
  userId: string
  email: string
  courtIds: ReadonlySet<string> | null
}

/** One recipient per clerk, from a row per linked court; a clerk linked to no court works for every court. */
export function digestRecipients(rows: DigestClerkRow[]): DigestRecipient[] {
  const byClerk = new Map<string, { email: string; courts: Set<string> | null }>()
  for (const c of rows) {
    const entry = byClerk.get(c.userId) ?? { email: c.email, courts: c.courtId ? new Set<string>() : null }
    if (c.courtId) entry.courts?.add(c.courtId)
    byClerk.set(c.userId, entry)
  }
  return [...byClerk.entries()].map(([userId, c]) => ({ userId, email: c.email, courtIds: c.courts }))
}

/** The sittings at a recipient's courts (every sitting for a clerk of every court). */
export function sittingsAt<T extends { courtId: string }>(courtIds: ReadonlySet<string> | null, sittings: T[]): T[] {
  return sittings.filter(s => !courtIds || courtIds.has(s.courtId))
}
