import type { Knex } from 'knex'
import { isPostgres } from '../db/createDb'
import { PERSON_LINKED_TABLES, type PersonLinkedTable } from './personLinkedTables'

const BY_TABLE = new Map(PERSON_LINKED_TABLES.map(t => [t.table, t]))

/**
 * The query for one person's rows of a listed table: the table's rows whose link column names the
 * person, or names a row of its parent that is the person's (a chain of subqueries up to `person`).
 */
export function personRowsQuery(k: Knex, entry: PersonLinkedTable, personId: string): Knex.QueryBuilder {
  if (entry.table === 'person') return k('person').where('id', personId)
  if (entry.via.parent === 'person') return k(entry.table).where(entry.via.column, personId)
  const parent = BY_TABLE.get(entry.via.parent)
  if (!parent) throw new Error(`${entry.table}: its parent ${entry.via.parent} is not a person-linked table`)
  return k(entry.table).whereIn(entry.via.column, personRowsQuery(k, parent, personId).select(`${parent.table}.id`))
}

/** The database's tables, for a list that names tables other migrations add (a table not there yet is skipped). */
export async function tablesPresent(k: Knex): Promise<Set<string>> {
  const rows = isPostgres(k)
    ? (await k('information_schema.tables').where('table_schema', k.raw('current_schema()')).select('table_name')).map(
        r => r.table_name as string,
      )
    : (await k('sqlite_master').where('type', 'table').select('name')).map(r => r.name as string)
  return new Set(rows)
}

/** A per-repository cache of the tables present (the schema only changes by migration, before start). */
export function cachedTables(db: Knex) {
  let present: Promise<Set<string>> | null = null
  return (k: Knex = db) => (present ??= tablesPresent(k))
}
