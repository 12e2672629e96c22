import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'
import type { CurrentUser } from '../roles'

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
  version: number
}

type Raw = Record<string, unknown>

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
  version: Number(r.version),
})

/** How a query is narrowed to what the signed-in user may see. */
export type CaseScope =
  | { kind: 'all' }
  | { kind: 'officer'; userIds: string[] }
  | { kind: 'provider'; organisationId: string }
  | { kind: 'none' }

/** The same rule as scopeRequirements, for rows already loaded. */
export function requirementVisible(r: Pick<RequirementRow, 'responsibleOfficerId' | 'providerOrganisationId'>, scope: CaseScope): boolean {
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

export function createCaseRepository(db: Knex) {
  return {
    /**
     * What case data a user may see (DESIGN.md "Who uses it"): clerks and admins every case; an officer
     * their own (a manager their organisation's officers'); a provider their organisation's clients;
     * sentencers see cases only through the packs of sittings they sit on. Every scoped read takes it.
     */
    async scopeFor(user: CurrentUser, tx?: TxLike): Promise<CaseScope> {
      switch (user.role) {
        case 'clerk':
        case 'admin':
          return { kind: 'all' }
        case 'probation': {
          if (!user.isManager || !user.organisationId) return { kind: 'officer', userIds: [user.id] }
          const team = await conn(db, tx)('app_user')
            .where({ role: 'probation', organisation_id: user.organisationId })
            .pluck('id')
          return { kind: 'officer', userIds: [...new Set([user.id, ...team])] }
        }
        case 'provider':
          return user.organisationId ? { kind: 'provider', organisationId: user.organisationId } : { kind: 'none' }
        default:
          return { kind: 'none' }
      }
    },

    /** Each requirement with its person, order, officer's and provider's names: the lists' shared join. */
    async requirementDetails(ids: string[], tx?: TxLike) {
      if (ids.length === 0) return []
      const rows = (await conn(db, tx)('requirement as q')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .join('person as p', 'p.id', 'o.person_id')
        .leftJoin('app_user as u', 'u.id', 'q.responsible_officer_id')
        .leftJoin('organisation as g', 'g.id', 'q.provider_organisation_id')
        .whereIn('q.id', ids)
        .select(
          'q.id',
          'q.kind',
          'q.months',
          'q.residential',
          'q.breach_proceedings',
          'p.id as person_id',
          'p.name as person_name',
          'p.crn',
          'o.case_reference',
          'u.name as officer_name',
          'g.name as provider_name',
        )) as Raw[]
      return rows.map(r => ({
        id: r.id as string,
        kind: r.kind as RequirementKind,
        breachProceedings: Boolean(r.breach_proceedings),
        personId: r.person_id as string,
        personName: r.person_name as string,
        crn: r.crn as string,
        caseReference: r.case_reference as string,
        officerName: (r.officer_name as string) ?? null,
        providerName: (r.provider_name as string) ?? null,
      }))
    },

    async insertPerson(p: Omit<PersonRow, 'version'>, now: string, tx?: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await trx('person').insert({
        id: p.id,
        name: p.name,
        date_of_birth: p.dateOfBirth,
        crn: p.crn,
        pnc: p.pnc,
        created_at: now,
        updated_at: now,
        version: 1,
      })
    },

    async updatePerson(p: Omit<PersonRow, 'version'>, version: number, now: string): Promise<boolean> {
      const n = await db('person')
        .where({ id: p.id, version })
        .update({ name: p.name, date_of_birth: p.dateOfBirth, crn: p.crn, pnc: p.pnc, updated_at: now, version: version + 1 })
      return n > 0
    },

    async personByCrn(crn: string, tx?: TxLike): Promise<PersonRow | null> {
      const trx = conn(db, tx)
      const r = await trx('person').where({ crn }).first()
      return r ? toPerson(r) : null
    },

    /** A person the scope may see, or null (the caller answers 404 either way). */
    async person(id: string, scope: CaseScope, tx?: TxLike): Promise<PersonRow | null> {
      const trx = conn(db, tx)
      if (scope.kind === 'none') return null
      if (scope.kind === 'all') {
        const r = await trx('person').where({ id }).first()
        return r ? toPerson(r) : null
      }
      const q = trx('person as p')
        .join('sentence_order as o', 'o.person_id', 'p.id')
        .join('requirement as q', 'q.order_id', 'o.id')
        .where('p.id', id)
        .select('p.*')
        .first()
      const r = await scopeRequirements(q, scope)
      return r ? toPerson(r) : null
    },

    async search(term: string, scope: CaseScope, limit = 50): Promise<PersonRow[]> {
      const t = term.trim()
      if (!t || scope.kind === 'none') return []
      const like = `%${t.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`
      const q = db('person as p')
        .where(w =>
          w
            .whereRaw("lower(p.name) like ? escape '\\'", [like])
            .orWhere('p.crn', t.toUpperCase())
            .orWhere('p.pnc', t.toUpperCase()),
        )
        .distinct('p.*')
        .orderBy('p.name')
        .limit(limit)
      if (scope.kind !== 'all') {
        q.join('sentence_order as o', 'o.person_id', 'p.id').join('requirement as q', 'q.order_id', 'o.id')
        scopeRequirements(q, scope)
      }
      return (await q).map(toPerson)
    },

    async insertOrder(o: Omit<OrderRow, 'version'>, now: string, tx: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await trx('sentence_order').insert({
        id: o.id,
        person_id: o.personId,
        court_id: o.courtId,
        kind: o.kind,
        made_on: o.madeOn,
        ends_on: o.endsOn,
        case_reference: o.caseReference,
        psr_text: o.psrText,
        created_at: now,
        updated_at: now,
        version: 1,
      })
    },

    async order(id: string, tx?: TxLike): Promise<OrderRow | null> {
      const trx = conn(db, tx)
      const r = await trx('sentence_order').where({ id }).first()
      return r ? toOrder(r) : null
    },

    async ordersForPerson(personId: string, tx?: TxLike): Promise<OrderRow[]> {
      const trx = conn(db, tx)
      return (await trx('sentence_order').where('person_id', personId).orderBy('made_on', 'desc')).map(toOrder)
    },

    async setPsrText(orderId: string, text: string | null, now: string): Promise<void> {
      await db('sentence_order').where({ id: orderId }).update({ psr_text: text, updated_at: now })
    },

    async insertRequirement(r: Omit<RequirementRow, 'version'>, now: string, tx: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await trx('requirement').insert({
        id: r.id,
        order_id: r.orderId,
        kind: r.kind,
        months: r.months,
        residential: r.residential,
        provider_organisation_id: r.providerOrganisationId,
        responsible_officer_id: r.responsibleOfficerId,
        review_interval_months: r.reviewIntervalMonths,
        review_mode: r.reviewMode,
        willing_to_comply: r.willingToComply,
        starts_on: r.startsOn,
        ends_on: r.endsOn,
        status: r.status,
        breach_proceedings: r.breachProceedings,
        created_at: now,
        updated_at: now,
        version: 1,
      })
    },

    async requirement(id: string, tx?: TxLike): Promise<RequirementRow | null> {
      const trx = conn(db, tx)
      const r = await trx('requirement').where({ id }).first()
      return r ? toRequirement(r) : null
    },

    /** A requirement the scope may see, with its order's court. */
    async requirementInScope(id: string, scope: CaseScope, tx?: TxLike) {
      const trx = conn(db, tx)
      if (scope.kind === 'none') return null
      const q = trx('requirement as q').join('sentence_order as o', 'o.id', 'q.order_id').where('q.id', id).select('q.*', 'o.court_id', 'o.person_id').first()
      const r = await scopeRequirements(q, scope)
      return r ? { ...toRequirement(r), courtId: r.court_id as string, personId: r.person_id as string } : null
    },

    async requirementsForOrders(orderIds: string[], tx?: TxLike): Promise<RequirementRow[]> {
      const trx = conn(db, tx)
      if (orderIds.length === 0) return []
      return (await trx('requirement').whereIn('order_id', orderIds).orderBy('created_at')).map(toRequirement)
    },

    async updateRequirementReviewing(
      id: string,
      changes: { reviewMode?: 'hearing' | 'paper'; status?: RequirementStatus; breachProceedings?: boolean },
      now: string,
      tx: TxLike,
    ) {
      const trx = conn(db, tx)
      const out: Raw = { updated_at: now, version: trx.raw('version + 1') }
      if (changes.reviewMode) out.review_mode = changes.reviewMode
      if (changes.status) out.status = changes.status
      if (changes.breachProceedings !== undefined) out.breach_proceedings = changes.breachProceedings
      await trx('requirement').where({ id }).update(out)
    },

    async insertDocument(d: { id: string; orderId: string; filename: string; mediaType: string; content: Buffer; uploadedBy: string }, now: string) {
      await db('document').insert({
        id: d.id,
        order_id: d.orderId,
        kind: 'psr',
        filename: d.filename,
        media_type: d.mediaType,
        size: d.content.length,
        content: d.content,
        uploaded_by: d.uploadedBy,
        uploaded_at: now,
      })
    },

    async documentsForOrders(orderIds: string[]) {
      if (orderIds.length === 0) return []
      const rows = await db('document').whereIn('order_id', orderIds).select('id', 'order_id', 'filename', 'size', 'uploaded_at').orderBy('uploaded_at')
      return rows.map(r => ({ id: r.id as string, orderId: r.order_id as string, filename: r.filename as string, size: Number(r.size), uploadedAt: r.uploaded_at as string }))
    },

    async document(id: string) {
      const r = await db('document').where({ id }).first()
      return r
        ? { id: r.id as string, orderId: r.order_id as string, filename: r.filename as string, mediaType: r.media_type as string, content: Buffer.from(r.content) }
        : null
    },
  }
}

export type CaseRepository = ReturnType<typeof createCaseRepository>
