import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import { isPostgres } from '../db/createDb'
import { scopeRequirements, type CaseScope } from './caseRepository'
import {
  canonicalResults,
  storedResults,
  toColumns,
  toDrugTest,
  toRevision,
  type DrugTest,
  type DrugTestRevision,
  type OrderSpan,
  type TestEvidence,
} from './drugTestRows'

export * from './drugTestRows'

// Lists of ids and CRNs are sent in slices, well under any database's limit on bound values.
const SLICE = 500

/** Drug tests (DESIGN.md: the tests the court reads at each review, para 21(2)(d)-(e)), and who they may be recorded for. */
export function createDrugTestRepository(db: Knex) {
  return {
    /** A person's tests, latest first: withdrawn ones too unless `liveOnly`. */
    async forPerson(personId: string, tx?: TxLike, liveOnly = false): Promise<DrugTest[]> {
      const q = conn(db, tx)('drug_test').where('person_id', personId)
      if (liveOnly) q.whereNull('withdrawn_at')
      const rows = await q.orderBy([
        { column: 'taken_on', order: 'desc' },
        { column: 'created_at', order: 'desc' },
      ])
      return rows.map(toDrugTest)
    },

    /** A person's tests taken between two dates (both included), earliest first. */
    async takenBetween(personId: string, from: string, to: string, tx?: TxLike): Promise<TestEvidence[]> {
      const rows = await conn(
        db,
        tx,
      )('drug_test as t')
        .leftJoin('organisation as g', 'g.id', 't.organisation_id')
        .where('t.person_id', personId)
        .where('t.taken_on', '>=', from)
        .where('t.taken_on', '<=', to)
        .whereNull('t.withdrawn_at')
        .orderBy([{ column: 't.taken_on' }, { column: 't.created_at' }])
        .select(
          't.id',
          't.taken_on',
          't.method',
          't.results',
          't.other_substance',
          't.corrected_at',
          'g.name as organisation_name',
        )
      return rows.map(t => ({
        id: String(t.id),
        takenOn: String(t.taken_on),
        method: String(t.method),
        results: storedResults(t.results),
        otherSubstance:
          t.other_substance === null || t.other_substance === undefined ? null : String(t.other_substance),
        organisationName:
          t.organisation_name === null || t.organisation_name === undefined ? null : String(t.organisation_name),
        corrected: t.corrected_at !== null && t.corrected_at !== undefined,
      }))
    },

    /** Tests (not withdrawn) of any of these people taken between two dates (both included): one query per 500 people. */
    async forPeopleBetween(personIds: string[], from: string, to: string, tx?: TxLike): Promise<DrugTest[]> {
      const out: DrugTest[] = []
      for (let i = 0; i < personIds.length; i += SLICE) {
        const rows = await conn(
          db,
          tx,
        )('drug_test')
          .whereIn('person_id', personIds.slice(i, i + SLICE))
          .whereBetween('taken_on', [from, to])
          .whereNull('withdrawn_at')
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
        const q = conn(
          db,
          tx,
        )('person as p')
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

    /**
     * Each person's span of orders: the day their earliest live order (one with an active requirement;
     * any order when none is live) was made, and the day their last order ends. People with no order are left out.
     */
    async orderSpans(personIds: string[], tx?: TxLike): Promise<Map<string, OrderSpan>> {
      const out = new Map<string, OrderSpan>()
      for (let i = 0; i < personIds.length; i += SLICE) {
        const rows = (await conn(
          db,
          tx,
        )('sentence_order as o')
          .leftJoin('requirement as q', 'q.order_id', 'o.id')
          .whereIn('o.person_id', personIds.slice(i, i + SLICE))
          .groupBy('o.person_id')
          .select('o.person_id')
          .min({ firstMadeOn: 'o.made_on' })
          .max({ endsOn: 'o.ends_on' })
          .select(
            conn(db, tx).raw("min(case when q.status = 'active' then o.made_on end) as ??", ['liveMadeOn']),
          )) as Raw[]
        for (const r of rows)
          out.set(String(r.person_id), {
            madeOn: String(r.liveMadeOn ?? r.firstMadeOn),
            endsOn: String(r.endsOn),
          })
      }
      return out
    },

    /** The day the person's last order ends, or null when they have none. */
    async lastOrderEnd(personId: string, tx?: TxLike): Promise<string | null> {
      const row = await conn(db, tx)('sentence_order').where('person_id', personId).max({ endsOn: 'ends_on' }).first()
      return (row?.endsOn as string) ?? null
    },

    /**
     * Holds these people's rows until the transaction ends (PostgreSQL; SQLite has one writer), so two
     * writers of the same test cannot both find no duplicate. In id order, so two writers never wait on each other.
     */
    async lockPeople(personIds: string[], tx: TxLike): Promise<void> {
      if (!isPostgres(db) || personIds.length === 0) return
      for (let i = 0; i < personIds.length; i += SLICE)
        await conn(
          db,
          tx,
        )('person')
          .whereIn('id', [...new Set(personIds)].sort().slice(i, i + SLICE))
          .orderBy('id')
          .forUpdate()
          .select('id')
    },

    /** One of the person's tests (withdrawn or not), or null. */
    async byId(personId: string, testId: string, tx?: TxLike): Promise<DrugTest | null> {
      const row = (await conn(db, tx)('drug_test').where({ id: testId, person_id: personId }).first()) as
        Raw | undefined
      return row ? toDrugTest(row) : null
    },

    /** The person's tests (not withdrawn) taken on a day: the ones a new test may duplicate. */
    async liveOn(personId: string, takenOn: string, tx?: TxLike): Promise<DrugTest[]> {
      const rows = await conn(
        db,
        tx,
      )('drug_test')
        .where({ person_id: personId, taken_on: takenOn })
        .whereNull('withdrawn_at')
      return rows.map(toDrugTest)
    },

    /**
     * Stores a correction (new values) or a withdrawal of the test at `version`, with the revision that keeps
     * what it said before. False when the test has changed since `version` was read (or is withdrawn).
     */
    async change(
      next: DrugTest,
      version: number,
      revision: Omit<DrugTestRevision, 'changedByName'>,
      tx?: TxLike,
    ): Promise<boolean> {
      const updated = await conn(
        db,
        tx,
      )('drug_test')
        .where({ id: next.id, version })
        .whereNull('withdrawn_at')
        .update({
          taken_on: next.takenOn,
          method: next.method,
          results: JSON.stringify(canonicalResults(next.results)),
          other_substance: next.otherSubstance,
          version: version + 1,
          corrected_at: next.correctedAt,
          withdrawn_at: next.withdrawn?.at ?? null,
          withdrawn_by: next.withdrawn?.by ?? null,
          withdrawn_reason: next.withdrawn?.reason ?? null,
        })
      if (updated !== 1) return false
      await conn(
        db,
        tx,
      )('drug_test_revision').insert({
        id: revision.id,
        test_id: revision.testId,
        revision: revision.revision,
        kind: revision.kind,
        taken_on: revision.takenOn,
        method: revision.method,
        results: JSON.stringify(canonicalResults(revision.results)),
        other_substance: revision.otherSubstance,
        reason: revision.reason,
        changed_by: revision.changedBy,
        changed_at: revision.changedAt,
      })
      return true
    },

    /** A test's changes, oldest first, with the name of who made each. */
    async revisions(testId: string, tx?: TxLike): Promise<DrugTestRevision[]> {
      const rows = (await conn(
        db,
        tx,
      )('drug_test_revision as r')
        .leftJoin('app_user as u', 'u.id', 'r.changed_by')
        .where('r.test_id', testId)
        .orderBy('r.revision')
        .select('r.*', 'u.name as changed_by_name')) as Raw[]
      return rows.map(toRevision)
    },

    /** The names of users (who recorded a test), by id. */
    async userNames(ids: string[], tx?: TxLike): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map()
      const rows = (await conn(
        db,
        tx,
      )('app_user')
        .whereIn('id', [...new Set(ids)])
        .select('id', 'name')) as Raw[]
      return new Map(rows.map(r => [String(r.id), String(r.name)]))
    },
  }
}

export type DrugTestRepository = ReturnType<typeof createDrugTestRepository>
