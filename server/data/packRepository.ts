import type { Knex } from 'knex'
import { isUniqueViolation } from '../db/createDb'
import { conn, type TxLike, type Raw } from './unitOfWork'
import { createPackEnforcementReads } from './packEnforcementReads'
import type { CourtKind } from './referenceRepository'
import type { OrderKind, RequirementKind } from './caseRepository'
import type {
  PackRequirementRow,
  PackReportVersionRow,
  PackProviderUpdateRow,
  PackOutcomeRow,
  PackDrugTestRow,
  IssuedPackSummary,
  IssuedPackRow,
} from './packRows'

export type {
  PackRequirementRow,
  PackReportVersionRow,
  PackProviderUpdateRow,
  PackOutcomeRow,
  PackDrugTestRow,
  IssuedPackSummary,
  IssuedPackRow,
} from './packRows'

const str = (v: unknown) => (v === null || v === undefined ? null : String(v))
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))

const toIssued = (r: Raw): IssuedPackRow => ({
  id: String(r.id),
  sittingId: String(r.sitting_id),
  version: Number(r.version),
  issuedAt: String(r.issued_at),
  issuedBy: String(r.issued_by),
  contentHash: String(r.content_hash),
  html: String(r.html),
  summary: (r.summary ? JSON.parse(String(r.summary)) : { cases: [] }) as IssuedPackSummary,
})

/**
 * Hearing packs: everything a pack shows for a set of reviews, each read taking every case at once
 * (a pack's queries do not grow with its cases), and the versions issued to the bench.
 */
