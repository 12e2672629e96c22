import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import sqlite3 from 'sqlite3'
import { loadConfig, type DatabaseConfig } from '../server/config'
import { createDb } from '../server/db/createDb'
import { migrateLatest, rollbackAll } from '../server/db/migrate'
import { ROLES, isRole } from '../server/roles'
import { migrations } from '../migrations'

// Operator commands: npm run db:migrate | db:rollback | db:seed | db:backup -- <file> | db:restore -- <file>
// | user:create -- --email … --role admin
async function run(): Promise<number> {
  const [command, ...rest] = process.argv.slice(3)
  const config = loadConfig()
  const out = (line: string) => process.stdout.write(`${line}\n`)
  // Restore works on the files themselves, so it must not hold the database open through knex.
  if (command === 'restore') return restore(rest[0], config.database, out)
  const db = createDb(config.database)
  try {
    if (command === 'migrate') {
      const applied = await migrateLatest(db)
      out(applied.length ? `Applied ${applied.length} migrations` : 'Database is up to date')
      return 0
    }
    if (command === 'rollback') {
      await rollbackAll(db)
      out('Rolled back every migration')
      return 0
    }
    // Loaded only by the commands that need them: backup and restore stay quick and small.
    const services = async () => {
      const [{ createServices }, { createRepositories }, { createLogger }, { systemClock }] = await Promise.all([
        import('../server/services'),
        import('../server/data'),
        import('../server/logger'),
        import('../server/utils/clock'),
      ])
      return createServices({ repos: createRepositories(db), config, clock: systemClock, logger: createLogger('warn') })
    }
    if (command === 'seed') {
      await migrateLatest(db)
      if (!config.seedDemoData) {
        out('Demo data is never seeded in production')
        return 1
      }
      const { seedDemoData } = await import('../seeds/demo')
      out(
        (await seedDemoData(await services(), db))
          ? 'Demo data seeded'
          : 'The database already has users: demo data not seeded',
      )
      return 0
    }
    if (command === 'backup') {
      const file = rest[0]
      if (!file) throw new Error('Usage: npm run db:backup -- <file>')
      if (config.database.client !== 'sqlite3')
        throw new Error('db:backup copies the SQLite file; on PostgreSQL use pg_dump')
      const target = path.resolve(file)
      if (fs.existsSync(target)) throw new Error(`${target} already exists`)
      // VACUUM INTO is SQLite's online backup: a consistent copy while the app keeps running.
      await db.raw('VACUUM INTO ?', [target])
      out(`Backed up to ${target}`)
      return 0
    }
    if (command === 'user:create') {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          role: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
        },
      })
      if (!values.email || !isRole(values.role))
        throw new Error(`Usage: npm run user:create -- --email you@example.org --role ${ROLES.join('|')} [--name "…"]`)
      await migrateLatest(db)
      const password = values.password ?? process.env.NEW_USER_PASSWORD
      if (!password)
        throw new Error('Give the first password in NEW_USER_PASSWORD (kept out of shell history) or --password')
      const user = await (
        await services()
      ).users.createWithPassword(
        { email: values.email, name: values.name ?? values.email, role: values.role },
        password,
        true,
      )
      out(`Created ${user.role} ${user.email}; they must choose a new password at first sign-in`)
      return 0
    }
    throw new Error('Commands: migrate, rollback, seed, backup <file>, restore <file>, user:create --email … --role …')
  } finally {
    await db.destroy()
  }
}

type Sqlite = sqlite3.Database

const openSqlite = (file: string, mode: number) =>
  new Promise<Sqlite>((resolve, reject) => {
    const conn: Sqlite = new sqlite3.Database(file, mode, err => (err ? reject(err) : resolve(conn)))
  })
const query = <T>(conn: Sqlite, sql: string) =>
  new Promise<T[]>((resolve, reject) =>
    conn.all(sql, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))),
  )
const closeSqlite = (conn: Sqlite) =>
  new Promise<void>((resolve, reject) => conn.close(err => (err ? reject(err) : resolve())))

