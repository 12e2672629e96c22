import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import type { ReportRepository, SubmittedReport } from './reportRepository'

export type { SubmittedReport }

export interface PaperReviewItem {
  reviewId: string
  sequence: number
  reviewDate: string
  reportDueAt: string | null
  status: string
  mode: 'hearing' | 'paper'
  version: number
  personId: string
  personName: string
  crn: string
  courtId: string
  courtName: string
  courtKind: 'magistrates' | 'crown'
  requirementId: string
  requirementKind: string
  requirementEndsOn: string
  requirementActive: boolean
  breachProceedings: boolean
  decided: boolean
  report: SubmittedReport | null
}

/** Reviews without a hearing as the single justice or judge of a court sees them, with their reports. */
export function createPaperReviewRepository(db: Knex, reports: ReportRepository) {
  /**
   * Reviews of these courts, with person and court: one review (of any mode) when `reviewId` is given,
   * else the paper reviews waiting for a decision up to `until`, oldest first.
   */
  async function items(
    courtIds: string[],
    opts: { reviewId?: string; until?: string },
    tx?: TxLike,
  ): Promise<PaperReviewItem[]> {
    const trx = conn(db, tx)
    if (courtIds.length === 0) return []
    const q = trx('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .join('person as p', 'p.id', 'o.person_id')
      .join('court as c', 'c.id', 'o.court_id')
      .whereIn('o.court_id', courtIds)
      .orderBy([{ column: 'r.review_date' }, { column: 'p.name' }])
      .select(
        'r.*',
        'p.id as person_id',
        'p.name as person_name',
        'p.crn',
        'o.court_id',
        'c.name as court_name',
        'c.kind as court_kind',
        'q.kind as requirement_kind',
        'q.ends_on as requirement_ends_on',
        'q.status as requirement_status',
        'q.breach_proceedings',
        trx.raw('(select count(*) from outcome where outcome.review_id = r.id) as decided'),
      )
    if (opts.reviewId) q.where('r.id', opts.reviewId)
    else
      q.where('r.mode', 'paper')
        .where('r.status', 'scheduled')
        .where('q.status', 'active')
        .where('r.review_date', '<=', opts.until!)
        .whereNotExists(trx('outcome').whereRaw('outcome.review_id = r.id'))
    const rows = (await q) as Raw[]
    const submitted = await reports.submittedVersions(
      rows.map(r => String(r.id)),
      trx,
    )
    return rows.map(r => ({
      reviewId: String(r.id),
      sequence: Number(r.sequence),
      reviewDate: String(r.review_date),
      reportDueAt: (r.report_due_at as string) ?? null,
      status: String(r.status),
      mode: r.mode as 'hearing' | 'paper',
      version: Number(r.version),
      personId: String(r.person_id),
      personName: String(r.person_name),
      crn: String(r.crn),
      courtId: String(r.court_id),
      courtName: String(r.court_name),
      courtKind: r.court_kind === 'crown' ? 'crown' : 'magistrates',
      requirementId: String(r.requirement_id),
      requirementKind: String(r.requirement_kind),
      requirementEndsOn: String(r.requirement_ends_on),
      requirementActive: r.requirement_status === 'active',
      breachProceedings: Boolean(r.breach_proceedings),
      decided: Number(r.decided) > 0,
      report: submitted.get(String(r.id)) ?? null,
    }))
  }

  return { items }
}

export type PaperReviewRepository = ReturnType<typeof createPaperReviewRepository>
