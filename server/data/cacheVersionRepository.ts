import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'

/** What an instance may keep in memory, each with its row in cache_version. */
export type CacheName = 'bank_holidays' | 'case_data'

/**
 * The version of each thing an instance keeps in memory. Several instances (and workers) share one
 * database: a change bumps the version in its own transaction, and every instance reads the version
 * before it uses its copy, so a change made through one is seen by all of them on their next use.
 */
export function createCacheVersionRepository(db: Knex) {
  return {
    /** The current version: one primary-key lookup. 0 when the row is missing. */
    async version(name: CacheName, tx?: TxLike): Promise<number> {
      const row = await conn(db, tx)('cache_version').where({ name }).first('version')
      return row ? Number(row.version) : 0
    },

    /** Raises the version: call it in the transaction of the change, so both commit together. */
    async bump(name: CacheName, tx?: TxLike): Promise<void> {
      const trx = conn(db, tx)
      const updated = await trx('cache_version')
        .where({ name })
        .update({ version: trx.raw('version + 1') })
      if (!updated) await trx('cache_version').insert({ name, version: 1 }).onConflict('name').ignore()
    },
  }
}

export type CacheVersionRepository = ReturnType<typeof createCacheVersionRepository>

/**
 * A value kept in memory and used only while the database says it is current. The version is read
 * before the value, so a change committed between the two reads leaves a copy tagged with the older
 * version: it is read again on the next use, never kept stale.
 */
export function versionedCache<T extends object>(
  versions: CacheVersionRepository,
  name: CacheName,
  load: (tx?: TxLike) => Promise<T>,
) {
  let kept: { version: number; value: T } | null = null
  return {
    async get(tx?: TxLike): Promise<T> {
      const version = await versions.version(name, tx)
      if (kept && kept.version === version) return kept.value
      const value = await load(tx)
      // Two reads in flight: the one that saw the later version is the one kept.
      if (!kept || version >= kept.version) kept = { version, value }
      return value
    },
  }
}