/** Why this file must not become the database, or nothing when it is a sound backup of this service. */
async function backupProblems(file: string): Promise<string[]> {
  let conn: Sqlite
  try {
    conn = await openSqlite(file, sqlite3.OPEN_READONLY)
  } catch (err) {
    return [`cannot open it as SQLite (${err instanceof Error ? err.message : String(err)})`]
  }
  try {
    const integrity = (await query<{ integrity_check: string }>(conn, 'PRAGMA integrity_check')).map(
      r => r.integrity_check,
    )
    if (integrity.join() !== 'ok') return [`integrity check failed: ${integrity.slice(0, 5).join('; ')}`]
    const orphans = await query(conn, 'PRAGMA foreign_key_check')
    if (orphans.length) return [`${orphans.length} rows point at rows that are not there (foreign_key_check)`]
    const hasMigrations = await query(
      conn,
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'knex_migrations'",
    )
    if (!hasMigrations.length) return ['it is not a database of this service (no knex_migrations table)']
    const known = new Set(migrations.map(([name]) => name))
    const applied = (await query<{ name: string }>(conn, 'SELECT name FROM knex_migrations')).map(r => r.name)
    const unknown = applied.filter(name => !known.has(name))
    if (unknown.length) return [`it was made by a newer version of the service (migrations ${unknown.join(', ')})`]
    if (!applied.length) return ['it has no migrations applied']
    return []
  } catch (err) {
    return [`cannot read it (${err instanceof Error ? err.message : String(err)})`]
  } finally {
    await closeSqlite(conn)
  }
}

/**
 * Puts a backup in place of the configured SQLite database, refusing whenever unsure: the backup
 * must pass integrity and foreign-key checks and come from this service; the live database must
 * not be open in another process (the app must be stopped); the old file is kept beside it.
 */
async function restore(file: string | undefined, database: DatabaseConfig, out: (line: string) => void) {
  if (!file) throw new Error('Usage: npm run db:restore -- <backup file> (stop the app first)')
  if (database.client !== 'sqlite3')
    throw new Error('db:restore replaces the SQLite file; on PostgreSQL use pg_restore')
  if (database.filename === ':memory:') throw new Error('DATABASE_URL points at an in-memory database')
  const source = path.resolve(file)
  const target = database.filename
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) throw new Error(`${source} is not a file`)
  if (fs.existsSync(target) && fs.realpathSync(source) === fs.realpathSync(target))
    throw new Error('The backup is the live database itself')
  const problems = await backupProblems(source)
  if (problems.length) throw new Error(`Not restored: ${source}: ${problems.join('; ')}`)

  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  fs.mkdirSync(path.dirname(target), { recursive: true })
  // Copy next to the target first (same file system, so the final rename is atomic), then check the copy.
  const incoming = `${target}.restoring-${process.pid}`
  fs.copyFileSync(source, incoming, fs.constants.COPYFILE_EXCL)
  const fd = fs.openSync(incoming, 'r+')
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  const copyProblems = await backupProblems(incoming)
  if (copyProblems.length) {
    fs.rmSync(incoming, { force: true })
    throw new Error(`Not restored: the copy of the backup failed its checks: ${copyProblems.join('; ')}`)
  }

  let kept: string | null = null
  if (fs.existsSync(target)) {
    // Leaving WAL mode needs every other connection gone, so this also proves the app is stopped;
    // it folds the write-ahead log into the file, so the file kept aside is complete on its own.
    const live = await openSqlite(target, sqlite3.OPEN_READWRITE)
    try {
      const [mode] = await query<{ journal_mode: string }>(live, 'PRAGMA journal_mode = DELETE')
      if (mode?.journal_mode !== 'delete') throw new Error(`journal mode is still ${mode?.journal_mode}`)
    } catch (err) {
      fs.rmSync(incoming, { force: true })
      throw new Error(
        `Not restored: ${target} is in use (${err instanceof Error ? err.message : String(err)}). Stop the app first.`,
      )
    } finally {
      await closeSqlite(live)
    }
    kept = `${target}.before-restore-${stamp}`
    fs.renameSync(target, kept)
  }
  // A log or shared-memory file left beside the target would be replayed into the restored file.
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, `${kept ?? target}${suffix}.stale-${stamp}`)
  }
  fs.renameSync(incoming, target)
  const dir = fs.openSync(path.dirname(target), 'r')
  fs.fsyncSync(dir)
  fs.closeSync(dir)
  out(`Restored ${source} to ${target}`)
  if (kept) out(`The database it replaced is kept at ${kept}`)
  out('Start the app: it applies any newer migrations on start.')
  return 0
}

run().then(
  code => process.exit(code),
  err => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  },
)
