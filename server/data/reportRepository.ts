import type { Knex } from 'knex'
import type { ReportContent } from '../services/progress/reportContent'
import { conn, type TxLike } from './unitOfWork'

export interface SubmittedReport {
  versionNumber: number
  submittedAt: string
  submittedByName: string | null
  late: boolean
  content: ReportContent
}

/** Where a review's progress report has got to: its status, when submitted, when due. */
export interface ReportState {
  status: string
  submittedAt: string | null
  dueAt: string | null
}

type Raw = Record<string, unknown>

/** Progress reports (Sentencing Act 2020 Sch 9 para 21(2)(d)-(e)) and their submitted versions. */
export function createReportRepository(db: Knex) {
  /** The latest submitted version of each review's progress report (what the court has had). */
  async function submittedVersions(reviewIds: string[], tx?: TxLike): Promise<Map<string, SubmittedReport>> {
      const trx = conn(db, tx)
    const out = new Map<string, SubmittedReport>()
    if (reviewIds.length === 0) return out
    const rows = (await trx('progress_report as r')
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
        content: JSON.parse(String(r.content)) as ReportContent,
      })
    return out
  }

  return {
    submittedVersions,

    /** Each review's report state, for the reviews that have a report at all. */
    async statesFor(reviewIds: string[], tx?: TxLike): Promise<Map<string, ReportState>> {
      if (reviewIds.length === 0) return new Map()
      const rows = await conn(db, tx)('progress_report')
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
  }
}

export type ReportRepository = ReturnType<typeof createReportRepository>
