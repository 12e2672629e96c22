import type { Knex } from 'knex'
import { migrations } from '../../migrations'

const migrationSource: Knex.MigrationSource<[string, Knex.Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
}

const options = { migrationSource, tableName: 'knex_migrations' }

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = await db.migrate.latest(options)
  return applied
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback(options, true)
}
