import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'
import { toReview, type ReviewRow } from './reviewRepository'
import {
  fieldColumns,
  s,
  toReport,
  type Raw,
  type Report,
  type ReportContent,
  type ReportFields,
  type ReportState,
  type ReportVersion,
  type SubmittedReport,
} from './reportRows'

export {
  RECOMMENDATIONS,
  type Recommendation,
  type Report,
  type ReportContent,
  type ReportFields,
  type ReportState,
  type ReportVersion,
  type SubmittedReport,
} from './reportRows'

/** A scheduled hearing still owed its report, with where it sits and who writes the report. */
export interface AwaitedReportRow {
  review: ReviewRow
  sittingDate: string
  courtroom: string
  personId: string
  personName: string
  crn: string
  officerName: string | null
  report: { status: string; submittedAt: string | null } | null
}

const parseContent = (v: unknown) => JSON.parse(String(v)) as ReportContent

/** Progress reports (Sentencing Act 2020 Sch 9 para 21(2)(d)-(e)) and their submitted versions. */
export function createReportRepository(db: Knex) {
  return {
    /** The latest submitted version of each review's progress report (what the court has had). */
    async submittedVersions(reviewIds: string[], tx?: TxLike): Promise<Map<string, SubmittedReport>> {
      const out = new Map<string, SubmittedReport>()
      if (reviewIds.length === 0) return out
      const rows = (await conn(
        db,
        tx,
      )('progress_report as r')
        .join('progress_report_version as v', 'v.report_id', 'r.id')
        .leftJoin('app_user as u', 'u.id', 'v.submitted_by')
        .whereIn('r.review_id', reviewIds)
        .orderBy('v.version_number')
        .select(
          'r.review_id',
          'v.version_number',
          'v.submitted_at',
          'v.late',
          'v.content',
          'u.name as submitted_by_name',
        )) as Raw[]
      for (const r of rows)
        out.set(String(r.review_id), {
          versionNumber: Number(r.version_number),
          submittedAt: String(r.submitted_at),
          submittedByName: (r.submitted_by_name as string) ?? null,
          late: Boolean(r.late),
          content: parseContent(r.content),
        })
      return out
    },

    /** Each review's report state, for the reviews that have a report at all. */
    async statesFor(reviewIds: string[], tx?: TxLike): Promise<Map<string, ReportState>> {
      if (reviewIds.length === 0) return new Map()
      const rows = await conn(
        db,
        tx,
      )('progress_report')
        .whereIn('review_id', reviewIds)
        .select('review_id', 'status', 'submitted_at', 'due_at')
      return new Map(
        rows.map(r => [
          r.review_id as string,
          {
            status: r.status as string,
            submittedAt: (r.submitted_at as string) ?? null,
            dueAt: (r.due_at as string) ?? null,
          },
        ]),
      )
    },

    /** A review's report (one per review), or null when the officer has not started it. */
    async forReview(reviewId: string, tx?: TxLike): Promise<Report | null> {
      const r = await conn(db, tx)('progress_report').where({ review_id: reviewId }).first()
      return r ? toReport(r) : null
    },

    /** Every submitted version of a report, oldest first, with who submitted it. */
    async versions(reportId: string, tx?: TxLike): Promise<ReportVersion[]> {
      const rows = await conn(
        db,
        tx,
      )('progress_report_version as v')
        .leftJoin('app_user as u', 'u.id', 'v.submitted_by')
        .where('v.report_id', reportId)
        .orderBy('v.version_number')
        .select('v.*', 'u.name as submitted_by_name')
      return rows.map(r => ({
        versionNumber: Number(r.version_number),
        submittedAt: String(r.submitted_at),
        submittedBy: String(r.submitted_by),
        submittedByName: s(r.submitted_by_name),
        late: Boolean(r.late),
        content: parseContent(r.content),
      }))
    },

    /** A review's first save; a second for the same review is refused by its unique key. */
    async insert(
      report: Pick<Report, 'id' | 'reviewId' | 'authorId'> & ReportFields,
      createdAt: string,
      tx?: TxLike,
    ): Promise<void> {
      await conn(
        db,
        tx,
      )('progress_report').insert({
        id: report.id,
        review_id: report.reviewId,
        author_id: report.authorId,
        created_at: createdAt,
        ...fieldColumns(report),
      })
    },

    /**
     * A later save, only if no submission has been made since the report was read (`submittedVersion`):
     * false when one was, so two submissions at once never make the same version twice.
     */
    async update(id: string, submittedVersion: number, fields: ReportFields, tx?: TxLike): Promise<boolean> {
      const trx = conn(db, tx)
      const changed = await trx('progress_report')
        .where({ id, submitted_version: submittedVersion })
        .update({ ...fieldColumns(fields), version: trx.raw('version + 1') })
      return changed > 0
    },

    async insertVersion(
      v: { id: string; reportId: string } & Omit<ReportVersion, 'submittedByName'>,
      tx?: TxLike,
    ): Promise<void> {
      await conn(
        db,
        tx,
      )('progress_report_version').insert({
        id: v.id,
        report_id: v.reportId,
        version_number: v.versionNumber,
        submitted_at: v.submittedAt,
        submitted_by: v.submittedBy,
        late: v.late,
        content: JSON.stringify(v.content),
      })
    },

    /**
     * Review hearings listed in a court's sittings between two dates whose report is not yet
     * submitted, in sitting order and place: one query, whatever the number of rows.
     */
    async awaited(filter: { courtId: string; from: string; to: string }, tx?: TxLike): Promise<AwaitedReportRow[]> {
      const rows = await conn(
        db,
        tx,
      )('review as r')
        .join('sitting as s', 's.id', 'r.sitting_id')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .join('person as p', 'p.id', 'o.person_id')
        .leftJoin('app_user as u', 'u.id', 'q.responsible_officer_id')
        .leftJoin('progress_report as pr', 'pr.review_id', 'r.id')
        .where('s.court_id', filter.courtId)
        .whereBetween('s.date', [filter.from, filter.to])
        .where('r.status', 'scheduled')
        .where('r.mode', 'hearing')
        .whereNotNull('r.slot_index')
        .where(w => w.whereNull('pr.status').orWhere('pr.status', '<>', 'submitted'))
        .orderBy([{ column: 's.date' }, { column: 's.starts_at' }, { column: 's.id' }, { column: 'r.slot_index' }])
        .select(
          'r.*',
          's.date as sitting_date',
          's.courtroom',
          'p.id as person_id',
          'p.name as person_name',
          'p.crn',
          'u.name as officer_name',
          'pr.status as report_status',
          'pr.submitted_at as report_submitted_at',
        )
      return rows.map(r => ({
        review: toReview(r),
        sittingDate: r.sitting_date as string,
        courtroom: r.courtroom as string,
        personId: r.person_id as string,
        personName: r.person_name as string,
        crn: r.crn as string,
        officerName: (r.officer_name as string) ?? null,
        report: r.report_status
          ? { status: r.report_status as string, submittedAt: (r.report_submitted_at as string) ?? null }
          : null,
      }))
    },

    /** The latest chase of each review's report (a chase is recorded only as an audit event). */
    async latestChases(reviewIds: string[], tx?: TxLike): Promise<Map<string, { at: string; byName: string | null }>> {
      const out = new Map<string, { at: string; byName: string | null }>()
      if (reviewIds.length === 0) return out
      const rows = await conn(
        db,
        tx,
      )('audit_event as a')
        .leftJoin('app_user as u', 'u.id', 'a.user_id')
        .where('a.action', 'chase_report')
        .where('a.subject_type', 'review')
        .whereIn('a.subject_id', reviewIds)
        .orderBy('a.id', 'desc')
        .select('a.subject_id', 'a.at', 'u.name as user_name')
      for (const r of rows)
        if (!out.has(r.subject_id)) out.set(r.subject_id as string, { at: r.at as string, byName: r.user_name ?? null })
      return out
    },

    /** The review a chase is for and the court that waits for its report (its sitting's, else its order's). */
    async chaseTarget(reviewId: string, tx?: TxLike): Promise<{ reviewId: string; courtId: string } | null> {
      const r = await conn(
        db,
        tx,
      )('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .leftJoin('sitting as s', 's.id', 'r.sitting_id')
        .where('r.id', reviewId)
        .select('r.id', 'o.court_id', 's.court_id as sitting_court_id')
        .first()
      return r ? { reviewId: r.id as string, courtId: (r.sitting_court_id ?? r.court_id) as string } : null
    },
  }
}

export type ReportRepository = ReturnType<typeof createReportRepository>
