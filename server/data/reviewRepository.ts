import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'
import {
  columns,
  OPEN_STATUSES,
  REVIEW_COLUMNS,
  toReview,
  type ReviewEventRow,
  type ReviewHistoryRow,
  type ReviewRow,
  type ReviewStatus,
} from './reviewRows'

export * from './reviewRows'

export function createReviewRepository(db: Knex) {
  return {
    async find(id: string, tx?: TxLike): Promise<ReviewRow | null> {
      const trx = conn(db, tx)
      const r = await trx('review').where({ id }).first(REVIEW_COLUMNS)
      return r ? toReview(r) : null
    },

    async forRequirement(requirementId: string, tx?: TxLike): Promise<ReviewRow[]> {
      const trx = conn(db, tx)
      const rows = await trx('review')
        .where('requirement_id', requirementId)
        .select(REVIEW_COLUMNS)
        .orderBy([{ column: 'sequence' }, { column: 'created_at' }])
      return rows.map(toReview)
    },

    async forRequirements(requirementIds: string[], tx?: TxLike): Promise<ReviewRow[]> {
      const trx = conn(db, tx)
      if (requirementIds.length === 0) return []
      const rows = await trx('review')
        .whereIn('requirement_id', requirementIds)
        .select(REVIEW_COLUMNS)
        .orderBy([{ column: 'sequence' }, { column: 'created_at' }])
      return rows.map(toReview)
    },

    /** The reviews of these requirements in order, only as much of each as a court list uses. */
    async historyOf(requirementIds: string[], tx?: TxLike): Promise<ReviewHistoryRow[]> {
      if (requirementIds.length === 0) return []
      const rows = await conn(
        db,
        tx,
      )('review')
        .whereIn('requirement_id', requirementIds)
        .select('id', 'requirement_id', 'sequence', 'status', 'sitting_id')
        .orderBy([{ column: 'sequence' }, { column: 'created_at' }])
      return rows.map(r => ({
        id: r.id as string,
        requirementId: r.requirement_id as string,
        sequence: Number(r.sequence),
        status: r.status as ReviewStatus,
        sittingId: (r.sitting_id as string) ?? null,
      }))
    },

    async forSitting(sittingId: string, tx?: TxLike): Promise<ReviewRow[]> {
      const trx = conn(db, tx)
      const rows = await trx('review')
        .where('sitting_id', sittingId)
        .whereNotNull('slot_index')
        .select(REVIEW_COLUMNS)
        .orderBy('slot_index')
      return rows.map(toReview)
    },

    async insert(row: Omit<ReviewRow, 'version' | 'createdAt'>, now: string, tx: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await trx('review').insert({ id: row.id, ...columns(row), created_at: now, updated_at: now, version: 1 })
    },

    /** Optimistic lock: false when the review changed since `version`. */
    async update(id: string, version: number, changes: Partial<ReviewRow>, now: string, tx: TxLike): Promise<boolean> {
      const trx = conn(db, tx)
      const n = await trx('review')
        .where({ id, version })
        .update({ ...columns(changes), updated_at: now, version: version + 1 })
      return n > 0
    },

    /** The review gives up its place in its sitting (it keeps the sitting id, as history). */
    async freePlace(id: string, now: string, tx: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await trx('review').where({ id }).update({ slot_index: null, updated_at: now })
    },

    async freeSlotIndex(sittingId: string, capacity: number, tx: TxLike): Promise<number | null> {
      const trx = conn(db, tx)
      const used = new Set(
        (await trx('review').where('sitting_id', sittingId).whereNotNull('slot_index').select('slot_index')).map(r =>
          Number(r.slot_index),
        ),
      )
      for (let i = 0; i < capacity; i += 1) if (!used.has(i)) return i
      return null
    },

    /** The lowest free place in each of several sittings, in one query. */
    async freeSlotIndexes(
      sittings: { id: string; capacity: number }[],
      tx: TxLike,
    ): Promise<Map<string, number | null>> {
      const trx = conn(db, tx)
      const used = new Map<string, Set<number>>(sittings.map(s => [s.id, new Set<number>()]))
      if (sittings.length)
        for (const r of await trx('review')
          .whereIn(
            'sitting_id',
            sittings.map(s => s.id),
          )
          .whereNotNull('slot_index')
          .select('sitting_id', 'slot_index'))
          used.get(r.sitting_id)?.add(Number(r.slot_index))
      const out = new Map<string, number | null>()
      for (const s of sittings) {
        let free: number | null = null
        for (let i = 0; i < s.capacity && free === null; i += 1) if (!used.get(s.id)!.has(i)) free = i
        out.set(s.id, free)
      }
      return out
    },

    /** A plan's new reviews in one statement (a plan is at most 36 rows). */
    async insertMany(rows: Omit<ReviewRow, 'version' | 'createdAt'>[], now: string, tx: TxLike): Promise<void> {
      const trx = conn(db, tx)
      if (rows.length === 0) return
      await trx('review').insert(
        rows.map(row => ({ id: row.id, ...columns(row), created_at: now, updated_at: now, version: 1 })),
      )
    },

    async recordEvents(
      events: Array<Omit<ReviewEventRow, 'id' | 'userName' | 'at'> & { at: string }>,
      tx: TxLike,
    ): Promise<void> {
      const trx = conn(db, tx)
      if (events.length === 0) return
      await trx('review_event').insert(
        events.map(e => ({
          review_id: e.reviewId,
          at: e.at,
          user_id: e.userId,
          action: e.action,
          from_sitting_id: e.fromSittingId,
          to_sitting_id: e.toSittingId,
          from_slot_index: e.fromSlotIndex,
          from_status: e.fromStatus,
          reason: e.reason,
        })),
      )
    },

    async recordEvent(e: Omit<ReviewEventRow, 'id' | 'userName' | 'at'> & { at: string }, tx: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await this.recordEvents([e], trx)
    },

    async events(reviewIds: string[], tx?: TxLike): Promise<ReviewEventRow[]> {
      const trx = conn(db, tx)
      if (reviewIds.length === 0) return []
      const rows = await trx('review_event as e')
        .leftJoin('app_user as u', 'u.id', 'e.user_id')
        .whereIn('e.review_id', reviewIds)
        .orderBy('e.id')
        .select('e.*', 'u.name as user_name')
      return rows.map(r => ({
        id: Number(r.id),
        reviewId: r.review_id,
        at: r.at,
        userId: r.user_id,
        userName: r.user_name,
        action: r.action,
        fromSittingId: r.from_sitting_id,
        toSittingId: r.to_sitting_id,
        fromSlotIndex: r.from_slot_index === null ? null : Number(r.from_slot_index),
        fromStatus: r.from_status,
        reason: r.reason,
      }))
    },

    /**
     * The latest hand-made booking change (move, adjourn, vacate, listing) by this user, for undo.
     * Hand-made changes carry the clerk's reason; what re-planning did as a consequence carries none.
     */
    async lastChangeBy(userId: string, tx?: TxLike): Promise<ReviewEventRow | null> {
      const trx = conn(db, tx)
      const r = await trx('review_event')
        .where('user_id', userId)
        .whereIn('action', ['moved', 'vacated', 'adjourned', 'listed'])
        .whereNotNull('reason')
        .orderBy('id', 'desc')
        .first()
      return r ? ((await this.events([r.review_id], trx)).find(e => e.id === Number(r.id)) ?? null) : null
    },

    /** An undone change stays in the history, marked, so it is never undone twice. */
    async markEventUndone(id: number, tx: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await trx('review_event')
        .where({ id })
        .update({ action: db.raw("action || '_undone'") })
    },

    /** The date of the furthest review still to happen: how far ahead plans reach. */
    async furthestOpenDate(tx?: TxLike): Promise<string | null> {
      const trx = conn(db, tx)
      const dates = await Promise.all(
        OPEN_STATUSES.map(status => trx('review').where({ status }).max('review_date as last').first()),
      )
      return dates.reduce<string | null>((m, d) => (d?.last && (!m || d.last > m) ? (d.last as string) : m), null)
    },

    /** Reviews waiting for a sitting, oldest target first, optionally for one court or some courts. */
    async unlisted(courtId?: string | readonly string[], tx?: TxLike) {
      const trx = conn(db, tx)
      const q = trx('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .join('person as p', 'p.id', 'o.person_id')
        .where('r.status', 'unlisted')
        .where('q.status', 'active')
        .orderBy('r.target_date')
        .select(
          'r.*',
          'p.name as person_name',
          'p.id as person_id',
          'p.crn',
          'q.kind as requirement_kind',
          'o.court_id',
          'q.ends_on as requirement_ends_on',
        )
      if (typeof courtId === 'string') q.where('o.court_id', courtId)
      else if (courtId) q.whereIn('o.court_id', courtId)
      return (await q).map(r => ({
        ...toReview(r),
        personId: r.person_id as string,
        personName: r.person_name as string,
        crn: r.crn as string,
        requirementKind: r.requirement_kind as string,
        courtId: r.court_id as string,
        requirementEndsOn: r.requirement_ends_on as string,
      }))
    },
  }
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>
