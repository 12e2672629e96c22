import type { Knex } from 'knex'
import { isPostgres } from '../../../server/db/createDb'
import { PERSON_LINKED_TABLES } from '../../../server/data/personLinkedTables'
import { newId } from '../../../server/utils/ids'

export interface ForeignKey {
  table: string
  column: string
  refTable: string
}

/** Every foreign key in the database, read from its schema (SQLite's pragma, PostgreSQL's catalogue). */
export async function foreignKeys(db: Knex): Promise<ForeignKey[]> {
  if (isPostgres(db)) {
    const { rows } = await db.raw(`
      SELECT tc.table_name AS "table", kcu.column_name AS "column", ccu.table_name AS "refTable"
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu
        ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
      JOIN information_schema.constraint_column_usage ccu
        ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`)
    return rows as ForeignKey[]
  }
  const out: ForeignKey[] = []
  for (const table of await tableNames(db)) {
    const fks = (await db.raw(`PRAGMA foreign_key_list(${JSON.stringify(table)})`)) as { from: string; table: string }[]
    for (const fk of fks) out.push({ table, column: fk.from, refTable: fk.table })
  }
  return out
}

export async function tableNames(db: Knex): Promise<string[]> {
  if (isPostgres(db))
    return (await db('information_schema.tables')
      .where('table_schema', db.raw('current_schema()'))
      .pluck('table_name')) as string[]
  return (await db('sqlite_master')
    .where('type', 'table')
    .whereNot('name', 'like', 'sqlite_%')
    .pluck('name')) as string[]
}

/**
 * The tables whose rows are about one person, derived from the schema alone: `person`, any table with a
 * `person_id` column, and any table with a foreign key to one of these (to a fixed point).
 */
export async function personLinkedFromSchema(db: Knex): Promise<Set<string>> {
  const fks = await foreignKeys(db)
  const linked = new Set(['person'])
  for (const table of await tableNames(db)) if ('person_id' in (await db(table).columnInfo())) linked.add(table)
  for (let grew = true; grew;) {
    grew = false
    for (const fk of fks)
      if (linked.has(fk.refTable) && !linked.has(fk.table)) {
        linked.add(fk.table)
        grew = true
      }
  }
  return linked
}

/** Shared rows a person's rows point at: a court, a sitting, an organisation and a user. */
export async function sharedRows(db: Knex, at: string) {
  const court = { id: newId(), name: `Court ${newId()}`, code: newId().slice(-8), created_at: at }
  await db('court').insert(court)
  const organisation = { id: newId(), name: `Org ${newId()}`, kind: 'provider', created_at: at }
  await db('organisation').insert(organisation)
  const user = {
    id: newId(),
    email: `${newId()}@example.test`,
    name: 'Staff member',
    role: 'clerk',
    password_hash: 'x',
    created_at: at,
    updated_at: at,
  }
  await db('app_user').insert(user)
  const sitting = {
    id: newId(),
    court_id: court.id,
    date: at.slice(0, 10),
    start_time: '10:00',
    starts_at: at,
    courtroom: '1',
    capacity: 10,
    slot_minutes: 20,
    created_at: at,
    updated_at: at,
  }
  await db('sitting').insert(sitting)
  return { court: court.id, organisation: organisation.id, user: user.id, sitting: sitting.id }
}

type Shared = Awaited<ReturnType<typeof sharedRows>>

/**
 * One row in every listed table for a person, made from the schema: each link column names the person's
 * own parent row, other foreign keys a shared row, and every other required text column says
 * `marker` (so another person's text can be looked for). `values` overrides columns, by table.
 */
export async function fillPerson(
  db: Knex,
  shared: Shared,
  marker: string,
  values: Record<string, Record<string, unknown>> = {},
  skip: readonly string[] = [],
): Promise<Map<string, string>> {
  const fks = await foreignKeys(db)
  const present = new Set(await tableNames(db))
  const ids = new Map<string, string>()
  const sharedFor: Record<string, string> = {
    court: shared.court,
    organisation: shared.organisation,
    app_user: shared.user,
    sitting: shared.sitting,
  }
  for (const entry of PERSON_LINKED_TABLES.filter(
    t => present.has(t.table) && t.table !== 'audit_event' && !skip.includes(t.table),
  )) {
    const info = await db(entry.table).columnInfo()
    const row: Record<string, unknown> = {}
    for (const [column, c] of Object.entries(info)) {
      const fk = fks.find(f => f.table === entry.table && f.column === column)
      if (fk) {
        const target = ids.get(fk.refTable) ?? sharedFor[fk.refTable]
        if (target && (!c.nullable || fk.refTable === 'sitting')) row[column] = target
        continue
      }
      if (c.nullable || (c.defaultValue !== null && c.defaultValue !== undefined) || column === 'id') continue
      if (/integer|int|bigint/i.test(c.type)) row[column] = 1
      else if (/bool/i.test(c.type)) row[column] = false
      else if (/_on$|date/.test(column)) row[column] = '2020-01-01'
      else if (/_at$|^at$/.test(column)) row[column] = '2020-01-01T10:00:00.000Z'
      else row[column] = `${marker}-${column}`.slice(0, c.maxLength ? Number(c.maxLength) : undefined)
    }
    if (entry.table === 'person') row.crn = marker.slice(0, 7)
    if (entry.table === 'review') row.status = 'held'
    Object.assign(row, values[entry.table] ?? {})
    if (entry.table === 'person' || entry.via.parent !== 'person') row[entry.via.column] ??= ids.get(entry.via.parent)
    else row[entry.via.column] = ids.get('person')
    // A table numbered by the database (increments), or keyed by its links, is never a parent here.
    if (!('id' in info) || /int/i.test(info.id.type)) {
      await db(entry.table).insert(row)
      continue
    }
    row.id ??= newId()
    await db(entry.table).insert(row)
    ids.set(entry.table, row.id as string)
  }
  return ids
}
