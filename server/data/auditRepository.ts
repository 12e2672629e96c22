import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import { createAuditSubjectQueries } from './auditSubjects'

export type { SubjectFacts } from './auditSubjects'

export interface AuditEntry {
  userId: string | null
  /** The user's role when they acted; looked up from the user when left out (null for nobody signed in). */
  role?: string | null
  action: string
  /**
   * The person the event concerns. Left out, it is worked out from the subject when the subject is a
   * person, order, requirement, review or document; null for events about no one person (a list, a sitting).
   */
  personId?: string | null
  subjectType?: string
  subjectId?: string
  ip?: string | null
  /** Ids, counts and codes only: never names, free text or health data. */
  detail?: Record<string, unknown>
}

export interface AuditRow {
  id: number
  at: string
  userId: string | null
  userName: string | null
  role: string | null
  action: string
  personId: string | null
  personName: string | null
  personCrn: string | null
  subjectType: string | null
  subjectId: string | null
  ip: string | null
  detail: Record<string, unknown> | null
}

export interface AuditFilter {
  subjectId?: string
  userId?: string
  action?: string
  personId?: string
  /** From this instant (UTC ISO), inclusive. */
  from?: string
  /** Before this instant (UTC ISO), exclusive. */
  to?: string
  /** Rows older than this id (an export reads page by page this way). */
  beforeId?: number
  limit?: number
  offset?: number
}

const toAuditRow = (r: Raw): AuditRow => ({
  id: Number(r.id),
  at: r.at as string,
  userId: (r.user_id as string) ?? null,
  userName: (r.user_name as string) ?? null,
  role: (r.role as string) ?? null,
  action: r.action as string,
  personId: (r.person_id as string) ?? null,
  personName: (r.person_name as string) ?? null,
  personCrn: (r.person_crn as string) ?? null,
  subjectType: (r.subject_type as string) ?? null,
  subjectId: (r.subject_id as string) ?? null,
  ip: (r.ip as string) ?? null,
  detail: r.detail ? (JSON.parse(r.detail as string) as Record<string, unknown>) : null,
})

