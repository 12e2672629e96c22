import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'

export const PROGRESS = ['good', 'satisfactory', 'poor'] as const
export const DECISIONS = [
  'continue_hearing',
  'continue_paper',
  'amend',
  'require_attendance',
  'breach_referral',
  'completed',
  'revoked',
] as const
export type Progress = (typeof PROGRESS)[number]
export type Decision = (typeof DECISIONS)[number]

export interface OutcomeRow {
  id: string
  reviewId: string
  attended: boolean
  progress: Progress
  decision: Decision
  benchComments: string | null
  amendment: string | null
  consentToAmendment: boolean | null
  /** Who actually sat: the bench members present, or the single justice or judge on the papers. */
  benchUserIds: string[]
  nextReviewId: string | null
  recordedBy: string
  recordedAt: string
  updatedAt: string
  version: number
}

/** What an outcome says, as written and as kept in its history. */
export type OutcomeFields = Pick<
  OutcomeRow,
  'attended' | 'progress' | 'decision' | 'benchComments' | 'amendment' | 'consentToAmendment'
>

export interface OutcomeHistoryRow {
  version: number
  /** The outcome as it was, with the bench's response to the person's words when a correction replaced it. */
  content: Omit<OutcomeRow, 'id' | 'reviewId' | 'version'> & { statementResponse?: string }
  changedBy: string
  changedByName: string | null
  changedAt: string
  reason: string | null
}

const toOutcome = (r: Raw, bench: string[]): OutcomeRow => ({
  id: r.id as string,
  reviewId: r.review_id as string,
  attended: Boolean(r.attended),
  progress: r.progress as Progress,
  decision: r.decision as Decision,
  benchComments: (r.bench_comments as string) ?? null,
  amendment: (r.amendment as string) ?? null,
  consentToAmendment:
    r.consent_to_amendment === null || r.consent_to_amendment === undefined ? null : Boolean(r.consent_to_amendment),
  benchUserIds: bench,
  nextReviewId: (r.next_review_id as string) ?? null,
  recordedBy: r.recorded_by as string,
  recordedAt: r.recorded_at as string,
  updatedAt: r.updated_at as string,
  version: Number(r.version),
})

const columns = (f: OutcomeFields) => ({
  attended: f.attended,
  progress: f.progress,
  decision: f.decision,
  bench_comments: f.benchComments ?? null,
  amendment: f.amendment ?? null,
  consent_to_amendment: f.consentToAmendment ?? null,
})

/** Outcomes of reviews (one per review, held by a unique key), who sat, and each outcome's history. */
export function createOutcomeRepository(db: Knex) {
  async function benchOf(outcomeIds: string[], tx: TxLike): Promise<Map<string, string[]>> {
    const trx = conn(db, tx)
    const out = new Map<string, string[]>(outcomeIds.map(id => [id, []]))
    if (outcomeIds.length === 0) return out
    const rows = await trx('outcome_bench').whereIn('outcome_id', outcomeIds).orderBy('user_id')
    for (const r of rows) out.get(r.outcome_id as string)?.push(r.user_id as string)
    return out
  }

  async function setBench(outcomeId: string, userIds: string[], tx: TxLike): Promise<void> {
    const trx = conn(db, tx)
    await trx('outcome_bench').where({ outcome_id: outcomeId }).delete()
    if (userIds.length) await trx('outcome_bench').insert(userIds.map(user_id => ({ outcome_id: outcomeId, user_id })))
  }

  return {
    benchOf,

    async forReview(reviewId: string, tx?: TxLike): Promise<OutcomeRow | null> {
      const trx = conn(db, tx)
      const r = await trx('outcome').where({ review_id: reviewId }).first()
      return r ? toOutcome(r, (await benchOf([r.id], trx)).get(r.id)!) : null
    },

    async forReviews(reviewIds: string[], tx?: TxLike): Promise<Map<string, OutcomeRow>> {
      const trx = conn(db, tx)
      if (reviewIds.length === 0) return new Map()
      const rows = (await trx('outcome').whereIn('review_id', reviewIds)) as Raw[]
      const bench = await benchOf(
        rows.map(r => r.id as string),
        trx,
      )
      return new Map(rows.map(r => [r.review_id as string, toOutcome(r, bench.get(r.id as string)!)]))
    },

    /** The first write of a decision: the unique key on the review makes a second submission wait, then fail. */
    async insert(
      o: OutcomeFields & { id: string; reviewId: string; benchUserIds: string[]; recordedBy: string },
      at: string,
      tx: TxLike,
    ): Promise<void> {
      const trx = conn(db, tx)
      await trx('outcome').insert({
        id: o.id,
        review_id: o.reviewId,
        ...columns(o),
        next_review_id: null,
        recorded_by: o.recordedBy,
        recorded_at: at,
        updated_at: at,
        version: 1,
      })
      await setBench(o.id, o.benchUserIds, trx)
    },

    /** A correction, guarded by the version read: false when someone changed it meanwhile. */
    async update(
      before: OutcomeRow,
      fields: OutcomeFields & { benchUserIds: string[] },
      at: string,
      tx: TxLike,
    ): Promise<boolean> {
      const trx = conn(db, tx)
      const n = await trx('outcome')
        .where({ id: before.id, version: before.version })
        .update({ ...columns(fields), updated_at: at, version: before.version + 1 })
      if (n === 0) return false
      await setBench(before.id, fields.benchUserIds, trx)
      return true
    },

    async setNextReview(outcomeId: string, nextReviewId: string | null, tx: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await trx('outcome').where({ id: outcomeId }).update({ next_review_id: nextReviewId })
    },

    async insertHistory(
      before: OutcomeRow,
      change: { changedBy: string; at: string; reason: string; statementResponse?: string },
      tx: TxLike,
    ): Promise<void> {
      const trx = conn(db, tx)
      const { id: _id, reviewId: _reviewId, version: _version, ...outcome } = before
      const content =
        change.statementResponse === undefined ? outcome : { ...outcome, statementResponse: change.statementResponse }
      await trx('outcome_history').insert({
        outcome_id: before.id,
        version: before.version,
        content: JSON.stringify(content),
        changed_by: change.changedBy,
        changed_at: change.at,
        reason: change.reason,
      })
    },

    async history(reviewId: string, tx?: TxLike): Promise<OutcomeHistoryRow[]> {
      const trx = conn(db, tx)
      const rows = await trx('outcome_history as h')
        .join('outcome as o', 'o.id', 'h.outcome_id')
        .leftJoin('app_user as u', 'u.id', 'h.changed_by')
        .where('o.review_id', reviewId)
        .orderBy('h.version', 'desc')
        .select('h.*', 'u.name as changed_by_name')
      return rows.map(r => {
        const content = JSON.parse(r.content as string) as OutcomeHistoryRow['content']
        return {
          version: Number(r.version),
          content: { ...content, benchUserIds: content.benchUserIds ?? [] },
          changedBy: r.changed_by as string,
          changedByName: (r.changed_by_name as string) ?? null,
          changedAt: r.changed_at as string,
          reason: (r.reason as string) ?? null,
        }
      })
    },
  }
}

export type OutcomeRepository = ReturnType<typeof createOutcomeRepository>
