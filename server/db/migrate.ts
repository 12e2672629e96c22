import type { Knex } from 'knex'
import { migrations } from '../../migrations'
import { ensureChangeTracking } from './changeTracking'

const migrationSource: Knex.MigrationSource<[string, Knex.Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
}

const TRACKING_MIGRATION = '20261209000100_case_data_version'

const options = { migrationSource, tableName: 'knex_migrations' }

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = await db.migrate.latest(options)
  // A table created, or rebuilt by SQLite to alter it, by a migration after the one that brought
  // change tracking in is tracked too. Only after a run that applied something: instances starting
  // together find nothing to apply (knex's lock let one of them do it), so only that one gets here.
  if (applied.length && (await db('knex_migrations').where({ name: TRACKING_MIGRATION }).first('id')))
    await ensureChangeTracking(db)
  return applied
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback(options, true)
}
