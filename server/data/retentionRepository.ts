import type { Knex } from 'knex'
import crypto from 'node:crypto'
import { conn, type Raw, type TxLike } from './unitOfWork'
import { PERSON_LINKED_TABLES, deletionOrder, type RetentionKind } from './personLinkedTables'
import { cachedTables, personRowsQuery } from './personRows'
import { isUniqueViolation } from '../db/createDb'

export interface RetentionSettingRow {
  kind: RetentionKind
  years: number
  updatedAt: string | null
  updatedByName: string | null
}

export interface LegalHoldRow {
  id: string
  personId: string
  reason: string
  placedBy: string
  placedByName: string | null
  placedAt: string
  liftedBy: string | null
  liftedByName: string | null
  liftedAt: string | null
  liftReason: string | null
}

/** A person whose last order ended on or before a date: what the job and the due list start from. */
export interface RetentionCandidate {
  personId: string
  name: string
  crn: string
  /** The end of their last order (the day their record was made, when they have no order). */
  lastEnd: string
  held: boolean
}

const toHold = (r: Raw): LegalHoldRow => ({
  id: r.id as string,
  personId: r.person_id as string,
  reason: r.reason as string,
  placedBy: r.placed_by as string,
  placedByName: (r.placed_by_name as string) ?? null,
  placedAt: r.placed_at as string,
  liftedBy: (r.lifted_by as string) ?? null,
  liftedByName: (r.lifted_by_name as string) ?? null,
  liftedAt: (r.lifted_at as string) ?? null,
  liftReason: (r.lift_reason as string) ?? null,
})

