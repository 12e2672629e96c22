import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'
import { isUniqueViolation } from '../db/createDb'
import { createCacheVersionRepository, versionedCache } from './cacheVersionRepository'

export type CourtKind = 'magistrates' | 'crown'

export interface CourtRow {
  id: string
  name: string
  code: string
  /** Who decides a review without a hearing: a single justice (magistrates' court) or a judge (Crown Court). */
  kind: CourtKind
  reportDueWorkingDays: number
  defaultSittingWeekday: number | null
}

export type OrganisationKind = 'probation' | 'provider'

export interface OrganisationRow {
  id: string
  name: string
  kind: OrganisationKind
}

export interface BankHolidayRow {
  date: string
  title: string
}

const toCourt = (r: Record<string, unknown>): CourtRow => ({
  id: r.id as string,
  name: r.name as string,
  code: r.code as string,
  kind: r.kind === 'crown' ? 'crown' : 'magistrates',
  reportDueWorkingDays: Number(r.report_due_working_days),
  defaultSittingWeekday: r.default_sitting_weekday === null ? null : Number(r.default_sitting_weekday),
})

/** Runs a write; false when a unique key refused it. */
async function unlessTaken(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write()
    return true
  } catch (err) {
    if (isUniqueViolation(err)) return false
    throw err
  }
}

// Courts, organisations and bank holidays: reference data, readable by every signed-in role.
export function createReferenceRepository(db: Knex) {
  // Bank holidays change about once a year and every booking reads them: each instance keeps them in
  // memory, and before each use reads their version (one primary-key lookup), which a replacement
  // raises in its own transaction. Several instances on one database each see a replacement made
  // through any of them on their next use.
  const versions = createCacheVersionRepository(db)
  const holidays = versionedCache(versions, 'bank_holidays', (tx?: TxLike): Promise<BankHolidayRow[]> =>
    conn(db, tx)('bank_holiday').select('date', 'title').orderBy('date'),
  )

  return {
    async courts(): Promise<CourtRow[]> {
      return (await db('court').orderBy('name')).map(toCourt)
    },
    async court(id: string, tx?: TxLike): Promise<CourtRow | null> {
      const trx = conn(db, tx)
      const r = await trx('court').where({ id }).first()
      return r ? toCourt(r) : null
    },
    async courtByCode(code: string): Promise<CourtRow | null> {
      const r = await db('court').where({ code }).first()
      return r ? toCourt(r) : null
    },
    async insertCourt(
      court: Omit<CourtRow, 'defaultSittingWeekday'> & { defaultSittingWeekday?: number | null },
      now: string,
    ) {
      await db('court').insert({
        id: court.id,
        name: court.name,
        code: court.code,
        kind: court.kind,
        report_due_working_days: court.reportDueWorkingDays,
        default_sitting_weekday: court.defaultSittingWeekday ?? null,
        timezone: 'Europe/London',
        created_at: now,
      })
    },
    async updateCourt(court: CourtRow): Promise<void> {
      await db('court').where({ id: court.id }).update({
        name: court.name,
        code: court.code,
        kind: court.kind,
        report_due_working_days: court.reportDueWorkingDays,
        default_sitting_weekday: court.defaultSittingWeekday,
      })
    },

    async organisations(kind?: OrganisationKind): Promise<OrganisationRow[]> {
      const q = db('organisation').select('id', 'name', 'kind').orderBy('name')
      if (kind) q.where({ kind })
      return q
    },
    async organisation(id: string): Promise<OrganisationRow | null> {
      return (await db('organisation').select('id', 'name', 'kind').where({ id }).first()) ?? null
    },
    /** False when the name is taken for its kind (a unique key). */
    async insertOrganisation(org: OrganisationRow, now: string): Promise<boolean> {
      return unlessTaken(() => db('organisation').insert({ ...org, created_at: now }))
    },
    /** False when the name is taken for its kind (a unique key). */
    async updateOrganisation(org: OrganisationRow): Promise<boolean> {
      return unlessTaken(() => db('organisation').where({ id: org.id }).update({ name: org.name, kind: org.kind }))
    },

    /** Every bank holiday, earliest first. The rows are shared: do not change them. */
    async bankHolidays(tx?: TxLike): Promise<BankHolidayRow[]> {
      return holidays.get(tx)
    },
    async replaceBankHolidays(rows: BankHolidayRow[]): Promise<void> {
      await db.transaction(async trx => {
        await trx('bank_holiday').del()
        // Chunked: SQLite limits the number of bound parameters per statement.
        for (let i = 0; i < rows.length; i += 200) await trx('bank_holiday').insert(rows.slice(i, i + 200))
        await versions.bump('bank_holidays', trx)
      })
    },
  }
}

export type ReferenceRepository = ReturnType<typeof createReferenceRepository>
