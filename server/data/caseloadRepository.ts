import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import { scopeRequirements, type CaseScope, type RequirementKind } from './caseRepository'
import { OPEN_STATUSES, toReview, type ReviewRow } from './reviewRepository'

/** An active requirement on an officer's caseload, with its person and order. */
export interface CaseloadRequirement {
  id: string
  kind: RequirementKind
  personId: string
  personName: string
  crn: string
  caseReference: string
  /** A breach is before the court (Sentencing Act 2020 Sch 10): the order goes on until it decides. */
  breachProceedings: boolean
}

export interface ClientPerson {
  id: string
  name: string
  crn: string
}

/**
 * The two agencies' worklists: an officer's caseload and a provider's clients. They read the case
 * and review tables; each is a fixed number of queries, whatever the number of cases.
 */
export function createCaseloadRepository(db: Knex) {
  /** A query with `requirement as q` joined, narrowed to the organisation's active referrals. */
  const referredTo = (q: Knex.QueryBuilder, organisationId: string) =>
    q.where('q.provider_organisation_id', organisationId).where('q.status', 'active')

  return {
    /** Every active requirement the scope may see, with its person and order. */
    async officerCaseload(scope: CaseScope, tx?: TxLike): Promise<CaseloadRequirement[]> {
      const rows: Raw[] = await scopeRequirements(
        conn(
          db,
          tx,
        )('requirement as q')
          .join('sentence_order as o', 'o.id', 'q.order_id')
          .join('person as p', 'p.id', 'o.person_id')
          .where('q.status', 'active')
          .select(
            'q.id',
            'q.kind',
            'q.breach_proceedings',
            'p.id as person_id',
            'p.name as person_name',
            'p.crn',
            'o.case_reference',
          ),
        scope,
      )
      return rows.map(r => ({
        id: String(r.id),
        kind: r.kind as RequirementKind,
        personId: String(r.person_id),
        personName: String(r.person_name),
        crn: String(r.crn),
        caseReference: String(r.case_reference),
        breachProceedings: Boolean(r.breach_proceedings),
      }))
    },

    /** People with an active requirement referred to the organisation. */
    async clients(organisationId: string, tx?: TxLike): Promise<ClientPerson[]> {
      const rows: Raw[] = await referredTo(
        conn(
          db,
          tx,
        )('person as p')
          .join('sentence_order as o', 'o.person_id', 'p.id')
          .join('requirement as q', 'q.order_id', 'o.id'),
        organisationId,
      ).distinct('p.id', 'p.name', 'p.crn')
      return rows.map(p => ({ id: p.id as string, name: p.name as string, crn: p.crn as string }))
    },

    /** Each client's earliest open review of a requirement referred to the organisation: person id to review. */
    async nextOpenReviews(organisationId: string, tx?: TxLike): Promise<Map<string, ReviewRow>> {
      const trx = conn(db, tx)
      // A window function (both SQLite and PostgreSQL have them): one row per person, in one query.
      const ranked = referredTo(trx('review as r').join('requirement as q', 'q.id', 'r.requirement_id'), organisationId)
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .whereIn('r.status', OPEN_STATUSES)
        .select(
          'r.*',
          'o.person_id as person_id',
          trx.raw('row_number() over (partition by o.person_id order by r.review_date, r.sequence, r.id) as rn'),
        )
      const open: Raw[] = await trx.select('*').from(ranked.as('x')).where('x.rn', 1)
      return new Map(open.map(r => [r.person_id as string, toReview(r)]))
    },
  }
}

export type CaseloadRepository = ReturnType<typeof createCaseloadRepository>
