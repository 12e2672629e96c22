import type { Knex } from 'knex'
import { conn, type Raw, type TxLike } from './unitOfWork'
import { PERSON_LINKED_TABLES } from './personLinkedTables'
import { cachedTables, personRowsQuery } from './personRows'

export interface HeldTable {
  table: string
  rows: Raw[]
}

export interface WithheldTable {
  table: string
  count: number
  reason: string
}

export interface HeldFile {
  id: string
  filename: string
  mediaType: string
  content: Buffer
}

export interface NamedIds {
  names: Map<string, string>
  sittings: { id: string; courtName: string; courtroom: string; startsAt: string }[]
}

export interface EverythingHeld {
  tables: HeldTable[]
  withheld: WithheldTable[]
  files: HeldFile[]
}

/** A value as JSON can carry it: binary is never in a row (files go beside it), booleans stay booleans. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return `(${value.length} bytes, given as a file)`
  return value
}

/**
 * Subject access (Data Protection Act 2018 s.45): every row held about one person, table by table, from
 * the list of person-linked tables, and nobody else's. Each table's rows are found through the
 * person's own rows only (personRows.ts), so another person's row cannot be reached.
 */
export function createSubjectAccessRepository(db: Knex) {
  const tables = cachedTables(db)

  return {
    async everything(personId: string, tx?: TxLike): Promise<EverythingHeld> {
      const k = conn(db, tx)
      const present = await tables(k)
      const held: HeldTable[] = []
      const withheld: WithheldTable[] = []
      for (const entry of PERSON_LINKED_TABLES.filter(t => present.has(t.table))) {
        if (entry.disclose !== true) {
          const row = await personRowsQuery(k, entry, personId).count({ n: '*' }).first()
          withheld.push({ table: entry.table, count: Number(row?.n ?? 0), reason: entry.disclose.withheld })
          continue
        }
        const omit = new Set(entry.omit ?? [])
        // SQLite keeps booleans as 0 and 1: the JSON says true and false on either database.
        const info = await k(entry.table).columnInfo()
        const flags = new Set(Object.keys(info).filter(c => /bool/i.test(String(info[c as keyof typeof info].type))))
        const rows = (await personRowsQuery(k, entry, personId).select(`${entry.table}.*`)) as Raw[]
        held.push({
          table: entry.table,
          rows: rows
            .map(r =>
              Object.fromEntries(
                Object.entries(r)
                  .filter(([c]) => !omit.has(c))
                  .map(([c, v]) => [c, flags.has(c) && v !== null ? Boolean(Number(v)) || v === true : plain(v)]),
              ),
            )
            .sort((a, b) => String(a.id ?? '').localeCompare(String(b.id ?? ''), 'en', { numeric: true })),
        })
      }
      held.push({ table: 'audit_event (lists naming them)', rows: await listsNaming(k, personId) })
      const sittingPacks = await sittingPackCount(k, personId)
      if (sittingPacks)
        withheld.push({
          table: 'hearing_pack (whole sittings)',
          count: sittingPacks,
          reason:
            'Packs of a whole sitting also hold other people’s cases (s.45(4)(e): the rights of others). Everything in them about this person is given above, from the records the packs were made from.',
        })
      const document = PERSON_LINKED_TABLES.find(t => t.table === 'document')!
      const files = (await personRowsQuery(k, document, personId).select(
        'id',
        'filename',
        'media_type',
        'content',
      )) as Raw[]
      return {
        tables: held,
        withheld,
        files: files.map(f => ({
          id: f.id as string,
          filename: f.filename as string,
          mediaType: f.media_type as string,
          content: Buffer.from(f.content as Buffer),
        })),
      }
    },

    /**
     * What a record's ids name, so the readable copy says who and where, not an id: staff and
     * organisations by name, courts by name, sittings by court, courtroom, date and time.
     */
    async namesFor(ids: readonly string[], tx?: TxLike): Promise<NamedIds> {
      const k = conn(db, tx)
      const unique = [...new Set(ids)]
      if (!unique.length) return { names: new Map(), sittings: [] }
      const [users, organisations, courts, sittings] = await Promise.all([
        k('app_user').whereIn('id', unique).select('id', 'name'),
        k('organisation').whereIn('id', unique).select('id', 'name'),
        k('court').whereIn('id', unique).select('id', 'name'),
        k('sitting as s')
          .join('court as c', 'c.id', 's.court_id')
          .whereIn('s.id', unique)
          .select('s.id', 'c.name as court_name', 's.courtroom', 's.starts_at'),
      ])
      return {
        names: new Map([...users, ...organisations, ...courts].map(r => [r.id as string, r.name as string])),
        sittings: sittings.map(r => ({
          id: r.id as string,
          courtName: r.court_name as string,
          courtroom: r.courtroom as string,
          startsAt: r.starts_at as string,
        })),
      }
    },
  }
}

/**
 * Reads of a list or search that named the person among others (one audit row a list, the people by id
 * in its detail): who saw them listed, and when. Only the count is kept from the detail, never the
 * other people's ids.
 */
async function listsNaming(k: Knex, personId: string): Promise<Raw[]> {
  const rows = (await k('audit_event')
    .whereNull('person_id')
    .where('detail', 'like', `%"${personId}"%`)
    .orderBy('id')
    .select('id', 'at', 'user_id', 'role', 'action', 'subject_type', 'subject_id', 'detail')) as Raw[]
  return rows
    .map(r => {
      const detail = JSON.parse(String(r.detail)) as { count?: number; personIds?: unknown }
      if (!Array.isArray(detail.personIds) || !detail.personIds.includes(personId)) return null
      return { ...r, id: Number(r.id), detail: { peopleListed: detail.count ?? detail.personIds.length } }
    })
    .filter((r): r is NonNullable<typeof r> => r !== null)
}

async function sittingPackCount(k: Knex, personId: string): Promise<number> {
  const sittings = k('review as r')
    .join('requirement as q', 'q.id', 'r.requirement_id')
    .join('sentence_order as o', 'o.id', 'q.order_id')
    .where('o.person_id', personId)
    .whereNotNull('r.sitting_id')
    .select('r.sitting_id')
  const row = await k('hearing_pack').whereIn('sitting_id', sittings).whereNull('review_id').count({ n: '*' }).first()
  return Number(row?.n ?? 0)
}

export type SubjectAccessRepository = ReturnType<typeof createSubjectAccessRepository>
