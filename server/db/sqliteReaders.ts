import type { Knex } from 'knex'

/** Read-only connections beside SQLite's one writer (WAL lets them read while it writes). */
export const READERS = 3

type Builder = {
  _method?: string
  _connection?: unknown
  sql?: unknown
  _single?: { lock?: unknown }
}
interface RunnableClient {
  runner(builder: Builder): unknown
  emit(event: string, ...args: unknown[]): boolean
  on(event: string, listener: (...args: unknown[]) => void): unknown
}

const READ_METHODS = new Set(['select', 'first', 'pluck'])

/** A query that only reads: a select built with knex, or a raw statement that starts with SELECT. */
export function isRead(builder: Builder): boolean {
  if (builder._connection) return false
  if (typeof builder._method === 'string') return READ_METHODS.has(builder._method) && !builder._single?.lock
  return typeof builder.sql === 'string' && /^\s*select\b/i.test(builder.sql)
}

/**
 * Sends the database's reads that run outside a transaction to `readers`, a pool of read-only
 * connections to the same file, instead of queueing them behind the writer's one connection (knex
 * gives sqlite3 one). Everything in a transaction runs on the transaction's own connection, as before:
 * knex builds a transaction's client afresh from the dialect's prototype, so this routing is not
 * inherited by it. With WAL a read started after a commit sees it, so a request reads its own writes.
 * The readers' queries are reported on the database's own events (query counts, logs).
 */
export function routeReads(db: Knex, readers: Knex): void {
  const client = db.client as unknown as RunnableClient
  const readClient = readers.client as unknown as RunnableClient
  const runner = client.runner.bind(client)
  client.runner = builder => (isRead(builder) ? readClient.runner(builder) : runner(builder))
  for (const event of ['start', 'query', 'query-error', 'query-response'])
    readClient.on(event, (...args) => client.emit(event, ...args))
}