export function createPackRepository(db: Knex) {
  // A sitting's pack (one case's packs are never issued on their own).
  const issuedFor = (sittingId: string, tx?: TxLike) =>
    conn(db, tx)('hearing_pack').where({ sitting_id: sittingId }).whereNull('review_id')

  return {
    async requirements(ids: string[], tx?: TxLike): Promise<PackRequirementRow[]> {
      if (ids.length === 0) return []
      const rows = (await conn(
        db,
        tx,
      )('requirement as q')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .join('person as p', 'p.id', 'o.person_id')
        .join('court as c', 'c.id', 'o.court_id')
        .leftJoin('app_user as u', 'u.id', 'q.responsible_officer_id')
        .leftJoin('organisation as g', 'g.id', 'q.provider_organisation_id')
        .whereIn('q.id', ids)
        .select(
          'q.id',
          'q.kind',
          'q.months',
          'q.starts_on',
          'q.ends_on',
          'q.review_mode',
          'q.breach_proceedings',
          'o.id as order_id',
          'o.kind as order_kind',
          'o.made_on',
          'o.ends_on as order_ends_on',
          'o.case_reference',
          'o.psr_text',
          'c.name as court_name',
          'c.kind as court_kind',
          'p.id as person_id',
          'p.name as person_name',
          'p.date_of_birth',
          'p.crn',
          'p.pnc',
          'u.name as officer_name',
          'g.name as provider_name',
        )) as Raw[]
      return rows.map(r => ({
        id: String(r.id),
        kind: r.kind as RequirementKind,
        months: Number(r.months),
        startsOn: String(r.starts_on),
        endsOn: String(r.ends_on),
        reviewMode: r.review_mode as 'hearing' | 'paper',
        breachProceedings: Boolean(r.breach_proceedings),
        orderId: String(r.order_id),
        orderKind: r.order_kind as OrderKind,
        madeOn: String(r.made_on),
        orderEndsOn: String(r.order_ends_on),
        caseReference: String(r.case_reference),
        psrText: str(r.psr_text),
        courtName: String(r.court_name),
        courtKind: r.court_kind as CourtKind,
        personId: String(r.person_id),
        personName: String(r.person_name),
        dateOfBirth: String(r.date_of_birth),
        crn: String(r.crn),
        pnc: str(r.pnc),
        officerName: str(r.officer_name),
        providerName: str(r.provider_name),
      }))
    },

    /** Every submitted version of these reviews' progress reports, oldest version first. */
    async reportVersions(reviewIds: string[], tx?: TxLike): Promise<PackReportVersionRow[]> {
      if (reviewIds.length === 0) return []
      const rows = (await conn(
        db,
        tx,
      )('progress_report as r')
        .join('progress_report_version as v', 'v.report_id', 'r.id')
        .whereIn('r.review_id', reviewIds)
        .orderBy('v.version_number')
        .select('r.review_id', 'v.version_number', 'v.submitted_at', 'v.late', 'v.content')) as Raw[]
      return rows.map(r => ({
        reviewId: String(r.review_id),
        versionNumber: Number(r.version_number),
        submittedAt: String(r.submitted_at),
        late: Boolean(r.late),
        content: JSON.parse(String(r.content)) as Record<string, unknown>,
      }))
    },

    /** The treatment providers' updates for these reviews, oldest first. */
    async providerUpdates(reviewIds: string[], tx?: TxLike): Promise<PackProviderUpdateRow[]> {
      if (reviewIds.length === 0) return []
      const rows = (await conn(
        db,
        tx,
      )('provider_update as u')
        .leftJoin('organisation as g', 'g.id', 'u.organisation_id')
        .whereIn('u.review_id', reviewIds)
        .orderBy('u.created_at')
        .select('u.*', 'g.name as organisation_name')) as Raw[]
      return rows.map(r => ({
        reviewId: String(r.review_id),
        organisationName: str(r.organisation_name),
        treatmentView: str(r.treatment_view),
        engagement: str(r.engagement),
        appointmentsOffered: num(r.appointments_offered),
        appointmentsKept: num(r.appointments_kept),
        updatedAt: String(r.updated_at),
      }))
    },

    /** These reviews' outcomes (one each at most), each with who sat, in one query. */
    async outcomes(reviewIds: string[], tx?: TxLike): Promise<PackOutcomeRow[]> {
      if (reviewIds.length === 0) return []
      const rows = (await conn(
        db,
        tx,
      )('outcome as o')
        .leftJoin('outcome_bench as b', 'b.outcome_id', 'o.id')
        .whereIn('o.review_id', reviewIds)
        .select('o.review_id', 'o.attended', 'o.progress', 'o.decision', 'o.bench_comments', 'b.user_id')) as Raw[]
      const byReview = new Map<string, PackOutcomeRow>()
      for (const r of rows) {
        const reviewId = String(r.review_id)
        let o = byReview.get(reviewId)
        if (!o) {
          o = {
            reviewId,
            attended: Boolean(r.attended),
            progress: String(r.progress),
            decision: String(r.decision),
            benchComments: str(r.bench_comments),
            benchUserIds: [],
          }
          byReview.set(reviewId, o)
        }
        if (r.user_id !== null && r.user_id !== undefined) o.benchUserIds.push(String(r.user_id))
      }
      return [...byReview.values()]
    },

    /** Every drug test of these people, in the order taken. */
    async drugTests(personIds: string[], tx?: TxLike): Promise<PackDrugTestRow[]> {
      if (personIds.length === 0) return []
      // A withdrawn test is not evidence: it leaves the pack and its chart (its history stays with the test).
      const rows = (await conn(
        db,
        tx,
      )('drug_test')
        .whereIn('person_id', personIds)
        .whereNull('withdrawn_at')
        .orderBy([{ column: 'taken_on' }, 'id'])
        .select('person_id', 'taken_on', 'method', 'results', 'other_substance', 'corrected_at')) as Raw[]
      return rows.map(r => ({
        personId: String(r.person_id),
        takenOn: String(r.taken_on),
        method: String(r.method),
        results: JSON.parse(String(r.results)) as Record<string, string>,
        otherSubstance: str(r.other_substance),
        corrected: r.corrected_at !== null && r.corrected_at !== undefined,
      }))
    },

    /** Which of these orders have a pre-sentence report on record. */
    async ordersWithPsr(orderIds: string[], tx?: TxLike): Promise<string[]> {
      if (orderIds.length === 0) return []
      const ids = await conn(db, tx)('document').whereIn('order_id', orderIds).where('kind', 'psr').pluck('order_id')
      return [...new Set(ids.map(String))]
    },

    // Warrants, breaches, amendments and the names a pack shows: userNames, organisationNames, courtNames.
    ...createPackEnforcementReads(db),

    /** The versions issued for a sitting, oldest first. */
    async issued(sittingId: string, tx?: TxLike): Promise<IssuedPackRow[]> {
      return ((await issuedFor(sittingId, tx).orderBy('version')) as Raw[]).map(toIssued)
    },

    async latestIssued(sittingId: string, tx?: TxLike): Promise<IssuedPackRow | null> {
      const r = (await issuedFor(sittingId, tx).orderBy('version', 'desc').first()) as Raw | undefined
      return r ? toIssued(r) : null
    },

    /** Records an issued version; false when that version of the sitting's pack is already taken. */
    async insertIssued(p: IssuedPackRow, tx?: TxLike): Promise<boolean> {
      try {
        await conn(
          db,
          tx,
        )('hearing_pack').insert({
          id: p.id,
          sitting_id: p.sittingId,
          review_id: null,
          version: p.version,
          issued_at: p.issuedAt,
          issued_by: p.issuedBy,
          content_hash: p.contentHash,
          html: p.html,
          summary: JSON.stringify(p.summary),
        })
        return true
      } catch (err) {
        if (isUniqueViolation(err)) return false
        throw err
      }
    },
  }
}

export type PackRepository = ReturnType<typeof createPackRepository>
