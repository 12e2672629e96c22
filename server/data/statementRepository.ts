import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import type { ReviewStatus } from './reviewRepository'

/** One revision of the person's own words for a review, with who took it down (name and role). */
export interface StatementRow {
  id: string
  reviewId: string
  revision: number
  text: string
  takenBy: string
  takenByName: string | null
  takenByRole: string
  takenAt: string
}

/** The bench's response to a statement, recorded with the review's outcome. */
export interface StatementResponseRow {
  id: string
  outcomeId: string
  reviewId: string
  statementId: string
  text: string
  recordedBy: string
  recordedByName: string | null
  recordedAt: string
}

const toStatement = (r: Raw): StatementRow => ({
  id: String(r.id),
  reviewId: String(r.review_id),
  revision: Number(r.revision),
  text: String(r.text),
  takenBy: String(r.taken_by),
  takenByName: r.taken_by_name === null || r.taken_by_name === undefined ? null : String(r.taken_by_name),
  takenByRole: String(r.taken_by_role),
  takenAt: String(r.taken_at),
})

const toResponse = (r: Raw): StatementResponseRow => ({
  id: String(r.id),
  outcomeId: String(r.outcome_id),
  reviewId: String(r.review_id),
  statementId: String(r.statement_id),
  text: String(r.text),
  recordedBy: String(r.recorded_by),
  recordedByName: r.recorded_by_name === null || r.recorded_by_name === undefined ? null : String(r.recorded_by_name),
  recordedAt: String(r.recorded_at),
})

/**
 * The person's own words (issue 23): revisions are only ever inserted, never updated or deleted, so
 * every version taken down stays; the latest revision of a review is its statement.
 */
export function createStatementRepository(db: Knex) {
  const withNames = (trx: Knex) =>
    trx('statement as s').leftJoin('app_user as u', 'u.id', 's.taken_by').select('s.*', 'u.name as taken_by_name')

  async function addResponse(r: Omit<StatementResponseRow, 'recordedByName'>, tx: TxLike): Promise<void> {
    await conn(
      db,
      tx,
    )('statement_response').insert({
      id: r.id,
      outcome_id: r.outcomeId,
      review_id: r.reviewId,
      statement_id: r.statementId,
      text: r.text,
      recorded_by: r.recordedBy,
      recorded_at: r.recordedAt,
    })
  }

  return {
    /** Every revision of a review's statement, oldest first (the last is current). */
    async revisions(reviewId: string, tx?: TxLike): Promise<StatementRow[]> {
      const rows = (await withNames(conn(db, tx)).where('s.review_id', reviewId).orderBy('s.revision')) as Raw[]
      return rows.map(toStatement)
    },

    /**
     * The current (latest) revision of each of these reviews' statements, in one query however many
     * reviews: a hearing pack reads every case's at once.
     */
    async currentFor(reviewIds: string[], tx?: TxLike): Promise<StatementRow[]> {
      if (reviewIds.length === 0) return []
      const trx = conn(db, tx)
      const latest = trx('statement')
        .whereIn('review_id', reviewIds)
        .groupBy('review_id')
        .select('review_id')
        .max('revision as revision')
      const rows = (await withNames(trx)
        .join(latest.as('l'), function () {
          this.on('l.review_id', '=', 's.review_id').andOn('l.revision', '=', 's.revision')
        })
        .orderBy('s.review_id')) as Raw[]
      return rows.map(toStatement)
    },

    /**
     * The review's status and whether it has an outcome; in a transaction, read with the review's row
     * locked (PostgreSQL) so an outcome cannot be recorded between this check and the revision written after
     * it: recording an outcome updates the review row, and waits for this transaction.
     */
    async reviewState(
      reviewId: string,
      tx?: TxLike,
    ): Promise<{ status: ReviewStatus; requirementActive: boolean; hasOutcome: boolean } | null> {
      const trx = conn(db, tx)
      const q = trx('review').where({ id: reviewId })
      // Locked only inside a change's transaction: a page that shows the state takes no lock.
      if (tx) q.forUpdate()
      const review = (await q.first('status', 'requirement_id')) as Raw | undefined
      if (!review) return null
      const [requirement, outcome] = await Promise.all([
        trx('requirement').where({ id: review.requirement_id }).first('status') as Promise<Raw | undefined>,
        trx('outcome').where({ review_id: reviewId }).first('id') as Promise<Raw | undefined>,
      ])
      return {
        status: review.status as ReviewStatus,
        requirementActive: requirement?.status === 'active',
        hasOutcome: Boolean(outcome),
      }
    },

    /** Adds the next revision of a review's statement; a concurrent save of the same revision fails on the unique key. */
    async addRevision(
      s: { id: string; reviewId: string; text: string; takenBy: string; takenByRole: string },
      at: string,
      tx: TxLike,
    ): Promise<StatementRow> {
      const trx = conn(db, tx)
      const last = (await trx('statement').where({ review_id: s.reviewId }).max('revision as n').first()) as
        Raw | undefined
      const revision = Number(last?.n ?? 0) + 1
      await trx('statement').insert({
        id: s.id,
        review_id: s.reviewId,
        revision,
        text: s.text,
        taken_by: s.takenBy,
        taken_by_role: s.takenByRole,
        taken_at: at,
      })
      return toStatement((await withNames(trx).where('s.id', s.id).first()) as Raw)
    },

    /** Records the bench's response with the outcome (in the outcome's transaction). */
    addResponse,

    /** The response recorded with an outcome, if any. */
    async responseOf(outcomeId: string, tx?: TxLike): Promise<{ text: string } | null> {
      const row = (await conn(db, tx)('statement_response').where('outcome_id', outcomeId).first('text')) as
        Raw | undefined
      return row ? { text: String(row.text) } : null
    },

    /** A corrected outcome's response: replaces the one recorded with it (the outcome's history keeps the old), or adds one. */
    async replaceResponse(r: Omit<StatementResponseRow, 'recordedByName'>, tx: TxLike): Promise<void> {
      const n = await conn(db, tx)('statement_response').where('outcome_id', r.outcomeId).update({
        statement_id: r.statementId,
        text: r.text,
        recorded_by: r.recordedBy,
        recorded_at: r.recordedAt,
      })
      if (!n) await addResponse(r, tx)
    },

    /** The bench's responses recorded for these reviews (one each at most), in one query. */
    async responsesFor(reviewIds: string[], tx?: TxLike): Promise<StatementResponseRow[]> {
      if (reviewIds.length === 0) return []
      const rows = (await conn(
        db,
        tx,
      )('statement_response as r')
        .leftJoin('app_user as u', 'u.id', 'r.recorded_by')
        .whereIn('r.review_id', reviewIds)
        .select('r.*', 'u.name as recorded_by_name')) as Raw[]
      return rows.map(toResponse)
    },
  }
}

export type StatementRepository = ReturnType<typeof createStatementRepository>
