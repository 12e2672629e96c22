import type { Knex } from 'knex'
import { conn, type Raw, type TxLike } from './unitOfWork'
import { createEnforcementRepository, type NonAttendanceRow, type WarrantListRow } from './enforcementRepository'
import { createBreachRepository, type BreachRow } from './breachRepository'
import { createAmendmentRepository, type AmendmentRow, type ApplicationRow } from './amendmentRepository'

/** Every enforcement record of a pack's requirements: each table read once for all its cases. */
export interface PackEnforcementRows {
  warrants: WarrantListRow[]
  breaches: BreachRow[]
  amendments: AmendmentRow[]
  applications: ApplicationRow[]
}

const names = async (db: Knex, table: string, ids: string[], tx?: TxLike) => {
  if (ids.length === 0) return []
  const rows = (await conn(db, tx)(table).whereIn('id', ids).select('id', 'name')) as Raw[]
  return rows.map(r => ({ id: String(r.id), name: String(r.name) }))
}

/**
 * A hearing pack's reads of warrants, breaches, non-attendance, amendments and applications, through
 * the repositories that own those tables (one query each for the whole pack), and the names an
 * amendment's ids stand for (one query per kind).
 */
export function createPackEnforcementReads(db: Knex) {
  const enforcement = createEnforcementRepository(db)
  const breaches = createBreachRepository(db)
  const amendments = createAmendmentRepository(db)
  return {
    async enforcement(requirementIds: string[], tx?: TxLike): Promise<PackEnforcementRows> {
      if (requirementIds.length === 0) return { warrants: [], breaches: [], amendments: [], applications: [] }
      const [w, b, a, p] = await Promise.all([
        enforcement.warrants({ requirementIds }, tx),
        breaches.forRequirements(requirementIds, tx),
        amendments.forRequirements(requirementIds, tx),
        amendments.applicationsFor(requirementIds, tx),
      ])
      return { warrants: w, breaches: b, amendments: a, applications: p }
    },

    /** What the court did about each of these reviews the person missed. */
    nonAttendance: (reviewIds: string[], tx?: TxLike): Promise<NonAttendanceRow[]> =>
      enforcement.nonAttendanceForReviews(reviewIds, tx),

    /** Users' names, for the benches a pack names (a disabled user's name still shows). */
    userNames: (ids: string[], tx?: TxLike) => names(db, 'app_user', ids, tx),
    /** Organisations' names: the providers an amendment moved the treatment between. */
    organisationNames: (ids: string[], tx?: TxLike) => names(db, 'organisation', ids, tx),
    /** Courts' names: the responsible courts an amendment moved the order between. */
    courtNames: (ids: string[], tx?: TxLike) => names(db, 'court', ids, tx),
  }
}
