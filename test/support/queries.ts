import type { Knex } from 'knex'

/** The SQL of every statement `db` runs while `work` does, in order (for counting, or looking for one). */
export async function queriesDuring(db: Knex, work: () => Promise<unknown>): Promise<string[]> {
  const sql: string[] = []
  const listener = (q: { sql: string }) => sql.push(q.sql)
  db.on('query', listener)
  try {
    await work()
  } finally {
    db.off('query', listener)
  }
  return sql
}
