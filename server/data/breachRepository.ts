import type { Knex } from 'knex'
import { conn, type Raw, type TxLike } from './unitOfWork'

export type BreachStatus = 'open' | 'decided'

export interface BreachRow {
  id: string
  requirementId: string
  failure: string
  occurredOn: string
  details: string | null
  laidBy: string
  laidAt: string
  hearingReviewId: string | null
  status: BreachStatus
  proved: boolean | null
  power: string | null
  fineAmount: number | null
  comments: string | null
  benchUserIds: string[]
  decidedBy: string | null
  decidedAt: string | null
  version: number
}

const ids = (v: unknown): string[] => {
  try {
    const parsed: unknown = JSON.parse(String(v ?? '[]'))
    return Array.isArray(parsed) ? parsed.map(String) : []
  } catch {
    return []
  }
}

const toBreach = (r: Raw): BreachRow => ({
  id: r.id as string,
  requirementId: r.requirement_id as string,
  failure: r.failure as string,
  occurredOn: r.occurred_on as string,
  details: (r.details as string) ?? null,
  laidBy: r.laid_by as string,
  laidAt: r.laid_at as string,
  hearingReviewId: (r.hearing_review_id as string) ?? null,
  status: r.status as BreachStatus,
  proved: r.proved === null || r.proved === undefined ? null : Boolean(r.proved),
  power: (r.power as string) ?? null,
  fineAmount: r.fine_amount === null || r.fine_amount === undefined ? null : Number(r.fine_amount),
  comments: (r.comments as string) ?? null,
  benchUserIds: ids(r.bench_user_ids),
  decidedBy: (r.decided_by as string) ?? null,
  decidedAt: (r.decided_at as string) ?? null,
  version: Number(r.version),
})

/** Breaches laid before the review court (Sentencing Act 2020 Sch 10; Sch 16) and what the court decided. */
export function createBreachRepository(db: Knex) {
  return {
    async insert(
      b: Pick<
        BreachRow,
        'id' | 'requirementId' | 'failure' | 'occurredOn' | 'details' | 'laidBy' | 'laidAt' | 'hearingReviewId'
      >,
      tx?: TxLike,
    ): Promise<void> {
      await conn(
        db,
        tx,
      )('breach').insert({
        id: b.id,
        requirement_id: b.requirementId,
        failure: b.failure,
        occurred_on: b.occurredOn,
        details: b.details,
        laid_by: b.laidBy,
        laid_at: b.laidAt,
        hearing_review_id: b.hearingReviewId,
        status: 'open',
        version: 1,
      })
    },

    async find(id: string, tx?: TxLike): Promise<BreachRow | null> {
      const row = (await conn(db, tx)('breach').where({ id }).first()) as Raw | undefined
      return row ? toBreach(row) : null
    },

    /** A requirement's breaches, oldest first. */
    async forRequirements(requirementIds: string[], tx?: TxLike): Promise<BreachRow[]> {
      if (!requirementIds.length) return []
      const rows = (await conn(
        db,
        tx,
      )('breach')
        .whereIn('requirement_id', requirementIds)
        .orderBy([{ column: 'laid_at' }, { column: 'id' }])) as Raw[]
      return rows.map(toBreach)
    },

    async countOpen(requirementId: string, tx?: TxLike): Promise<number> {
      const row = (await conn(
        db,
        tx,
      )('breach')
        .where({ requirement_id: requirementId, status: 'open' })
        .count({ n: '*' })
        .first()) as { n?: unknown } | undefined
      return Number(row?.n ?? 0)
    },

    /** Records the court's decision on an open breach, guarded by its version: false when no longer open at it. */
    async decide(
      id: string,
      version: number,
      d: {
        proved: boolean
        power: string
        fineAmount: number | null
        comments: string | null
        benchUserIds: string[]
        decidedBy: string
      },
      at: string,
      tx?: TxLike,
    ): Promise<boolean> {
      const n = await conn(
        db,
        tx,
      )('breach')
        .where({ id, version, status: 'open' })
        .update({
          status: 'decided',
          proved: d.proved,
          power: d.power,
          fine_amount: d.fineAmount,
          comments: d.comments,
          bench_user_ids: JSON.stringify(d.benchUserIds),
          decided_by: d.decidedBy,
          decided_at: at,
          version: version + 1,
        })
      return Number(n) === 1
    },
  }
}

export type BreachRepository = ReturnType<typeof createBreachRepository>
