import type { AttemptStats, AttemptWindows } from '../../data/signInAttemptRepository'

/**
 * How long a sign-in must wait (OWASP ASVS 5.0 6.3.1: brute force and credential stuffing), from the
 * failures counted so far. Three counters, each with its own reason:
 *
 * - the pair (this account from this address): the first 5 failures are free, then each waits
 *   15 s, 30 s, 1 min, ... up to 15 minutes after the last: one guesser is slowed to a crawl;
 * - the account (from every address): from 10 failures, 5 s, 10 s, ... but never more than a minute,
 *   so nobody can lock the owner out from another address for longer than that;
 * - the address (across every account): 50 failures in 15 minutes and it waits 15 minutes from the
 *   last: one machine trying many accounts (credential stuffing) stops.
 */
export const PAIR_FREE = 5
export const PAIR_BASE_MS = 15_000
export const PAIR_MAX_MS = 15 * 60_000
export const PAIR_WINDOW_MS = 60 * 60_000
export const ACCOUNT_FREE = 10
export const ACCOUNT_BASE_MS = 5_000
export const ACCOUNT_MAX_MS = 60_000
export const ACCOUNT_WINDOW_MS = 15 * 60_000
export const ADDRESS_LIMIT = 50
export const ADDRESS_WINDOW_MS = 15 * 60_000

export type ThrottleReason = 'pair' | 'account' | 'address'

export interface Wait {
  /** Milliseconds still to wait; 0 when the attempt may go ahead. */
  ms: number
  reason: ThrottleReason | null
}

const growing = (failures: number, free: number, base: number, max: number) =>
  failures < free ? 0 : Math.min(max, base * 2 ** Math.min(failures - free, 30))

const remaining = (delay: number, lastAt: string | null, nowMs: number) =>
  delay === 0 || !lastAt ? 0 : Math.max(0, delay - (nowMs - Date.parse(lastAt)))

/** The longest of the three waits, and which counter set it. */
export function throttleWait(stats: AttemptStats, nowMs: number): Wait {
  const waits: Wait[] = [
    {
      reason: 'pair',
      ms: remaining(growing(stats.pair.count, PAIR_FREE, PAIR_BASE_MS, PAIR_MAX_MS), stats.pair.lastAt, nowMs),
    },
    {
      reason: 'account',
      ms: remaining(
        growing(stats.account.count, ACCOUNT_FREE, ACCOUNT_BASE_MS, ACCOUNT_MAX_MS),
        stats.account.lastAt,
        nowMs,
      ),
    },
    {
      reason: 'address',
      ms: remaining(stats.address.count >= ADDRESS_LIMIT ? ADDRESS_WINDOW_MS : 0, stats.address.lastAt, nowMs),
    },
  ]
  const longest = waits.reduce((a, b) => (b.ms > a.ms ? b : a))
  return longest.ms > 0 ? longest : { ms: 0, reason: null }
}

/** The moments each counter counts from. */
export function attemptWindows(nowMs: number): AttemptWindows {
  const since = (ms: number) => new Date(nowMs - ms).toISOString()
  return {
    pairSince: since(PAIR_WINDOW_MS),
    accountSince: since(ACCOUNT_WINDOW_MS),
    addressSince: since(ADDRESS_WINDOW_MS),
  }
}

/** "Wait 30 seconds", "Wait 2 minutes": the message says how long, rounded up. */
export function waitWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000))
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`
}
