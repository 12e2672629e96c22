import fs from 'node:fs'
import path from 'node:path'
import knex, { Knex } from 'knex'
import sqlite3 from 'sqlite3'
import type { DatabaseConfig } from '../config'
import { keepPreparedStatements } from './sqliteStatements'
import { READERS, routeReads } from './sqliteReaders'
import { inlineSqliteLimits } from './sqliteLimits'

type SqliteConnection = { run(sql: string, cb: (err: Error | null) => void): void }

/** How often committed pages are copied from the write-ahead log into the database file. */
const CHECKPOINT_EVERY_MS = 250

// The only knex() call. SQLite is the embedded default: one connection (knex's rule for sqlite3),
// WAL for concurrent readers (a pool of read-only connections beside it for reads outside a
// transaction), synchronous=FULL because these are court records; foreign keys on every connection.
export function createDb(config: DatabaseConfig): Knex {
  if (config.client === 'pg') {
    return knex({
      client: 'pg',
      connection: config.connectionString,
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 10000,
    })
  }
  inlineSqliteLimits()
  if (config.filename !== ':memory:') fs.mkdirSync(path.dirname(config.filename), { recursive: true })
  const db = sqliteKnex(config.filename, 1, [
    'PRAGMA foreign_keys = ON',
    'PRAGMA journal_mode = WAL',
    'PRAGMA synchronous = FULL',
    'PRAGMA busy_timeout = 5000',
    // 64 MiB of pages kept in memory (SQLite's default is 2 MiB): a national database's indexes
    // are read from here rather than through a system call per page.
    'PRAGMA cache_size = -65536',
    // Pages beyond those are read through a memory map of the file (up to this build's 2 GiB
    // limit) rather than a read() each: on these virtual machines a system call is dear, and
    // every page a query touches outside the cache was one. Writes still go through the log as
    // before. SQLite's caveat: an I/O error while reading the file stops the process instead of
    // failing one query; nothing committed is lost.
    'PRAGMA mmap_size = 2147418112',
    // The checkpointer below copies the log into the database; a commit does it itself only if
    // the log has grown past 40 MiB, so a request rarely pays for a checkpoint.
    'PRAGMA wal_autocheckpoint = 10000',
  ])
  keepPreparedStatements(db)
  beginImmediate(db)
  if (config.filename === ':memory:') return db
  // Reads outside a transaction go to a few read-only connections of their own (sqliteReaders.ts),
  // so a page's queries do not wait behind another request's transaction on the one writer.
  const readers = sqliteKnex(config.filename, READERS, [
    'PRAGMA foreign_keys = ON',
    'PRAGMA query_only = ON',
    'PRAGMA busy_timeout = 5000',
    'PRAGMA cache_size = -16384',
    'PRAGMA mmap_size = 2147418112',
  ])
  keepPreparedStatements(readers)
  routeReads(db, readers)
  const stopCheckpointer = startCheckpointer(config.filename)
  // db.destroy() hands over to the client's destroy: the readers and the checkpointer stop with it.
  const client = db.client as { destroy(callback?: (err?: unknown) => void): Promise<void> }
  const destroy = client.destroy.bind(client)
  client.destroy = (callback?: (err?: unknown) => void) =>
    Promise.all([stopCheckpointer(), readers.destroy()]).then(() => destroy(callback))
  return db
}

type SqliteTransaction = { begin(conn: unknown): unknown; query(conn: unknown, sql: string): unknown }

/**
 * Every transaction takes SQLite's write lock as it begins (BEGIN IMMEDIATE), not at its first write.
 * In one process the one writer connection already runs transactions one at a time; a second process
 * on the same file (`npm run worker`, or a restart overlapping the old process) has its own. A
 * deferred transaction that read, then found the other had committed meanwhile, was refused its write
 * at once with SQLITE_BUSY (its snapshot was stale, so the busy timeout cannot wait it out): a 500.
 * Taking the lock first, the second waits its turn (busy_timeout) instead. Savepoints are unchanged.
 */
function beginImmediate(db: Knex): void {
  const client = db.client as unknown as { transaction(...args: unknown[]): SqliteTransaction }
  const make = client.transaction.bind(client)
  client.transaction = (...args: unknown[]) => {
    const trx = make(...args)
    trx.begin = conn => trx.query(conn, 'BEGIN IMMEDIATE;')
    return trx
  }
}

/**
 * A knex over one SQLite file with `max` connections, each set up with `pragmas` as it opens. The
 * writer has one (knex's rule for sqlite3: SQLite has one writer); the readers' pool opens as used.
 */
function sqliteKnex(filename: string, max: number, pragmas: string[]): Knex {
  return knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    acquireConnectionTimeout: 60000,
    pool: {
      min: max === 1 ? 1 : 0,
      max,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        const next = (i: number): void => {
          if (i === pragmas.length) return done(null, conn)
          conn.run(pragmas[i], err => (err ? done(err, conn) : next(i + 1)))
        }
        next(0)
      },
    },
  })
}

/**
 * Copies committed pages from the write-ahead log into the database file on a connection of its
 * own, off the request path: otherwise the commit that fills the log runs the checkpoint itself,
 * and one booking in a few dozen waits for it. Durability is unchanged: every commit is already
 * synced to the log (synchronous=FULL) before it is acknowledged; this only moves pages along.
 * PASSIVE never waits for readers or writers, and a second process's checkpointer just skips a turn.
 */
function startCheckpointer(filename: string): () => Promise<void> {
  let conn: sqlite3.Database | null = null
  let busy = false
  const timer = setInterval(() => {
    if (busy) return
    busy = true
    const done = () => {
      busy = false
    }
    if (!conn) {
      // Opened once the database exists: the app's own connection creates it and turns WAL on.
      if (!fs.existsSync(filename)) return done()
      conn = new sqlite3.Database(filename, sqlite3.OPEN_READWRITE, err => {
        if (err) conn = null
        done()
      })
      return
    }
    conn.run('PRAGMA wal_checkpoint(PASSIVE)', done)
  }, CHECKPOINT_EVERY_MS)
  timer.unref()
  return () =>
    new Promise<void>(resolve => {
      clearInterval(timer)
      const close = () => (conn ? conn.close(() => resolve()) : resolve())
      // Let a checkpoint in progress finish before the connection closes.
      const wait = () => (busy ? setTimeout(wait, 5) : close())
      wait()
    })
}

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg'
}

/** True for a unique-constraint violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string }
  return e?.code === '23505' || (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(e.message ?? ''))
}
