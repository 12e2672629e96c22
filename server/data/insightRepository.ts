import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'

/** A review of the court whose hearing date (its sitting's, else its planned date) falls in the range. */
export interface InsightReview {
  id: string
  requirementId: string
  status: string
  mode: string
  date: string
  reportDueAt: string | null
  /** When the first version of its progress report was submitted; null when none was. */
  firstSubmittedAt: string | null
}

export interface InsightRequirement {
  id: string
  status: string
  completedEarly: boolean
  breachProceedings: boolean
  madeOn: string
  /** The date of its first held or did-not-attend review, at any time; null when none. */
  firstReviewOn: string | null
}

export interface InsightDrugTest {
  takenOn: string
  results: string
}

const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 't'

/**
 * The rows a court's insight figures are counted from (issue 22; API.md "Insight"). A fixed number of
 * queries however many reviews; standard SQL only (coalesce, min, group by), on SQLite and PostgreSQL.
 */
export function createInsightRepository(db: Knex) {
  /** The court's reviews with a hearing date in the range: `r` review, `s` its sitting (if any). */
  function inRange(trx: Knex | Knex.Transaction, courtId: string, from: string, to: string) {
    return trx('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .leftJoin('sitting as s', 's.id', db.raw('coalesce(r.sitting_id, r.last_sitting_id)'))
      .where('o.court_id', courtId)
      .whereRaw('coalesce(s.date, r.review_date) between ? and ?', [from, to])
  }

  return {
    async reviews(courtId: string, from: string, to: string, tx?: TxLike): Promise<InsightReview[]> {
      const trx = conn(db, tx)
      const firsts = trx('progress_report as p')
        .join('progress_report_version as v', 'v.report_id', 'p.id')
        .groupBy('p.review_id')
        .select('p.review_id', db.raw('min(v.submitted_at) as first_submitted_at'))
        .as('f')
      const rows = (await inRange(trx, courtId, from, to)
        .leftJoin(firsts, 'f.review_id', 'r.id')
        .select(
          'r.id',
          'r.requirement_id',
          'r.status',
          'r.mode',
          'r.report_due_at',
          'f.first_submitted_at',
          db.raw('coalesce(s.date, r.review_date) as hearing_date'),
        )) as Raw[]
      return rows.map(r => ({
        id: r.id as string,
        requirementId: r.requirement_id as string,
        status: r.status as string,
        mode: r.mode as string,
        date: r.hearing_date as string,
        reportDueAt: (r.report_due_at as string | null) ?? null,
        firstSubmittedAt: (r.first_submitted_at as string | null) ?? null,
      }))
    },

    /** Requirements of the court's orders with a review in the range, each with its first review's date. */
    async requirements(courtId: string, from: string, to: string, tx?: TxLike): Promise<InsightRequirement[]> {
      const trx = conn(db, tx)
      const firsts = trx('review as fr')
        .leftJoin('sitting as fs', 'fs.id', db.raw('coalesce(fr.sitting_id, fr.last_sitting_id)'))
        .whereIn('fr.status', ['held', 'did_not_attend'])
        .groupBy('fr.requirement_id')
        .select('fr.requirement_id', db.raw('min(coalesce(fs.date, fr.review_date)) as first_on'))
        .as('f')
      const rows = (await trx('requirement as q')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .leftJoin(firsts, 'f.requirement_id', 'q.id')
        .whereIn('q.id', inRange(trx, courtId, from, to).select('r.requirement_id'))
        .select(
          'q.id',
          'q.status',
          'q.completed_early',
          'q.breach_proceedings',
          'o.made_on',
          'f.first_on',
        )) as Raw[]
      return rows.map(r => ({
        id: r.id as string,
        status: r.status as string,
        completedEarly: bool(r.completed_early),
        breachProceedings: bool(r.breach_proceedings),
        madeOn: r.made_on as string,
        firstReviewOn: (r.first_on as string | null) ?? null,
      }))
    },

    /** Drug tests (not withdrawn) taken in the range by people with an order at the court. */
    async drugTests(courtId: string, from: string, to: string, tx?: TxLike): Promise<InsightDrugTest[]> {
      const trx = conn(db, tx)
      const rows = (await trx('drug_test as t')
        .whereIn('t.person_id', trx('sentence_order').where('court_id', courtId).select('person_id'))
        .whereNull('t.withdrawn_at')
        .whereBetween('t.taken_on', [from, to])
        .select('t.taken_on', 't.results')) as Raw[]
      return rows.map(r => ({ takenOn: r.taken_on as string, results: r.results as string }))
    },
  }
}

export type InsightRepository = ReturnType<typeof createInsightRepository>
