import type { Knex } from 'knex'
import { conn, type Raw, type TxLike } from './unitOfWork'

export type WarrantStatus = 'open' | 'executed' | 'withdrawn'
export type NonAttendanceAction = 'adjourn' | 'summons' | 'warrant'

export interface WarrantRow {
  id: string
  requirementId: string
  missedReviewId: string
  returnReviewId: string | null
  issuedOn: string
  issuedBy: string
  issuedByBench: string[]
  bail: boolean
  status: WarrantStatus
  executedOn: string | null
  bailReturnOn: string | null
  withdrawnReason: string | null
  closedBy: string | null
  closedAt: string | null
  version: number
}

/** A warrant with what a list of them shows: whose, which court, and the hearing it came from. */
export interface WarrantListRow extends WarrantRow {
  personId: string
  personName: string
  crn: string
  courtId: string
  missedOn: string
  requirementEndsOn: string
}

export interface NonAttendanceRow {
  id: string
  reviewId: string
  action: NonAttendanceAction
  summonsOn: string | null
  hearingReviewId: string | null
  warrantId: string | null
  comments: string | null
  recordedBy: string
  recordedAt: string
}

const bench = (v: unknown): string[] => {
  try {
    const parsed: unknown = JSON.parse(String(v ?? '[]'))
    return Array.isArray(parsed) ? parsed.map(String) : []
  } catch {
    return []
  }
}

const toWarrant = (r: Raw): WarrantRow => ({
  id: r.id as string,
  requirementId: r.requirement_id as string,
  missedReviewId: r.missed_review_id as string,
  returnReviewId: (r.return_review_id as string) ?? null,
  issuedOn: r.issued_on as string,
  issuedBy: r.issued_by as string,
  issuedByBench: bench(r.issued_by_bench),
  bail: Boolean(r.bail),
  status: r.status as WarrantStatus,
  executedOn: (r.executed_on as string) ?? null,
  bailReturnOn: (r.bail_return_on as string) ?? null,
  withdrawnReason: (r.withdrawn_reason as string) ?? null,
  closedBy: (r.closed_by as string) ?? null,
  closedAt: (r.closed_at as string) ?? null,
  version: Number(r.version),
})

const toNonAttendance = (r: Raw): NonAttendanceRow => ({
  id: r.id as string,
  reviewId: r.review_id as string,
  action: r.action as NonAttendanceAction,
  summonsOn: (r.summons_on as string) ?? null,
  hearingReviewId: (r.hearing_review_id as string) ?? null,
  warrantId: (r.warrant_id as string) ?? null,
  comments: (r.comments as string) ?? null,
  recordedBy: r.recorded_by as string,
  recordedAt: r.recorded_at as string,
})

/**
 * Non-attendance and warrants (Sentencing Act 2020 Sch 10 para 8): what the court did when the
 * person missed a review hearing, and the warrants open until executed or withdrawn.
 */
export function createEnforcementRepository(db: Knex) {
  const warrantsWithCase = (trx: Knex) =>
    trx('warrant as w')
      .join('requirement as q', 'q.id', 'w.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .join('person as p', 'p.id', 'o.person_id')
      .join('review as m', 'm.id', 'w.missed_review_id')
      .select(
        'w.*',
        'p.id as person_id',
        'p.name as person_name',
        'p.crn',
        'o.court_id',
        'm.review_date as missed_on',
        'q.ends_on as requirement_ends_on',
      )

  const toListRow = (r: Raw): WarrantListRow => ({
    ...toWarrant(r),
    personId: r.person_id as string,
    personName: r.person_name as string,
    crn: r.crn as string,
    courtId: r.court_id as string,
    missedOn: r.missed_on as string,
    requirementEndsOn: r.requirement_ends_on as string,
  })

  return {
    async insertWarrant(
      w: Omit<
        WarrantRow,
        'version' | 'returnReviewId' | 'executedOn' | 'bailReturnOn' | 'withdrawnReason' | 'closedBy' | 'closedAt'
      >,
      at: string,
      tx?: TxLike,
    ): Promise<void> {
      await conn(
        db,
        tx,
      )('warrant').insert({
        id: w.id,
        requirement_id: w.requirementId,
        missed_review_id: w.missedReviewId,
        issued_on: w.issuedOn,
        issued_by: w.issuedBy,
        issued_by_bench: JSON.stringify(w.issuedByBench),
        bail: w.bail,
        status: w.status,
        created_at: at,
        updated_at: at,
        version: 1,
      })
    },

    async warrant(id: string, tx?: TxLike): Promise<WarrantListRow | null> {
      const row = (await warrantsWithCase(conn(db, tx)).where('w.id', id).first()) as Raw | undefined
      return row ? toListRow(row) : null
    },

    /** Warrants by status, oldest first, optionally for some courts or one requirement. */
    async warrants(
      filter: { status?: WarrantStatus; courtIds?: string[]; requirementIds?: string[] },
      tx?: TxLike,
    ): Promise<WarrantListRow[]> {
      const q = warrantsWithCase(conn(db, tx)).orderBy([
        { column: 'w.issued_on', order: 'asc' },
        { column: 'w.id', order: 'asc' },
      ])
      if (filter.status) q.where('w.status', filter.status)
      if (filter.courtIds) q.whereIn('o.court_id', filter.courtIds)
      if (filter.requirementIds) q.whereIn('w.requirement_id', filter.requirementIds)
      return ((await q) as Raw[]).map(toListRow)
    },

    /** Closes an open warrant, guarded by its version: false when it was no longer open at that version. */
    async closeWarrant(
      id: string,
      version: number,
      changes: {
        status: Exclude<WarrantStatus, 'open'>
        executedOn?: string | null
        bailReturnOn?: string | null
        returnReviewId?: string | null
        withdrawnReason?: string | null
        closedBy: string
      },
      at: string,
      tx?: TxLike,
    ): Promise<boolean> {
      const n = await conn(
        db,
        tx,
      )('warrant')
        .where({ id, version, status: 'open' })
        .update({
          status: changes.status,
          executed_on: changes.executedOn ?? null,
          bail_return_on: changes.bailReturnOn ?? null,
          return_review_id: changes.returnReviewId ?? null,
          withdrawn_reason: changes.withdrawnReason ?? null,
          closed_by: changes.closedBy,
          closed_at: at,
          updated_at: at,
          version: version + 1,
        })
      return Number(n) === 1
    },

    async insertNonAttendance(n: NonAttendanceRow, tx?: TxLike): Promise<void> {
      await conn(
        db,
        tx,
      )('non_attendance').insert({
        id: n.id,
        review_id: n.reviewId,
        action: n.action,
        summons_on: n.summonsOn,
        hearing_review_id: n.hearingReviewId,
        warrant_id: n.warrantId,
        comments: n.comments,
        recorded_by: n.recordedBy,
        recorded_at: n.recordedAt,
      })
    },

    async nonAttendanceFor(reviewId: string, tx?: TxLike): Promise<NonAttendanceRow | null> {
      const row = (await conn(db, tx)('non_attendance').where('review_id', reviewId).first()) as Raw | undefined
      return row ? toNonAttendance(row) : null
    },

    /** What the court did about each missed hearing of these reviews (a person's page, a pack). */
    async nonAttendanceForReviews(reviewIds: string[], tx?: TxLike): Promise<NonAttendanceRow[]> {
      if (!reviewIds.length) return []
      const rows = (await conn(db, tx)('non_attendance').whereIn('review_id', reviewIds)) as Raw[]
      return rows.map(toNonAttendance)
    },
  }
}

export type EnforcementRepository = ReturnType<typeof createEnforcementRepository>
