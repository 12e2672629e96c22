import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import { scopeRequirements, type CaseScope } from './caseRepository'

// API.md "Enumerations": the same words in pages, API and database.
export const METHODS = ['oral_fluid', 'urine', 'hair', 'breath'] as const
export const SUBSTANCES = [
  'opiates',
  'cocaine',
  'cannabis',
  'benzodiazepines',
  'amphetamines',
  'methadone',
  'buprenorphine',
  'alcohol',
  'other',
] as const
export const RESULTS = ['negative', 'positive', 'positive_prescribed', 'refused', 'missed', 'tampered'] as const

export type Method = (typeof METHODS)[number]
export type Substance = (typeof SUBSTANCES)[number]
export type Result = (typeof RESULTS)[number]
export type Results = Partial<Record<Substance, Result>>

export interface DrugTest {
  id: string
  personId: string
  takenOn: string
  method: Method
  results: Results
  otherSubstance: string | null
  organisationId: string | null
  enteredBy: string
  uploadId: string | null
  createdAt: string
}

/** A test as the officer reads it beside the report: with the testing organisation's name. */
export interface TestEvidence {
  id: string
  takenOn: string
  method: string
  results: Record<string, string>
  otherSubstance: string | null
  organisationName: string | null
}

/** Results in one fixed key order, so the same results always serialise the same way. */
export function canonicalResults(results: Results): Results {
  const out: Results = {}
  for (const s of SUBSTANCES) if (results[s]) out[s] = results[s]
  return out
}

export const toDrugTest = (r: Raw): DrugTest => ({
  id: r.id as string,
  personId: r.person_id as string,
  takenOn: r.taken_on as string,
  method: r.method as Method,
  results: canonicalResults(JSON.parse(r.results as string) as Results),
  otherSubstance: (r.other_substance as string) ?? null,
  organisationId: (r.organisation_id as string) ?? null,
  enteredBy: r.entered_by as string,
  uploadId: (r.upload_id as string) ?? null,
  createdAt: r.created_at as string,
})

const toColumns = (t: DrugTest) => ({
  id: t.id,
  person_id: t.personId,
  taken_on: t.takenOn,
  method: t.method,
  results: JSON.stringify(canonicalResults(t.results)),
  other_substance: t.otherSubstance,
  organisation_id: t.organisationId,
  entered_by: t.enteredBy,
  upload_id: t.uploadId,
  created_at: t.createdAt,
})

/** Results as stored, in the order they were written; anything unreadable reads as none. */
function storedResults(raw: unknown): Record<string, string> {
  try {
    const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw
    return value && typeof value === 'object' ? (value as Record<string, string>) : {}
  } catch {
    return {}
  }
}

// Lists of ids and CRNs are sent in slices, well under any database's limit on bound values.
const SLICE = 500

/** Drug tests (DESIGN.md: the tests the court reads at each review, para 21(2)(d)-(e)), and who they may be recorded for. */
export function createDrugTestRepository(db: Knex) {
  return {
    /** A person's tests, latest first. */
    async forPerson(personId: string, tx?: TxLike): Promise<DrugTest[]> {
      const rows = await conn(db, tx)('drug_test')
        .where('person_id', personId)
        .orderBy([
          { column: 'taken_on', order: 'desc' },
          { column: 'created_at', order: 'desc' },
        ])
      return rows.map(toDrugTest)
    },

    /** A person's tests taken between two dates (both included), earliest first. */
    async takenBetween(personId: string, from: string, to: string, tx?: TxLike): Promise<TestEvidence[]> {
      const rows = await conn(db, tx)('drug_test as t')
        .leftJoin('organisation as g', 'g.id', 't.organisation_id')
        .where('t.person_id', personId)
        .where('t.taken_on', '>=', from)
        .where('t.taken_on', '<=', to)
        .orderBy([{ column: 't.taken_on' }, { column: 't.created_at' }])
        .select('t.id', 't.taken_on', 't.method', 't.results', 't.other_substance', 'g.name as organisation_name')
      return rows.map(t => ({
        id: String(t.id),
        takenOn: String(t.taken_on),
        method: String(t.method),
        results: storedResults(t.results),
        otherSubstance: t.other_substance === null || t.other_substance === undefined ? null : String(t.other_substance),
        organisationName:
          t.organisation_name === null || t.organisation_name === undefined ? null : String(t.organisation_name),
      }))
    },

    /** Tests of any of these people taken between two dates (both included): one query per 500 people. */
    async forPeopleBetween(personIds: string[], from: string, to: string, tx?: TxLike): Promise<DrugTest[]> {
      const out: DrugTest[] = []
      for (let i = 0; i < personIds.length; i += SLICE) {
        const rows = await conn(db, tx)('drug_test')
          .whereIn('person_id', personIds.slice(i, i + SLICE))
          .whereBetween('taken_on', [from, to])
        out.push(...rows.map(toDrugTest))
      }
      return out
    },

    /** Stores tests: one statement per 200. */
    async insert(tests: DrugTest[], tx?: TxLike): Promise<void> {
      const rows = tests.map(toColumns)
      for (let i = 0; i < rows.length; i += 200) await conn(db, tx)('drug_test').insert(rows.slice(i, i + 200))
    },

    /** People (by CRN) the scope may see, each with the day their last order ends: one query per 500 CRNs. */
    async peopleByCrn(
      crns: string[],
      scope: CaseScope,
      tx?: TxLike,
    ): Promise<Map<string, { id: string; name: string; endsOn: string }>> {
      const out = new Map<string, { id: string; name: string; endsOn: string }>()
      if (scope.kind === 'none') return out
      for (let i = 0; i < crns.length; i += SLICE) {
        const q = conn(db, tx)('person as p')
          .join('sentence_order as o', 'o.person_id', 'p.id')
          .join('requirement as q', 'q.order_id', 'o.id')
          .whereIn('p.crn', crns.slice(i, i + SLICE))
          .groupBy('p.id', 'p.name', 'p.crn')
          .select('p.id', 'p.name', 'p.crn')
          .max({ endsOn: 'o.ends_on' })
        for (const r of await scopeRequirements(q, scope))
          out.set(r.crn as string, { id: r.id as string, name: r.name as string, endsOn: r.endsOn as string })
      }
      return out
    },

    /** The day the person's last order ends (a test is dated within an order), or null when they have none. */
    async lastOrderEnd(personId: string, tx?: TxLike): Promise<string | null> {
      const row = await conn(db, tx)('sentence_order').where('person_id', personId).max({ endsOn: 'ends_on' }).first()
      return (row?.endsOn as string) ?? null
    },
  }
}

export type DrugTestRepository = ReturnType<typeof createDrugTestRepository>
