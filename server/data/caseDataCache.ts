import { deepFreeze } from '../utils/freeze'
import type { CacheVersionRepository } from './cacheVersionRepository'

/** How long what was read stays true: until this instant (UTC ISO), or null for as long as the data. */
export type Until = string | null

interface Entry {
  version: number
  until: Until
  value: unknown
}

/**
 * What a page reads, kept in memory while the case data under it is unchanged. Each entry carries
 * the case-data version (cache_version's 'case_data' row, which the database raises in the
 * transaction of every change to a tracked table: server/db/changeTracking.ts) it was read at; a
 * read first reads the version (one primary-key lookup; for a page read, the version its session's
 * statement read a moment before, `readBefore`) and uses its copy only when that is the same,
 * so a change made through any instance, worker or job is seen on the very next read. A value that
 * depends on the time as well (a report that becomes overdue when its due time passes) also says
 * until when it holds.
 *
 * The version is read before the data, so data read while a change commits is tagged with the older
 * version and read again next time, never kept stale. Least recently used entries go first beyond
 * `max`. What is kept is what a page would read: the caller checks who may see it on every read, and
 * records the read in the audit trail, as it would without the copy.
 */
export function createCaseDataCache(
  versions: Pick<CacheVersionRepository, 'version'>,
  max: number,
  /** The version already read in this request before any of its data (with its session), if any: used once. */
  readBefore: () => number | undefined = () => undefined,
) {
  const entries = new Map<string, Entry>()
  let hits = 0
  let misses = 0
  return {
    async get<T>(key: string, now: string, load: () => Promise<{ value: T; until: Until }>): Promise<T> {
      const version = readBefore() ?? (await versions.version('case_data'))
      const kept = entries.get(key)
      if (kept && kept.version === version && (kept.until === null || now < kept.until)) {
        hits += 1
        // Most recently used last: the first in the map is the one to let go.
        entries.delete(key)
        entries.set(key, kept)
        return kept.value as T
      }
      misses += 1
      const { value, until } = await load()
      // One copy serves every reader: nothing may change it in place (a TypeError in strict code).
      deepFreeze(value)
      // Two reads in flight: the one that saw the later version is the one kept.
      const current = entries.get(key)
      if (!current || version >= current.version) {
        entries.delete(key)
        entries.set(key, { version, until, value })
        if (entries.size > max) entries.delete(entries.keys().next().value as string)
      }
      return value
    },

    /** How many entries are kept, and how reads have gone (for the bench and the tests). */
    stats() {
      return { size: entries.size, max, hits, misses }
    },
  }
}

export type CaseDataCache = ReturnType<typeof createCaseDataCache>

/** The earliest of the instants after `now` (UTC ISO), or null when none is: when a value read at `now` stops holding. */
export function firstAfter(now: string, instants: (string | null | undefined)[]): Until {
  let first: string | null = null
  for (const at of instants) if (at && at > now && (first === null || at < first)) first = at
  return first
}