/** The person a subject belongs to, as a subquery evaluated with the insert (no extra round trip). */
function personOfSubject(
  trx: Knex,
  type: string | undefined,
  id: string | undefined,
): Knex.QueryBuilder | string | null {
  if (!type || !id) return null
  switch (type) {
    case 'person':
      return id
    case 'order':
      return trx('sentence_order').select('person_id').where('id', id)
    case 'requirement':
      return trx('requirement as q')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .select('o.person_id')
        .where('q.id', id)
    case 'review':
      return trx('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .select('o.person_id')
        .where('r.id', id)
    case 'document':
      return trx('document as d')
        .join('sentence_order as o', 'o.id', 'd.order_id')
        .select('o.person_id')
        .where('d.id', id)
    default:
      return null
  }
}

function filtered(trx: Knex, f: AuditFilter) {
  const q = trx('audit_event as a')
  if (f.subjectId) q.where('a.subject_id', f.subjectId)
  if (f.userId) q.where('a.user_id', f.userId)
  if (f.action) q.where('a.action', f.action)
  if (f.personId) q.where('a.person_id', f.personId)
  if (f.from) q.where('a.at', '>=', f.from)
  if (f.to) q.where('a.at', '<', f.to)
  if (f.beforeId !== undefined) q.where('a.id', '<', f.beforeId)
  return q
}

/**
 * Every view and change of case data, and every refused access: who (and their role), what, which
 * person, which record, when, from where. Append-only: rows are inserted and read, never changed or
 * deleted (the database refuses both; see migrations/20261207000200_audit_reads.ts). What a recorded
 * change sets off (its emails) is the audit trail's business.
 */
/** At most this many rows in one statement: nine values each, far under either database's limit on values bound. */
const ROWS_A_STATEMENT = 50

export function createAuditRepository(db: Knex) {
  /** The row to insert: the role and the person looked up in the same statement when the entry leaves them out. */
  function rowOf(entry: AuditEntry, at: string, trx: Knex): Record<string, unknown> {
    const role =
      entry.role !== undefined
        ? entry.role
        : entry.userId
          ? trx('app_user').select('role').where('id', entry.userId)
          : null
    const personId =
      entry.personId !== undefined ? entry.personId : personOfSubject(trx, entry.subjectType, entry.subjectId)
    return {
      at,
      user_id: entry.userId,
      role,
      action: entry.action,
      person_id: personId,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      ip: entry.ip ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    }
  }

  async function insert(entry: AuditEntry, at: string, tx?: TxLike): Promise<void> {
    const trx = conn(db, tx)
    await trx('audit_event').insert(rowOf(entry, at, trx))
  }

  type Waiting = { entry: AuditEntry; at: string; done: (err?: unknown) => void }
  /** Whether a row's values are all known (its role and person given), so it can share a statement with others. */
  const known = (row: Waiting) => row.entry.role !== undefined && row.entry.personId !== undefined

  /** Several rows in one transaction, in the order they came: runs of known rows as one statement each. */
  async function insertAll(batch: Waiting[], trx: Knex.Transaction): Promise<void> {
    let run: Waiting[] = []
    const flush = async () => {
      if (run.length === 1) await insert(run[0].entry, run[0].at, trx)
      else if (run.length) await trx('audit_event').insert(run.map(r => rowOf(r.entry, r.at, trx)))
      run = []
    }
    for (const row of batch) {
      if (!known(row)) {
        await flush()
        await insert(row.entry, row.at, trx)
      } else {
        run.push(row)
        if (run.length === ROWS_A_STATEMENT) await flush()
      }
    }
    await flush()
  }

  // Rows written outside a transaction (the reads of case data every page records) are committed
  // together: while one commit is being synced to disk (synchronous=FULL), the rows that arrive
  // queue and go in the next transaction, so concurrent pages share one sync instead of each waiting
  // its turn for its own, and rows whose values are all known share one statement. Each caller still
  // waits until its row is committed.
  let waiting: Waiting[] = []
  let committing = false
  async function commitWaiting(): Promise<void> {
    committing = true
    while (waiting.length) {
      const batch = waiting
      waiting = []
      try {
        // One row alone, or rows that all go in one statement, are their own commit (no BEGIN and COMMIT
        // to send: the rows of one statement commit together); otherwise they share one transaction.
        if (batch.length === 1) await insert(batch[0].entry, batch[0].at)
        else if (batch.length <= ROWS_A_STATEMENT && batch.every(known))
          await db('audit_event').insert(batch.map(r => rowOf(r.entry, r.at, db)))
        else await db.transaction(trx => insertAll(batch, trx))
        for (const row of batch) row.done()
      } catch {
        // One row the database refuses must not take the others with it: each is tried alone.
        await Promise.all(batch.map(row => insert(row.entry, row.at).then(() => row.done(), row.done)))
      }
    }
    committing = false
  }
  function insertCommitted(entry: AuditEntry, at: string, tx?: TxLike): Promise<void> {
    if (tx) return insert(entry, at, tx)
    return new Promise<void>((resolve, reject) => {
      waiting.push({ entry, at, done: err => (err === undefined ? resolve() : reject(err)) })
      if (!committing) void commitWaiting()
    })
  }

  return {
    /**
     * Writes one audit row, in the caller's transaction when given, else committed with any others
     * waiting at the same moment; resolves once it is committed. Nothing else happens.
     */
    insert: insertCommitted,

    /** The newest first, with the user's and the person's names. */
    async list(filter: AuditFilter, tx?: TxLike): Promise<AuditRow[]> {
      const q = filtered(conn(db, tx), filter)
        .leftJoin('app_user as u', 'u.id', 'a.user_id')
        .leftJoin('person as p', 'p.id', 'a.person_id')
        .select('a.*', 'u.name as user_name', 'p.name as person_name', 'p.crn as person_crn')
        .orderBy('a.id', 'desc')
        .limit(filter.limit ?? 100)
      if (filter.offset) q.offset(filter.offset)
      return (await q).map(toAuditRow)
    },

    /** How many rows the filter matches (paging and offset are ignored). */
    async count(filter: AuditFilter, tx?: TxLike): Promise<number> {
      const row = await filtered(conn(db, tx), { ...filter, limit: undefined, offset: undefined })
        .count({ n: '*' })
        .first()
      return Number(row?.n ?? 0)
    },

    /**
     * The actions present, in order: a loose index scan over (action, at), one index seek per action,
     * so it stays quick however many rows there are.
     */
    async actions(tx?: TxLike): Promise<string[]> {
      const result = await conn(db, tx).raw(`
        WITH RECURSIVE present(action) AS (
          SELECT MIN(action) FROM audit_event
          UNION ALL
          SELECT (SELECT MIN(e.action) FROM audit_event e WHERE e.action > present.action)
          FROM present WHERE present.action IS NOT NULL
        )
        SELECT action FROM present WHERE action IS NOT NULL`)
      const rows: Raw[] = Array.isArray(result) ? result : result.rows
      return rows.map(r => String(r.action))
    },

    ...createAuditSubjectQueries(db),
  }
}

export type AuditRepository = ReturnType<typeof createAuditRepository>
