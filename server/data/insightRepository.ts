import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'

/** A review of the court whose hearing date (its sitting's, else its planned date) falls in the range. */
export interface InsightReview {
  id: string
  courtId: string
  requirementId: string
  status: string
  mode: string
  date: string
  reportDueAt: string | null
  /** When the first version of its progress report was submitted; null when none was. */
  firstSubmittedAt: string | null
  /** When the hearing starts (the review's place in its sitting, else the sitting's start); null when unlisted. */
  hearingAt: string | null
  /** The officer team the report came from: the organisation of the officer who wrote it; null when none. */
  teamId: string | null
  team: string | null
  /** The person did not attend and the court issued a warrant (Sentencing Act 2020 Sch 10 para 8). */
  warrantIssued: boolean
}

export interface InsightRequirement {
  id: string
  courtId: string
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
const courts = (courtId: string | readonly string[]) => (typeof courtId === 'string' ? [courtId] : [...courtId])

/**
 * The rows a court's insight figures are counted from (issue 22; API.md "Insight"). A fixed number of
 * queries however many reviews (and, for several courts, however many courts); standard SQL only
 * (coalesce, min, group by), on SQLite and PostgreSQL.
 */
export function createInsightRepository(db: Knex) {
  /** The courts' reviews with a hearing date in the range: `r` review, `o` its order, `s` its sitting (if any). */
  function inRange(trx: Knex | Knex.Transaction, courtIds: string[], from: string, to: string) {
    return trx('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .leftJoin('sitting as s', 's.id', db.raw('coalesce(r.sitting_id, r.last_sitting_id)'))
      .whereIn('o.court_id', courtIds)
      .whereRaw('coalesce(s.date, r.review_date) between ? and ?', [from, to])
  }

  return {
    async reviews(
      courtId: string | readonly string[],
      from: string,
      to: string,
      tx?: TxLike,
    ): Promise<InsightReview[]> {
      const trx = conn(db, tx)
      const rows = (await inRange(trx, courts(courtId), from, to)
        .leftJoin('progress_report as pr', 'pr.review_id', 'r.id')
        .leftJoin('app_user as au', 'au.id', 'pr.author_id')
        .leftJoin('organisation as org', 'org.id', 'au.organisation_id')
        .leftJoin('non_attendance as na', 'na.review_id', 'r.id')
        .select(
          'r.id',
          'o.court_id',
          'r.requirement_id',
          'r.status',
          'r.mode',
          'r.report_due_at',
          // Its report's versions by the (report_id, version_number) index: the court's reports only.
          db.raw(
            '(select min(v.submitted_at) from progress_report_version v where v.report_id = pr.id) as first_submitted_at',
          ),
          'org.id as team_id',
          'org.name as team_name',
          'na.warrant_id',
          db.raw('coalesce(s.date, r.review_date) as hearing_date'),
          db.raw('coalesce(r.starts_at, s.starts_at) as hearing_at'),
        )) as Raw[]
      return rows.map(r => ({
        id: r.id as string,
        courtId: r.court_id as string,
        requirementId: r.requirement_id as string,
        status: r.status as string,
        mode: r.mode as string,
        date: r.hearing_date as string,
        reportDueAt: (r.report_due_at as string | null) ?? null,
        firstSubmittedAt: (r.first_submitted_at as string | null) ?? null,
        hearingAt: (r.hearing_at as string | null) ?? null,
        teamId: (r.team_id as string | null) ?? null,
        team: (r.team_name as string | null) ?? null,
        warrantIssued: Boolean(r.warrant_id),
      }))
    },

    /** Requirements of the courts' orders with a review in the range, each with its first review's date. */
    async requirements(
      courtId: string | readonly string[],
      from: string,
      to: string,
      tx?: TxLike,
    ): Promise<InsightRequirement[]> {
      const trx = conn(db, tx)
      // The first held or did-not-attend review of each of these requirements, by the (requirement_id, sequence)
      // index: the court's requirements only, not every review in the country grouped first.
      const firstOn = trx('review as fr')
        .leftJoin('sitting as fs', 'fs.id', db.raw('coalesce(fr.sitting_id, fr.last_sitting_id)'))
        .whereRaw('fr.requirement_id = q.id')
        .whereIn('fr.status', ['held', 'did_not_attend'])
        .select(db.raw('min(coalesce(fs.date, fr.review_date))'))
      const rows = (await trx('requirement as q')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .whereIn('q.id', inRange(trx, courts(courtId), from, to).select('r.requirement_id'))
        .select(
          'q.id',
          'o.court_id',
          'q.status',
          'q.completed_early',
          'q.breach_proceedings',
          'o.made_on',
          firstOn.as('first_on'),
        )) as Raw[]
      return rows.map(r => ({
        id: r.id as string,
        courtId: r.court_id as string,
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
