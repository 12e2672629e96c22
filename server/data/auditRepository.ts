import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'

export interface AuditEntry {
  userId: string | null
  action: string
  subjectType?: string
  subjectId?: string
  ip?: string | null
  detail?: Record<string, unknown>
}

export interface AuditRow {
  id: number
  at: string
  userId: string | null
  userName: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  ip: string | null
  detail: Record<string, unknown> | null
}

/**
 * Something that must happen in the same transaction as a recorded change: the email outbox is
 * written this way, so a change and the notices it causes are committed together or not at all.
 */
export interface AuditListener {
  actions: ReadonlySet<string>
  onRecorded(entry: AuditEntry, at: string, trx: Knex): Promise<void>
}

// Every view and change of case data is recorded: who, what, which record, when, from where.
export function createAuditRepository(db: Knex) {
  const listeners: AuditListener[] = []

  async function insert(entry: AuditEntry, at: string, tx: TxLike) {
      const trx = conn(db, tx)
    await trx('audit_event').insert({
      at,
      user_id: entry.userId,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      ip: entry.ip ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
  }

  return {
    /** Listeners run after the audit row, in its transaction (one is opened when the caller has none). */
    listen(listener: AuditListener): void {
      listeners.push(listener)
    },

    async record(entry: AuditEntry, at: string, tx?: TxLike): Promise<void> {
      const trx = conn(db, tx)
      const interested = listeners.filter(l => l.actions.has(entry.action))
      if (!interested.length) return insert(entry, at, trx)
      const run = async (t: Knex) => {
        await insert(entry, at, t)
        for (const l of interested) await l.onRecorded(entry, at, t)
      }
      if (trx.isTransaction) return run(trx)
      await db.transaction(run)
    },

    async list(filter: { subjectId?: string; userId?: string; action?: string; limit?: number }): Promise<AuditRow[]> {
      const q = db('audit_event as a')
        .leftJoin('app_user as u', 'u.id', 'a.user_id')
        .select('a.*', 'u.name as user_name')
        .orderBy('a.id', 'desc')
        .limit(filter.limit ?? 100)
      if (filter.subjectId) q.where('a.subject_id', filter.subjectId)
      if (filter.userId) q.where('a.user_id', filter.userId)
      if (filter.action) q.where('a.action', filter.action)
      const rows = await q
      return rows.map(r => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        userName: r.user_name,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        ip: r.ip,
        detail: r.detail ? JSON.parse(r.detail) : null,
      }))
    },
  }
}

export type AuditRepository = ReturnType<typeof createAuditRepository>
