import type { Knex } from 'knex'

/** The cache_version row every change to case data raises (server/data/caseDataCache.ts reads it). */
export const CASE_DATA = 'case_data'

/**
 * Tables whose rows change without changing what any page shows: the record of who read what (a row
 * for every page read), sessions, sign-in attempts, one-time form ids, the email outbox the worker
 * works through, API tokens and recovery codes, the retention job's runs, the schema's own
 * bookkeeping, and cache_version itself (its trigger would raise itself). Every other table, those
 * later migrations add included, is tracked: a table left out by mistake would let a page be served
 * from a copy older than the data, so the list is of tables known to be safe to leave out, not the reverse.
 */
export const UNTRACKED = new Set([
  'audit_event',
  'session',
  'sign_in_attempt',
  'form_submission',
  'email_outbox',
  'api_token',
  'mfa_recovery_code',
  'retention_run',
  'cache_version',
  'knex_migrations',
  'knex_migrations_lock',
  'sqlite_sequence',
])

const OPERATIONS = ['insert', 'update', 'delete'] as const

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`

/** The tables this database has that are tracked: every base table but the UNTRACKED ones. */
export async function trackedTables(db: Knex): Promise<string[]> {
  const rows: { name: string }[] =
    db.client.config.client === 'pg'
      ? (
          await db.raw(
            `select table_name as name from information_schema.tables
             where table_schema = current_schema() and table_type = 'BASE TABLE'`,
          )
        ).rows
      : await db.raw(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
  return rows
    .map(r => r.name)
    .filter(name => !UNTRACKED.has(name))
    .sort()
}

/**
 * Every change to a tracked table raises cache_version's 'case_data' row in the same transaction, by a
 * trigger the database runs itself: no code path, raw SQL included, can change case data without it,
 * and a rolled-back change raises nothing. Called by the migration that brought it in and again after
 * every migration run (server/db/migrate.ts), so a table a later migration creates, or one SQLite
 * rebuilds to alter it (which drops its triggers), is tracked too. Idempotent.
 *
 * SQLite has one writer at a time, so its row triggers simply add one. PostgreSQL runs transactions
 * side by side: there the raise is a constraint trigger deferred to COMMIT and done once a transaction
 * (a transaction-local setting remembers it), so the row's lock is taken last and held only while
 * committing: no transaction waits for it while holding locks another needs (no deadlock), and a bulk
 * load raises it once, not once a row. TRUNCATE fires no row trigger, so it has a statement trigger.
 */
export async function ensureChangeTracking(db: Knex): Promise<void> {
  await db('cache_version').insert({ name: CASE_DATA, version: 1 }).onConflict('name').ignore()
  const tables = await trackedTables(db)
  if (db.client.config.client !== 'pg') {
    for (const table of tables)
      for (const op of OPERATIONS)
        await db.raw(
          `create trigger if not exists ${quoted(`case_data_${op}_${table}`)} after ${op} on ${quoted(table)}
           begin update cache_version set version = version + 1 where name = '${CASE_DATA}'; end`,
        )
    return
  }
  await db.raw(`
    create or replace function bump_case_data() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('drr.case_data_raised', true), '') <> 'on' then
        update cache_version set version = version + 1 where name = '${CASE_DATA}';
        perform set_config('drr.case_data_raised', 'on', true);
      end if;
      return null;
    end $$`)
  const existing = new Set<string>(
    (
      await db.raw(
        `select tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid
         join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema()`,
      )
    ).rows.map((r: { tgname: string }) => r.tgname),
  )
  for (const table of tables) {
    const change = `case_data_change_${table}`
    const truncate = `case_data_truncate_${table}`
    if (!existing.has(change))
      await db.raw(
        `create constraint trigger ${quoted(change)} after insert or update or delete on ${quoted(table)}
         deferrable initially deferred for each row execute function bump_case_data()`,
      )
    if (!existing.has(truncate))
      await db.raw(
        `create trigger ${quoted(truncate)} after truncate on ${quoted(table)}
         for each statement execute function bump_case_data()`,
      )
  }
}

/** Takes the triggers away again (the migration's down). */
export async function dropChangeTracking(db: Knex): Promise<void> {
  const tables = await trackedTables(db)
  for (const table of tables) {
    if (db.client.config.client === 'pg') {
      await db.raw(`drop trigger if exists ${quoted(`case_data_change_${table}`)} on ${quoted(table)}`)
      await db.raw(`drop trigger if exists ${quoted(`case_data_truncate_${table}`)} on ${quoted(table)}`)
    } else for (const op of OPERATIONS) await db.raw(`drop trigger if exists ${quoted(`case_data_${op}_${table}`)}`)
  }
  if (db.client.config.client === 'pg') await db.raw('drop function if exists bump_case_data()')
  await db('cache_version').where({ name: CASE_DATA }).del()
}
