import type { Knex } from 'knex'
import type Database from 'better-sqlite3'

/** How many prepared statements each SQLite connection keeps; the least recently used goes first. */
export const STATEMENTS_KEPT = 200

// Statements worth keeping: those an app runs again and again. Schema changes are prepared each time.
const REUSABLE = /^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/i

interface QueryObject {
  sql?: string
  bindings?: unknown[]
  response?: unknown
  context?: unknown
}

interface SqliteClient {
  _query(connection: Database.Database, obj: QueryObject): Promise<QueryObject>
  _formatBindings(bindings: unknown[] | undefined): unknown[]
}

/**
 * Keeps each SQLite statement prepared on its connection and runs it again with new values, in place
 * of knex's prepare for every query (better-sqlite3 parses the SQL each time it is prepared). Results
 * are knex's own: the rows of a statement that returns rows, otherwise the run's `lastID` and
 * `changes`. better-sqlite3 runs a statement to its end before it returns, so a kept statement holds
 * no lock between uses and is never in use twice at once; it is finalized when the connection closes.
 */
export function keepPreparedStatements(db: Knex, limit = STATEMENTS_KEPT): void {
  const client = db.client as unknown as SqliteClient
  const kept = new WeakMap<Database.Database, Map<string, Database.Statement>>()
  const knexQuery = client._query.bind(client)

  client._query = async (connection, obj) => {
    const sql = obj.sql
    if (!sql || !REUSABLE.test(sql)) return knexQuery(connection, obj)
    let statements = kept.get(connection)
    if (!statements) kept.set(connection, (statements = new Map()))
    let statement = statements.get(sql)
    if (statement) {
      // Most recently used last: the first in the map is the one to let go.
      statements.delete(sql)
    } else {
      statement = connection.prepare(sql)
      if (statements.size >= limit) statements.delete(statements.keys().next().value as string)
    }
    statements.set(sql, statement)
    const bindings = client._formatBindings(obj.bindings)
    if (statement.reader) {
      obj.response = statement.all(bindings)
      return obj
    }
    const result = statement.run(bindings)
    obj.response = result
    obj.context = { lastID: result.lastInsertRowid, changes: result.changes }
    return obj
  }
}
