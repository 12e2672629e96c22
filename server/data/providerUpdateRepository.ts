import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import { OPEN_STATUSES } from './reviewRepository'

/** A treatment provider's update for one review: one per review per organisation. */
export interface ProviderUpdate {
  id: string
  reviewId: string
  organisationId: string
  authorId: string
  treatmentView: string | null
  engagement: string | null
  appointmentsOffered: number | null
  appointmentsKept: number | null
  createdAt: string
  updatedAt: string
  version: number
}

/** An update as the officer reads it beside the report: with the organisation's and author's names. */
export interface ProviderView {
  id: string
  organisationName: string | null
  authorName: string | null
  treatmentView: string | null
  engagement: string | null
  appointmentsOffered: number | null
  appointmentsKept: number | null
  updatedAt: string
}

const s = (v: unknown) => (v === null || v === undefined ? null : String(v))
const n = (v: unknown) => (v === null || v === undefined ? null : Number(v))

export const toUpdate = (r: Raw): ProviderUpdate => ({
  id: r.id as string,
  reviewId: r.review_id as string,
  organisationId: r.organisation_id as string,
  authorId: r.author_id as string,
  treatmentView: (r.treatment_view as string) ?? null,
  engagement: (r.engagement as string) ?? null,
  appointmentsOffered: r.appointments_offered === null ? null : Number(r.appointments_offered),
  appointmentsKept: r.appointments_kept === null ? null : Number(r.appointments_kept),
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  version: Number(r.version),
})

export function createProviderUpdateRepository(db: Knex) {
  return {
    /** The organisation's update for a review, or null when none has been sent. */
    async find(reviewId: string, organisationId: string, tx?: TxLike): Promise<ProviderUpdate | null> {
      const row = await conn(
        db,
        tx,
      )('provider_update')
        .where({ review_id: reviewId, organisation_id: organisationId })
        .first()
      return row ? toUpdate(row) : null
    },

    /** Every organisation's update for a review, oldest change first. */
    async forReview(reviewId: string, tx?: TxLike): Promise<ProviderView[]> {
      const rows = await conn(
        db,
        tx,
      )('provider_update as pu')
        .leftJoin('organisation as g', 'g.id', 'pu.organisation_id')
        .leftJoin('app_user as u', 'u.id', 'pu.author_id')
        .where('pu.review_id', reviewId)
        .orderBy('pu.updated_at')
        .select('pu.*', 'g.name as organisation_name', 'u.name as author_name')
      return rows.map(r => ({
        id: String(r.id),
        organisationName: s(r.organisation_name),
        authorName: s(r.author_name),
        treatmentView: s(r.treatment_view),
        engagement: s(r.engagement),
        appointmentsOffered: n(r.appointments_offered),
        appointmentsKept: n(r.appointments_kept),
        updatedAt: String(r.updated_at),
      }))
    },

    /**
     * Writes the organisation's update for a review: the first save inserts it (version 1), a later
     * one replaces its content and bumps its version. Returns it as stored.
     */
    async save(
      u: Omit<ProviderUpdate, 'createdAt' | 'updatedAt' | 'version'>,
      at: string,
      tx?: TxLike,
    ): Promise<ProviderUpdate> {
      const trx = conn(db, tx)
      const values = {
        author_id: u.authorId,
        treatment_view: u.treatmentView,
        engagement: u.engagement,
        appointments_offered: u.appointmentsOffered,
        appointments_kept: u.appointmentsKept,
        updated_at: at,
      }
      await trx('provider_update')
        .insert({
          id: u.id,
          review_id: u.reviewId,
          organisation_id: u.organisationId,
          created_at: at,
          version: 1,
          ...values,
        })
        .onConflict(['review_id', 'organisation_id'])
        .merge({ ...values, version: trx.raw('?? + 1', ['provider_update.version']) })
      const row = await trx('provider_update')
        .where({ review_id: u.reviewId, organisation_id: u.organisationId })
        .first()
      return toUpdate(row)
    },

    /**
     * When the organisation last saved its update for each open review of its active referrals:
     * review id to the time.
     */
    async sentForOpenReviews(organisationId: string, tx?: TxLike): Promise<Map<string, string>> {
      const rows = await conn(
        db,
        tx,
      )('provider_update as u')
        .join('review as r', 'r.id', 'u.review_id')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .where('q.provider_organisation_id', organisationId)
        .where('q.status', 'active')
        .where('u.organisation_id', organisationId)
        .whereIn('r.status', OPEN_STATUSES)
        .select('u.review_id', 'u.updated_at')
      return new Map((rows as Raw[]).map(u => [u.review_id as string, u.updated_at as string]))
    },
  }
}

export type ProviderUpdateRepository = ReturnType<typeof createProviderUpdateRepository>
