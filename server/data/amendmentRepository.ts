import type { Knex } from 'knex'
import { conn, type Raw, type TxLike } from './unitOfWork'

/** What an amendment changed, field by field: { months: { from: 12, to: 18 } }. */
export type AmendmentChanges = Record<string, { from: unknown; to: unknown }>

export interface AmendmentRow {
  id: string
  requirementId: string
  reviewId: string | null
  applicationId: string | null
  madeOn: string
  changes: AmendmentChanges
  consent: boolean
  reason: string
  madeBy: string
  madeAt: string
}

export type ApplicationKind = 'amend' | 'early_revocation'
export type ApplicationStatus = 'open' | 'granted' | 'refused'

export interface ApplicationRow {
  id: string
  requirementId: string
  kind: ApplicationKind
  reason: string
  proposed: string | null
  madeBy: string
  madeAt: string
  hearingReviewId: string | null
  status: ApplicationStatus
  decidedBy: string | null
  decidedAt: string | null
  decisionComments: string | null
  version: number
}

const json = (v: unknown): AmendmentChanges => {
  try {
    const parsed: unknown = JSON.parse(String(v ?? '{}'))
    return parsed && typeof parsed === 'object' ? (parsed as AmendmentChanges) : {}
  } catch {
    return {}
  }
}

const toAmendment = (r: Raw): AmendmentRow => ({
  id: r.id as string,
  requirementId: r.requirement_id as string,
  reviewId: (r.review_id as string) ?? null,
  applicationId: (r.application_id as string) ?? null,
  madeOn: r.made_on as string,
  changes: json(r.changes),
  consent: Boolean(r.consent),
  reason: r.reason as string,
  madeBy: r.made_by as string,
  madeAt: r.made_at as string,
})

const toApplication = (r: Raw): ApplicationRow => ({
  id: r.id as string,
  requirementId: r.requirement_id as string,
  kind: r.kind as ApplicationKind,
  reason: r.reason as string,
  proposed: (r.proposed as string) ?? null,
  madeBy: r.made_by as string,
  madeAt: r.made_at as string,
  hearingReviewId: (r.hearing_review_id as string) ?? null,
  status: r.status as ApplicationStatus,
  decidedBy: (r.decided_by as string) ?? null,
  decidedAt: (r.decided_at as string) ?? null,
  decisionComments: (r.decision_comments as string) ?? null,
  version: Number(r.version),
})

/**
 * Structured amendments of a requirement and applications to the review court (Sentencing Act 2020
 * Sch 9 para 22; Sch 10 paras 14, 18-19; Sch 16): dated rows, never changed once made.
 */
export function createAmendmentRepository(db: Knex) {
  return {
    async insert(a: AmendmentRow, tx?: TxLike): Promise<void> {
      await conn(
        db,
        tx,
      )('amendment').insert({
        id: a.id,
        requirement_id: a.requirementId,
        review_id: a.reviewId,
        application_id: a.applicationId,
        made_on: a.madeOn,
        changes: JSON.stringify(a.changes),
        consent: a.consent,
        reason: a.reason,
        made_by: a.madeBy,
        made_at: a.madeAt,
      })
    },

    async find(id: string, tx?: TxLike): Promise<AmendmentRow | null> {
      const row = (await conn(db, tx)('amendment').where({ id }).first()) as Raw | undefined
      return row ? toAmendment(row) : null
    },

    /** The amendments of these requirements, oldest first (a pack shows those since the last review). */
    async forRequirements(requirementIds: string[], tx?: TxLike): Promise<AmendmentRow[]> {
      if (!requirementIds.length) return []
      const rows = (await conn(
        db,
        tx,
      )('amendment')
        .whereIn('requirement_id', requirementIds)
        .orderBy([{ column: 'made_at' }, { column: 'id' }])) as Raw[]
      return rows.map(toAmendment)
    },

    async insertApplication(
      a: Pick<
        ApplicationRow,
        'id' | 'requirementId' | 'kind' | 'reason' | 'proposed' | 'madeBy' | 'madeAt' | 'hearingReviewId'
      >,
      tx?: TxLike,
    ): Promise<void> {
      await conn(
        db,
        tx,
      )('application').insert({
        id: a.id,
        requirement_id: a.requirementId,
        kind: a.kind,
        reason: a.reason,
        proposed: a.proposed,
        made_by: a.madeBy,
        made_at: a.madeAt,
        hearing_review_id: a.hearingReviewId,
        status: 'open',
        version: 1,
      })
    },

    async application(id: string, tx?: TxLike): Promise<ApplicationRow | null> {
      const row = (await conn(db, tx)('application').where({ id }).first()) as Raw | undefined
      return row ? toApplication(row) : null
    },

    async applicationsFor(requirementIds: string[], tx?: TxLike): Promise<ApplicationRow[]> {
      if (!requirementIds.length) return []
      const rows = (await conn(
        db,
        tx,
      )('application')
        .whereIn('requirement_id', requirementIds)
        .orderBy([{ column: 'made_at' }, { column: 'id' }])) as Raw[]
      return rows.map(toApplication)
    },

    /** Decides an open application, guarded by its version: false when it was no longer open at it. */
    async decideApplication(
      id: string,
      version: number,
      d: { status: Exclude<ApplicationStatus, 'open'>; decidedBy: string; comments: string | null },
      at: string,
      tx?: TxLike,
    ): Promise<boolean> {
      const n = await conn(
        db,
        tx,
      )('application')
        .where({ id, version, status: 'open' })
        .update({
          status: d.status,
          decided_by: d.decidedBy,
          decided_at: at,
          decision_comments: d.comments,
          version: version + 1,
        })
      return Number(n) === 1
    },
  }
}

export type AmendmentRepository = ReturnType<typeof createAmendmentRepository>
