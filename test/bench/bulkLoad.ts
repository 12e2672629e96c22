import type { Knex } from 'knex'
import { isPostgres } from '../../server/db/createDb'

export type Value = string | number | boolean | null

interface Table {
  name: string
  columns: string[]
  rows: Value[][]
}

interface Connection {
  insert(table: Table, rows: Value[][]): Promise<void>
  chunk(table: Table): number
  commit(): Promise<void>
  finish(): Promise<void>
}

type SqliteDatabase = {
  exec(sql: string, cb: (err: Error | null) => void): void
  all(sql: string, cb: (err: Error | null, rows: Record<string, unknown>[]) => void): void
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement
}
type SqliteStatement = {
  run(params: Value[], cb: (err: Error | null) => void): void
  finalize(cb: () => void): void
}
type PgClient = { query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> }

const callback =
  <T>(resolve: (v: T) => void, reject: (e: Error) => void) =>
  (err: Error | null, value?: T) =>
    err ? reject(err) : resolve(value as T)

/**
 * SQLite: one INSERT … SELECT FROM json_each(?) per chunk, prepared once per table, in large
 * transactions, with foreign keys and syncing off for the load only (the connection's own settings
 * are put back after). Indexes stay in place, so they grow as they would in service.
 */
async function sqliteConnection(conn: SqliteDatabase): Promise<Connection> {
  const exec = (sql: string) => new Promise<void>((resolve, reject) => conn.exec(sql, callback(resolve, reject)))
  const pragma = async (name: string) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) =>
      conn.all(`PRAGMA ${name}`, callback(resolve, reject)),
    ).then(rows => Object.values(rows[0] ?? {})[0])
  const before = {
    foreign_keys: await pragma('foreign_keys'),
    synchronous: await pragma('synchronous'),
    cache_size: await pragma('cache_size'),
  }
  await exec('PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; BEGIN')
  // Each chunk goes in as one JSON text that SQLite takes apart itself: binding thousands of values
  // one by one costs the sqlite3 driver more, on the main thread, than generating them does.
  const statements = new Map<string, SqliteStatement>()
  const statement = (table: Table) => {
    let s = statements.get(table.name)
    if (!s) {
      const values = table.columns.map((_c, i) => `value ->> ${i}`).join(', ')
      const sql = `INSERT INTO "${table.name}" (${table.columns.map(c => `"${c}"`).join(', ')}) SELECT ${values} FROM json_each(?)`
      // A statement that fails to prepare reports the error to each run as well.
      s = conn.prepare(sql, () => undefined)
      statements.set(table.name, s)
    }
    return s
  }
  return {
    chunk: () => 5000,
    insert: (table, rows) =>
      new Promise<void>((resolve, reject) => statement(table).run([JSON.stringify(rows)], callback(resolve, reject))),
    commit: () => exec('COMMIT; BEGIN'),
    async finish() {
      await exec('COMMIT')
      await Promise.all([...statements.values()].map(s => new Promise<void>(resolve => s.finalize(resolve))))
      await exec(
        `PRAGMA foreign_keys = ${before.foreign_keys}; PRAGMA synchronous = ${before.synchronous}; PRAGMA cache_size = ${before.cache_size}`,
      )
    },
  }
}

/**
 * PostgreSQL: one INSERT … SELECT FROM unnest(…) per chunk, an array per column, so a chunk of
 * thousands of rows is one statement with a handful of parameters. Foreign-key triggers are off for
 * the session when the user may do that (a superuser); otherwise parents are written first anyway.
 * Indexes stay in place, so they grow as they would in service.
 */
async function pgConnection(conn: PgClient): Promise<Connection> {
  const types = new Map<string, Map<string, string>>()
  const { rows } = await conn.query(
    `SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema()`,
  )
  for (const r of rows) {
    const t = types.get(String(r.table_name)) ?? new Map<string, string>()
    t.set(String(r.column_name), String(r.udt_name))
    types.set(String(r.table_name), t)
  }
  await conn.query('SET synchronous_commit = off')
  await conn.query('SET session_replication_role = replica').catch(() => undefined)
  await conn.query('BEGIN')
  return {
    chunk: () => 5000,
    async insert(table, chunk) {
      const columnTypes = types.get(table.name)!
      const arrays = table.columns.map((_c, i) => chunk.map(r => r[i]))
      const casts = table.columns.map((c, i) => `$${i + 1}::${columnTypes.get(c)}[]`)
      await conn.query(
        `INSERT INTO "${table.name}" (${table.columns.map(c => `"${c}"`).join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`,
        arrays,
      )
    },
    async commit() {
      await conn.query('COMMIT')
      await conn.query('BEGIN')
    },
    async finish() {
      await conn.query('COMMIT')
      await conn.query('RESET session_replication_role').catch(() => undefined)
      await conn.query('RESET synchronous_commit')
      // Statistics and the visibility map, as autovacuum would leave a database that had grown to this size.
      await conn.query('VACUUM ANALYZE')
    },
  }
}

/**
 * Writes large generated tables fast, on one connection taken from knex's pool for the whole load.
 * Rows are buffered per table; `drain()` writes every table in the order they were declared
 * (parents before children) once any buffer is full.
 */
export async function startBulkLoad(db: Knex) {
  const client = db.client as {
    acquireConnection(): Promise<unknown>
    releaseConnection(c: unknown): Promise<void>
  }
  const raw = await client.acquireConnection()
  const conn = isPostgres(db) ? await pgConnection(raw as PgClient) : await sqliteConnection(raw as SqliteDatabase)
  const tables: Table[] = []
  const counts = new Map<string, number>()
  let sinceCommit = 0
  // Writes run one after another on the connection while the next rows are generated (the database
  // works on its own thread or process); at most 32 chunks wait.
  let tail: Promise<void> = Promise.resolve()
  const pending: Promise<void>[] = []
  const enqueue = (work: () => Promise<void>) => {
    tail = tail.then(work)
    tail.catch(() => undefined) // reported where it is awaited
    pending.push(tail)
  }
  const waitFor = async (atMost: number) => {
    while (pending.length > atMost) await pending.shift()
  }

  function write(table: Table, all: boolean) {
    const size = conn.chunk(table)
    while (table.rows.length >= size || (all && table.rows.length > 0)) {
      const rows = table.rows.splice(0, size)
      enqueue(() => conn.insert(table, rows))
      counts.set(table.name, (counts.get(table.name) ?? 0) + rows.length)
      sinceCommit += rows.length
    }
  }

  return {
    table(name: string, columns: string[]) {
      const table: Table = { name, columns, rows: [] }
      tables.push(table)
      return {
        add: (...values: Value[]) => {
          table.rows.push(values)
        },
      }
    },
    /** Writes buffered rows once any table has a full chunk; commits every few hundred thousand rows. */
    async drain(): Promise<void> {
      if (!tables.some(t => t.rows.length >= conn.chunk(t))) return
      for (const t of tables) write(t, true)
      if (sinceCommit > 300000) {
        enqueue(() => conn.commit())
        sinceCommit = 0
      }
      await waitFor(32)
    },
    async finish(): Promise<Map<string, number>> {
      try {
        for (const t of tables) write(t, true)
        await waitFor(0)
        await conn.finish()
      } finally {
        await tail.catch(() => undefined)
        await client.releaseConnection(raw)
      }
      return counts
    },
  }
}

export type BulkLoad = Awaited<ReturnType<typeof startBulkLoad>>
