import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from '../unitOfWork'
import {
  scopeRequirements,
  toOrder,
  toRequirement,
  type CaseScope,
  type OrderRow,
  type RequirementKind,
  type RequirementRow,
  type RequirementStatus,
} from './rows'

/** Orders, their requirements and their documents (pre-sentence reports). */
export function createOrderQueries(db: Knex) {
  return {
    /** Each requirement with its person, order, officer's and provider's names: the lists' shared join. */
    async requirementDetails(ids: string[], tx?: TxLike) {
      if (ids.length === 0) return []
      const rows = (await conn(
        db,
        tx,
      )('requirement as q')
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
          'p.date_of_birth',
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
        dateOfBirth: r.date_of_birth as string,
        crn: r.crn as string,
        caseReference: r.case_reference as string,
        officerName: (r.officer_name as string) ?? null,
        providerName: (r.provider_name as string) ?? null,
      }))
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
      const q = trx('requirement as q')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .where('q.id', id)
        .select('q.*', 'o.court_id', 'o.person_id')
        .first()
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
      changes: {
        reviewMode?: 'hearing' | 'paper'
        status?: RequirementStatus
        breachProceedings?: boolean
        /** Revoked early for good progress (Sch 10 para 14; Sch 16 para 22): counted as completed early. */
        completedEarly?: boolean
      },
      now: string,
      tx: TxLike,
    ) {
      const trx = conn(db, tx)
      const out: Raw = { updated_at: now, version: trx.raw('version + 1') }
      if (changes.reviewMode) out.review_mode = changes.reviewMode
      if (changes.status) out.status = changes.status
      if (changes.breachProceedings !== undefined) out.breach_proceedings = changes.breachProceedings
      if (changes.completedEarly !== undefined) out.completed_early = changes.completedEarly
      await trx('requirement').where({ id }).update(out)
    },

    /** A structured amendment (Sch 9 para 22; Sch 10): the requirement's terms as the court amended them. */
    async amendRequirement(
      id: string,
      changes: {
        months?: number
        endsOn?: string
        reviewIntervalMonths?: number
        providerOrganisationId?: string
        residential?: boolean
      },
      now: string,
      tx: TxLike,
    ) {
      const trx = conn(db, tx)
      const out: Raw = { updated_at: now, version: trx.raw('version + 1') }
      if (changes.months !== undefined) out.months = changes.months
      if (changes.endsOn !== undefined) out.ends_on = changes.endsOn
      if (changes.reviewIntervalMonths !== undefined) out.review_interval_months = changes.reviewIntervalMonths
      if (changes.providerOrganisationId !== undefined) out.provider_organisation_id = changes.providerOrganisationId
      if (changes.residential !== undefined) out.residential = changes.residential
      await trx('requirement').where({ id }).update(out)
    },

    /** The court responsible for the order's reviews (Sch 9 para 21(4)-(5)): where they are listed. */
    async setOrderCourt(orderId: string, courtId: string, now: string, tx: TxLike) {
      const trx = conn(db, tx)
      await trx('sentence_order')
        .where({ id: orderId })
        .update({ court_id: courtId, updated_at: now, version: trx.raw('version + 1') })
    },

    async insertDocument(
      d: { id: string; orderId: string; filename: string; mediaType: string; content: Buffer; uploadedBy: string },
      now: string,
    ) {
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
      const rows = await db('document')
        .whereIn('order_id', orderIds)
        .select('id', 'order_id', 'filename', 'size', 'uploaded_at')
        .orderBy('uploaded_at')
      return rows.map(r => ({
        id: r.id as string,
        orderId: r.order_id as string,
        filename: r.filename as string,
        size: Number(r.size),
        uploadedAt: r.uploaded_at as string,
      }))
    },

    async document(id: string) {
      const r = await db('document').where({ id }).first()
      return r
        ? {
            id: r.id as string,
            orderId: r.order_id as string,
            filename: r.filename as string,
            mediaType: r.media_type as string,
            content: Buffer.from(r.content),
          }
        : null
    },
  }
}