/** Retention (DPA 2018 s.39, s.47): the settings, legal holds, and the deletions and anonymisation themselves. */
export function createRetentionRepository(db: Knex) {
  const tables = cachedTables(db)

  async function listed(k: Knex) {
    const present = await tables(k)
    return PERSON_LINKED_TABLES.filter(t => present.has(t.table))
  }

  const holdsQuery = (k: Knex) =>
    k('legal_hold as h')
      .leftJoin('app_user as p', 'p.id', 'h.placed_by')
      .leftJoin('app_user as l', 'l.id', 'h.lifted_by')
      .select('h.*', 'p.name as placed_by_name', 'l.name as lifted_by_name')

  return {
    async settings(tx?: TxLike): Promise<RetentionSettingRow[]> {
      const rows = await conn(
        db,
        tx,
      )('retention_setting as s')
        .leftJoin('app_user as u', 'u.id', 's.updated_by')
        .select('s.*', 'u.name as updated_by_name')
      return rows.map(r => ({
        kind: r.kind as RetentionKind,
        years: Number(r.years),
        updatedAt: (r.updated_at as string) ?? null,
        updatedByName: (r.updated_by_name as string) ?? null,
      }))
    },

    async saveSettings(years: Record<string, number>, userId: string, at: string, tx?: TxLike): Promise<void> {
      const k = conn(db, tx)
      for (const [kind, n] of Object.entries(years))
        await k('retention_setting').where({ kind }).update({ years: n, updated_by: userId, updated_at: at })
    },

    /** The hold in force on a person, if any. */
    async holdInForce(personId: string, tx?: TxLike): Promise<LegalHoldRow | null> {
      const row = await holdsQuery(conn(db, tx)).where('h.person_id', personId).whereNull('h.lifted_at').first()
      return row ? toHold(row) : null
    },

    /** Every hold a person has had, the latest first. */
    async holdsFor(personId: string, tx?: TxLike): Promise<LegalHoldRow[]> {
      const rows = await holdsQuery(conn(db, tx)).where('h.person_id', personId).orderBy('h.placed_at', 'desc')
      return rows.map(toHold)
    },

    /** Places a hold; false when one is already in force (the partial unique index decides a race). */
    async placeHold(
      hold: { id: string; personId: string; reason: string; placedBy: string; placedAt: string },
      tx?: TxLike,
    ): Promise<boolean> {
      try {
        await conn(
          db,
          tx,
        )('legal_hold').insert({
          id: hold.id,
          person_id: hold.personId,
          reason: hold.reason,
          placed_by: hold.placedBy,
          placed_at: hold.placedAt,
        })
        return true
      } catch (err) {
        if (isUniqueViolation(err)) return false
        throw err
      }
    },

    /** Lifts the hold in force; false when there was none. */
    async liftHold(personId: string, by: string, at: string, reason: string, tx?: TxLike): Promise<boolean> {
      const n = await conn(
        db,
        tx,
      )('legal_hold')
        .where({ person_id: personId })
        .whereNull('lifted_at')
        .update({ lifted_by: by, lifted_at: at, lift_reason: reason })
      return n > 0
    },

    /**
     * People not yet anonymised whose last order ended on or before `endedBy`, with whether a hold is in
     * force. People with no order count from the day their record was made.
     */
    async candidates(endedBy: string, tx?: TxLike): Promise<RetentionCandidate[]> {
      const k = conn(db, tx)
      const lastEnds = k('sentence_order').groupBy('person_id').select('person_id').max('ends_on as last_end')
      const rows = await k('person as p')
        .leftJoin(lastEnds.as('o'), 'o.person_id', 'p.id')
        .whereNull('p.anonymised_at')
        .select('p.id', 'p.name', 'p.crn', k.raw('coalesce(o.last_end, substr(p.created_at, 1, 10)) as last_end'))
        .select(k.raw('exists (select 1 from legal_hold h where h.person_id = p.id and h.lifted_at is null) as held'))
        .where(k.raw('coalesce(o.last_end, substr(p.created_at, 1, 10))'), '<=', endedBy)
        .orderBy('last_end')
        .orderBy('p.id')
      return rows.map(r => ({
        personId: r.id as string,
        name: r.name as string,
        crn: r.crn as string,
        lastEnd: r.last_end as string,
        held: Boolean(Number(r.held)) || r.held === true,
      }))
    },

    /** How many rows of each kind the person still has. */
    async counts(personId: string, kinds: readonly RetentionKind[], tx?: TxLike): Promise<Record<string, number>> {
      const k = conn(db, tx)
      const out: Record<string, number> = {}
      for (const kind of kinds) {
        out[kind] = 0
        for (const t of (await listed(k)).filter(e => e.kind === kind && e.table !== 'person')) {
          const row = await personRowsQuery(k, t, personId).count({ n: '*' }).first()
          out[kind] += Number(row?.n ?? 0)
        }
        if (kind === 'packs') out[kind] += (await sittingPacks(k, personId)).length
      }
      return out
    },

    /** Deletes the person's rows of one kind (children first); returns how many rows went. */
    async deleteKind(personId: string, kind: RetentionKind, tx: TxLike): Promise<number> {
      const k = conn(db, tx)
      const present = await tables(k)
      let n = 0
      if (kind === 'packs') {
        const ids = await sittingPacks(k, personId)
        if (ids.length) n += await k('hearing_pack').whereIn('id', ids).delete()
      }
      const order =
        kind === 'case_record'
          ? PERSON_LINKED_TABLES.filter(t => t.kind !== 'audit' && t.table !== 'person').reverse()
          : deletionOrder(kind)
      for (const t of order.filter(e => present.has(e.table))) n += await personRowsQuery(k, t, personId).delete()
      return n
    },

    /** The person's identity replaced, and marked anonymised (the row stays: the audit log names it by id). */
    async anonymise(personId: string, at: string, tx: TxLike): Promise<void> {
      const k = conn(db, tx)
      const columns = await k('person').columnInfo()
      const cleared = Object.fromEntries(['pnc', 'sex', 'ethnicity'].filter(c => c in columns).map(c => [c, null]))
      for (;;) {
        // A CRN no real one can be (nDelius CRNs are a letter and six digits), unique like every CRN.
        const crn = `#${crypto.randomBytes(4).toString('hex').slice(0, 6).toUpperCase()}`
        if (await k('person').where({ crn }).first('id')) continue
        await k('person')
          .where({ id: personId })
          .update({
            ...cleared,
            name: 'Anonymised person',
            date_of_birth: '1900-01-01',
            crn,
            anonymised_at: at,
            updated_at: at,
            version: k.raw('version + 1'),
          })
        return
      }
    },

    /**
     * Deletes audit rows from before `before` (a date), except those about a person under a legal hold.
     * The database refuses any other delete: the cut-off is written for this transaction only.
     */
    async purgeAudit(before: string, tx: TxLike): Promise<number> {
      const k = conn(db, tx)
      await k('audit_purge').insert({ before_at: before })
      const held = k('legal_hold').whereNull('lifted_at').select('person_id')
      const n = await k('audit_event')
        .where('at', '<', before)
        .where(q => q.whereNull('person_id').orWhereNotIn('person_id', held))
        .delete()
      await k('audit_purge').delete()
      return n
    },

    /** Claims the day's run: false when another worker (or an earlier round) already has it. */
    async claimDay(day: string, at: string): Promise<boolean> {
      if (await db('retention_run').where({ day }).first('day')) return false
      try {
        await db('retention_run').insert({ day, started_at: at })
        return true
      } catch (err) {
        if (isUniqueViolation(err)) return false
        throw err
      }
    },

    async finishDay(day: string, at: string): Promise<void> {
      await db('retention_run').where({ day }).update({ finished_at: at })
    },
  }
}

/**
 * The packs of whole sittings the person's case was in. Such a pack holds several people's cases; it
 * goes when the first of them passes its date, unless anyone in it is under a legal hold.
 */
async function sittingPacks(k: Knex, personId: string): Promise<string[]> {
  const mine = k('review as r')
    .join('requirement as q', 'q.id', 'r.requirement_id')
    .join('sentence_order as o', 'o.id', 'q.order_id')
    .where('o.person_id', personId)
  const sittingIds = [
    ...new Set(
      [
        ...((await mine.clone().whereNotNull('r.sitting_id').pluck('r.sitting_id')) as string[]),
        ...((await mine.clone().whereNotNull('r.last_sitting_id').pluck('r.last_sitting_id')) as string[]),
      ].filter(Boolean),
    ),
  ]
  if (!sittingIds.length) return []
  const heldSittings = new Set(
    (
      await k('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .join('legal_hold as h', 'h.person_id', 'o.person_id')
        .whereNull('h.lifted_at')
        .where(q => q.whereIn('r.sitting_id', sittingIds).orWhereIn('r.last_sitting_id', sittingIds))
        .select('r.sitting_id', 'r.last_sitting_id')
    ).flatMap(r => [r.sitting_id, r.last_sitting_id]) as string[],
  )
  const open = sittingIds.filter(id => !heldSittings.has(id))
  if (!open.length) return []
  return (await k('hearing_pack').whereIn('sitting_id', open).whereNull('review_id').pluck('id')) as string[]
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>
