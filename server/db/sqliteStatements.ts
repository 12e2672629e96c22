import type { Knex } from 'knex'
import type sqlite3 from 'sqlite3'

/** How many prepared statements each SQLite connection keeps; the least recently used goes first. */
export const STATEMENTS_KEPT = 200

// Statements worth keeping: those an app runs again and again. Schema changes are prepared each time.
const REUSABLE = /^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/i

type Statement = sqlite3.Statement & { lastID?: number; changes?: number }

interface QueryObject {
  sql?: string
  bindings?: unknown[]
  method?: string
  returning?: unknown
  response?: unknown
  context?: unknown
}

interface SqliteClient {
  _query(connection: sqlite3.Database, obj: QueryObject): Promise<QueryObject>
  destroyRawConnection(connection: sqlite3.Database): Promise<void>
}

/**
 * Keeps each SQLite statement prepared on its connection and runs it again with new values, in place
 * of knex's prepare-run-finalize for every query. The sqlite3 driver does each of those steps on its
 * thread pool, so a statement used before now costs one trip there instead of two, and SQLite does
 * not parse it again. Results are knex's own: the response rows, or `lastID` and `changes` for runs.
 *
 * A kept statement holds no lock between uses: knex runs every statement to its end (`all`, or `run`
 * for a write without RETURNING), and SQLite ends a statement's part in a transaction when it does.
 * The driver runs one use of a statement at a time, queueing the rest, so overlapping queries within
 * a transaction are safe. The statements are finalized before the connection closes.
 */
export function keepPreparedStatements(db: Knex, limit = STATEMENTS_KEPT): void {
  const client = db.client as unknown as SqliteClient
  const kept = new WeakMap<sqlite3.Database, Map<string, Statement>>()
  const keptOn = (connection: sqlite3.Database) => {
    let statements = kept.get(connection)
    if (!statements) kept.set(connection, (statements = new Map()))
    return statements
  }
  const knexQuery = client._query.bind(client)
  const destroy = client.destroyRawConnection.bind(client)
  // A statement is finalized once, when it is no longer kept and no query is using it.
  const using = new Map<Statement, number>()
  const finalized = new WeakSet<Statement>()
  const finalize = (statement: Statement) =>
    new Promise<void>(resolve => {
      if (finalized.has(statement)) return resolve()
      finalized.add(statement)
      statement.finalize(() => resolve())
    })
  const release = (statements: Map<string, Statement>, sql: string, statement: Statement) => {
    const left = (using.get(statement) ?? 1) - 1
    if (left > 0) {
      using.set(statement, left)
      return
    }
    using.delete(statement)
    if (statements.get(sql) !== statement) void finalize(statement)
  }

  client._query = (connection, obj) => {
    const sql = obj.sql
    if (!sql || !REUSABLE.test(sql)) return knexQuery(connection, obj)
    // As knex's sqlite3 client: writes without RETURNING are `run` (for lastID and changes).
    const write = obj.method === 'insert' || obj.method === 'update'
    const runs = (write && !obj.returning) || obj.method === 'counter' || obj.method === 'del'
    const statements = keptOn(connection)
    return new Promise<QueryObject>((resolve, reject) => {
      const use = (statement: Statement) => {
        using.set(statement, (using.get(statement) ?? 0) + 1)
        const done = function (this: Statement, err: Error | null, rows?: unknown) {
          release(statements, sql, statement)
          if (err) return reject(err)
          obj.response = rows
          obj.context = this
          resolve(obj)
        }
        try {
          if (runs) statement.run(obj.bindings ?? [], done)
          else statement.all(obj.bindings ?? [], done)
        } catch (err) {
          // A value the driver cannot bind is refused before anything runs.
          release(statements, sql, statement)
          reject(err)
        }
      }
      const kept = statements.get(sql)
      if (kept) {
        // Most recently used last: the first in the map is the one to let go.
        statements.delete(sql)
        statements.set(sql, kept)
        return use(kept)
      }
      // Used only once prepared: the driver drops calls queued on a statement that fails to prepare.
      const prepared: Statement = connection.prepare(sql, (err: Error | null) => {
        if (err) return reject(err)
        // Two first uses at once prepare it twice: the second is used once, then finalized.
        if (!statements.has(sql)) {
          statements.set(sql, prepared)
          if (statements.size > limit) {
            const [oldest, old] = statements.entries().next().value as [string, Statement]
            statements.delete(oldest)
            if (!using.has(old)) void finalize(old)
          }
        }
        use(prepared)
      })
    })
  }

  client.destroyRawConnection = async connection => {
    const statements = kept.get(connection)
    if (statements) {
      // sqlite3_close refuses a connection with statements still prepared.
      const all = [...statements.values()]
      statements.clear()
      await Promise.all(all.map(finalize))
    }
    return destroy(connection)
  }
}
