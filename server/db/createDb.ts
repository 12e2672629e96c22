import fs from 'node:fs'
import path from 'node:path'
import knex, { Knex } from 'knex'
import type { DatabaseConfig } from '../config'

type SqliteConnection = { run(sql: string, cb: (err: Error | null) => void): void }

// The only knex() call. SQLite is the embedded default: one connection (knex's rule for sqlite3),
// WAL for concurrent readers, synchronous=FULL because these are court records.
export function createDb(config: DatabaseConfig): Knex {
  if (config.client === 'pg') {
    return knex({
      client: 'pg',
      connection: config.connectionString,
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 10000,
    })
  }
  if (config.filename !== ':memory:') fs.mkdirSync(path.dirname(config.filename), { recursive: true })
  return knex({
    client: 'sqlite3',
    connection: { filename: config.filename },
    useNullAsDefault: true,
    acquireConnectionTimeout: 60000,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        const pragmas = [
          'PRAGMA foreign_keys = ON',
          'PRAGMA journal_mode = WAL',
          'PRAGMA synchronous = FULL',
          'PRAGMA busy_timeout = 5000',
        ]
        const next = (i: number): void => {
          if (i === pragmas.length) return done(null, conn)
          conn.run(pragmas[i], err => (err ? done(err, conn) : next(i + 1)))
        }
        next(0)
      },
    },
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
