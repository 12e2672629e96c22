import type { Knex } from 'knex'
import type { Raw } from '../unitOfWork'

export interface PersonRow {
  id: string
  name: string
  dateOfBirth: string
  crn: string
  pnc: string | null
  version: number
}

export type OrderKind = 'community' | 'suspended'
export type RequirementKind = 'DRR' | 'ATR' | 'MHTR'
export type RequirementStatus = 'active' | 'completed' | 'revoked'

export interface OrderRow {
  id: string
  personId: string
  courtId: string
  kind: OrderKind
  madeOn: string
  endsOn: string
  caseReference: string
  psrText: string | null
  version: number
}

export interface RequirementRow {
  id: string
  orderId: string
  kind: RequirementKind
  months: number
  residential: boolean
  providerOrganisationId: string | null
  responsibleOfficerId: string | null
  reviewIntervalMonths: number | null
  reviewMode: 'hearing' | 'paper'
  willingToComply: boolean
  startsOn: string
  endsOn: string
  status: RequirementStatus
  /** A breach has been laid and the review court has not yet decided it (Sch 10 para 1): the order goes on. */
  breachProceedings: boolean
  /** Revoked early for good progress (Sch 10 para 14; Sch 16 para 22): completed early. */
  completedEarly?: boolean
  version: number
}

export const toPerson = (r: Raw): PersonRow => ({
  id: r.id as string,
  name: r.name as string,
  dateOfBirth: r.date_of_birth as string,
  crn: r.crn as string,
  pnc: (r.pnc as string) ?? null,
  version: Number(r.version),
})

export const toOrder = (r: Raw): OrderRow => ({
  id: r.id as string,
  personId: r.person_id as string,
  courtId: r.court_id as string,
  kind: r.kind as OrderKind,
  madeOn: r.made_on as string,
  endsOn: r.ends_on as string,
  caseReference: r.case_reference as string,
  psrText: (r.psr_text as string) ?? null,
  version: Number(r.version),
})

export const toRequirement = (r: Raw): RequirementRow => ({
  id: r.id as string,
  orderId: r.order_id as string,
  kind: r.kind as RequirementKind,
  months: Number(r.months),
  residential: Boolean(r.residential),
  providerOrganisationId: (r.provider_organisation_id as string) ?? null,
  responsibleOfficerId: (r.responsible_officer_id as string) ?? null,
  reviewIntervalMonths: r.review_interval_months === null ? null : Number(r.review_interval_months),
  reviewMode: r.review_mode as 'hearing' | 'paper',
  willingToComply: Boolean(r.willing_to_comply),
  startsOn: r.starts_on as string,
  endsOn: r.ends_on as string,
  status: r.status as RequirementStatus,
  breachProceedings: Boolean(r.breach_proceedings),
  completedEarly: Boolean(r.completed_early),
  version: Number(r.version),
})

/** How a query is narrowed to what the signed-in user may see. */
export type CaseScope =
  | { kind: 'all' }
  | { kind: 'officer'; userIds: string[] }
  | { kind: 'provider'; organisationId: string }
  | { kind: 'none' }

/** The same rule as scopeRequirements, for rows already loaded. */
export function requirementVisible(
  r: Pick<RequirementRow, 'responsibleOfficerId' | 'providerOrganisationId'>,
  scope: CaseScope,
): boolean {
  if (scope.kind === 'all') return true
  if (scope.kind === 'officer') return r.responsibleOfficerId !== null && scope.userIds.includes(r.responsibleOfficerId)
  if (scope.kind === 'provider') return r.providerOrganisationId === scope.organisationId
  return false
}

/** Restrict a query that has `requirement as q` joined to the scope. */
export function scopeRequirements(q: Knex.QueryBuilder, scope: CaseScope): Knex.QueryBuilder {
  if (scope.kind === 'all') return q
  if (scope.kind === 'officer') return q.whereIn('q.responsible_officer_id', scope.userIds)
  if (scope.kind === 'provider') return q.where('q.provider_organisation_id', scope.organisationId)
  return q.whereRaw('1 = 0')
}
