import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'

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

export interface AuditFilter {
  subjectId?: string
  userId?: string
  action?: string
  limit?: number
}

const toAuditRow = (r: Raw): AuditRow => ({
  id: Number(r.id),
  at: r.at as string,
  userId: (r.user_id as string) ?? null,
  userName: (r.user_name as string) ?? null,
  action: r.action as string,
  subjectType: (r.subject_type as string) ?? null,
  subjectId: (r.subject_id as string) ?? null,
  ip: (r.ip as string) ?? null,
  detail: r.detail ? (JSON.parse(r.detail as string) as Record<string, unknown>) : null,
})

// Every view and change of case data is recorded: who, what, which record, when, from where.
// This is the table only; what a recorded change sets off (its emails) is the audit trail's business.
export function createAuditRepository(db: Knex) {
  async function insert(entry: AuditEntry, at: string, tx?: TxLike): Promise<void> {
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
    /** Writes one audit row, in the caller's transaction when given. Nothing else happens. */
    insert,

    /** The newest first, with the user's name. */
    async list(filter: AuditFilter, tx?: TxLike): Promise<AuditRow[]> {
      const q = conn(db, tx)('audit_event as a')
        .leftJoin('app_user as u', 'u.id', 'a.user_id')
        .select('a.*', 'u.name as user_name')
        .orderBy('a.id', 'desc')
        .limit(filter.limit ?? 100)
      if (filter.subjectId) q.where('a.subject_id', filter.subjectId)
      if (filter.userId) q.where('a.user_id', filter.userId)
      if (filter.action) q.where('a.action', filter.action)
      return (await q).map(toAuditRow)
    },
  }
}

export type AuditRepository = ReturnType<typeof createAuditRepository>
