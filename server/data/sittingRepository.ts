import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import { isPostgres } from '../db/createDb'

export interface SittingRow {
  id: string
  courtId: string
  date: string
  startTime: string
  startsAt: string
  courtroom: string
  capacity: number
  slotMinutes: number
  status: 'open' | 'cancelled'
  seriesId: string | null
  version: number
  benchUserIds: string[]
  booked: number
  /** Highest slot index in use + 1: capacity may not go below it. */
  slotsInUse: number
}

export type BookableSitting = Pick<SittingRow, 'id' | 'date' | 'startTime' | 'slotMinutes' | 'capacity' | 'status'>

/** A sitting as planning sees it: its bench, and the slot indexes already taken (`booked` of them). */
export type PlanningSitting = BookableSitting & Pick<SittingRow, 'booked' | 'benchUserIds'> & { usedSlots: number[] }

export type SittingWrite = Pick<
  SittingRow,
  | 'id'
  | 'courtId'
  | 'date'
  | 'startTime'
  | 'startsAt'
  | 'courtroom'
  | 'capacity'
  | 'slotMinutes'
  | 'seriesId'
  | 'benchUserIds'
>

// A sitting comes with its bench and booked places in the same query: each is a lookup by the
// sitting's key (one query however many sittings, rather than three).
export function createSittingRepository(db: Knex) {
  const postgres = isPostgres(db)
  const list = (sql: string, separator: string) =>
    postgres ? `string_agg(${sql}, '${separator}')` : `group_concat(${sql}, '${separator}')`

  const withPlaces = (q: Knex.QueryBuilder, tx?: TxLike) => {
    const trx = conn(db, tx)
    return q.select(
      's.*',
      trx.raw(`(select ${list('b.user_id', ',')} from sitting_bench b where b.sitting_id = s.id) as bench_user_ids`),
      trx.raw(`(select count(*) from review r where r.sitting_id = s.id and r.slot_index is not null) as booked`),
      trx.raw(`(select max(r.slot_index) from review r where r.sitting_id = s.id) as top_slot`),
    )
  }

  const toSitting = (r: Raw): SittingRow => ({
    id: r.id as string,
    courtId: r.court_id as string,
    date: r.date as string,
    startTime: r.start_time as string,
    startsAt: r.starts_at as string,
    courtroom: r.courtroom as string,
    capacity: Number(r.capacity),
    slotMinutes: Number(r.slot_minutes),
    status: r.status as 'open' | 'cancelled',
    seriesId: (r.series_id as string) ?? null,
    version: Number(r.version),
    benchUserIds: r.bench_user_ids ? String(r.bench_user_ids).split(',').sort() : [],
    booked: Number(r.booked),
    slotsInUse: r.top_slot === null || r.top_slot === undefined ? 0 : Number(r.top_slot) + 1,
  })

  async function find(id: string, tx?: TxLike): Promise<SittingRow | null> {
    const trx = conn(db, tx)
    const row = await withPlaces(trx('sitting as s').where('s.id', id), trx).first()
    return row ? toSitting(row) : null
  }

  return {
    async insert(s: SittingWrite, now: string, tx?: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await trx('sitting').insert({
        id: s.id,
        court_id: s.courtId,
        kind: 'review',
        date: s.date,
        start_time: s.startTime,
        starts_at: s.startsAt,
        courtroom: s.courtroom,
        capacity: s.capacity,
        slot_minutes: s.slotMinutes,
        status: 'open',
        series_id: s.seriesId,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      if (s.benchUserIds.length)
        await trx('sitting_bench').insert(s.benchUserIds.map(u => ({ sitting_id: s.id, user_id: u })))
    },

    find,

    /** Locks the sitting row on PostgreSQL so bookings and capacity edits on it run one at a time. */
    async lock(id: string, tx: TxLike): Promise<SittingRow | null> {
      const trx = conn(db, tx)
      // Read again once locked (a new statement sees what the holder of the lock committed).
      const row = await trx('sitting').where({ id }).forUpdate().first('id')
      return row ? find(id, trx) : null
    },

    /**
     * The open sittings a plan may use in some date ranges, with their bench and the places taken in
     * each, in one query however many ranges. Planning asks for the fortnight after each review's
     * target date (a dozen ranges of a few sittings each), not a whole year of a busy court.
     */
    async planningCalendar(
      courtId: string,
      ranges: ReadonlyArray<readonly [string, string]>,
      tx?: TxLike,
    ): Promise<PlanningSitting[]> {
      const trx = conn(db, tx)
      if (ranges.length === 0) return []
      // The sqlite3 driver spends more handing each row to JavaScript than SQLite spends finding it:
      // the calendar comes back as one text value, a line per sitting (ids, dates and numbers hold no
      // spaces, commas or semicolons).
      const line = [
        's.id',
        's.date',
        's.start_time',
        's.slot_minutes',
        's.capacity',
        `coalesce((select ${list('b.user_id', ',')} from sitting_bench b where b.sitting_id = s.id), '')`,
        `coalesce((select ${list('cast(r.slot_index as text)', ',')} from review r where r.sitting_id = s.id and r.slot_index is not null), '')`,
      ].join(" || ' ' || ")
      // The ranges are a table of their own, each joined to a search of the (court, date) index
      // (SQLite makes a slower union of row sets of `date between … or date between …`).
      const row = await trx
        .with('w', ['a', 'b'], trx.raw(`values ${ranges.map(() => '(?, ?)').join(', ')}`, ranges.flat()))
        .from('w')
        .join('sitting as s', j => j.on('s.date', '>=', 'w.a').andOn('s.date', '<=', 'w.b'))
        .where('s.court_id', courtId)
        .where('s.status', 'open')
        .first(trx.raw(`${list(line, ';')} as calendar`))
      const calendar = (row?.calendar as string | null) ?? ''
      return (calendar ? calendar.split(';') : []).map(text => {
        const [id, date, startTime, slotMinutes, capacity, bench, taken] = text.split(' ')
        const usedSlots = taken ? taken.split(',').map(Number) : []
        return {
          id,
          date,
          startTime,
          slotMinutes: Number(slotMinutes),
          capacity: Number(capacity),
          status: 'open',
          booked: usedSlots.length,
          usedSlots,
          // Continuity asks whether two benches share a member: their order does not matter.
          benchUserIds: bench ? bench.split(',') : [],
        }
      })
    },

    /** Several sittings locked at once (in id order, so two plans never wait on each other in a cycle). */
    async lockManyForBooking(ids: string[], tx: TxLike): Promise<BookableSitting[]> {
      const trx = conn(db, tx)
      if (ids.length === 0) return []
      const rows = await trx('sitting')
        .whereIn('id', ids)
        .orderBy('id')
        .forUpdate()
        .select('id', 'date', 'start_time', 'slot_minutes', 'capacity', 'status')
      return rows.map(r => ({
        id: r.id,
        date: r.date,
        startTime: r.start_time,
        slotMinutes: Number(r.slot_minutes),
        capacity: Number(r.capacity),
        status: r.status,
      }))
    },

    /** Just what a booking needs, the row locked on PostgreSQL: no bench or counts to load. */
    async lockForBooking(id: string, tx: TxLike): Promise<BookableSitting | null> {
      const trx = conn(db, tx)
      const r = await trx('sitting')
        .where({ id })
        .forUpdate()
        .first('id', 'date', 'start_time', 'slot_minutes', 'capacity', 'status')
      return r
        ? {
            id: r.id,
            date: r.date,
            startTime: r.start_time,
            slotMinutes: Number(r.slot_minutes),
            capacity: Number(r.capacity),
            status: r.status,
          }
        : null
    },

    async findMany(ids: string[], tx?: TxLike): Promise<SittingRow[]> {
      const trx = conn(db, tx)
      if (ids.length === 0) return []
      return (await withPlaces(trx('sitting as s').whereIn('s.id', [...new Set(ids)]), trx)).map(toSitting)
    },

    async forCourt(
      courtId: string,
      from: string,
      to: string,
      opts: { includeCancelled?: boolean } = {},
      tx?: TxLike,
    ): Promise<SittingRow[]> {
      const trx = conn(db, tx)
      const q = trx('sitting as s')
        .where('s.court_id', courtId)
        .whereBetween('s.date', [from, to])
        .orderBy(['s.date', 's.start_time'])
      if (!opts.includeCancelled) q.where('s.status', 'open')
      return (await withPlaces(q, trx)).map(toSitting)
    },

    async forBenchMember(userId: string, from: string, to: string): Promise<SittingRow[]> {
      const q = db('sitting as s')
        .join('sitting_bench as m', 'm.sitting_id', 's.id')
        .where('m.user_id', userId)
        .where('s.status', 'open')
        .whereBetween('s.date', [from, to])
        .orderBy(['s.date', 's.start_time'])
      return (await withPlaces(q, db)).map(toSitting)
    },

    /** Each court's last open sitting date: how far ahead each can list. Courts with none are left out. */
    async lastOpenDates(courtIds: string[], tx?: TxLike): Promise<Map<string, string>> {
      const trx = conn(db, tx)
      if (courtIds.length === 0) return new Map()
      const rows = await trx('sitting')
        .whereIn('court_id', courtIds)
        .where('status', 'open')
        .groupBy('court_id')
        .select('court_id', trx.raw('max(date) as last'))
      return new Map(rows.map(r => [r.court_id as string, r.last as string]))
    },

    /** The last date the court has an open sitting set up for, or null: how far ahead it can list. */
    async lastOpenDate(courtId: string, tx?: TxLike): Promise<string | null> {
      const trx = conn(db, tx)
      const r = await trx('sitting').where({ court_id: courtId, status: 'open' }).max('date as last').first()
      return (r?.last as string | null | undefined) ?? null
    },

    async isOnBench(sittingId: string, userId: string): Promise<boolean> {
      return Boolean(await db('sitting_bench').where({ sitting_id: sittingId, user_id: userId }).first())
    },

    async update(
      id: string,
      version: number,
      changes: { capacity: number; courtroom: string; benchUserIds: string[] },
      now: string,
      tx: TxLike,
    ): Promise<boolean> {
      const trx = conn(db, tx)
      const n = await trx('sitting')
        .where({ id, version })
        .update({ capacity: changes.capacity, courtroom: changes.courtroom, updated_at: now, version: version + 1 })
      if (n === 0) return false
      await trx('sitting_bench').where('sitting_id', id).del()
      if (changes.benchUserIds.length)
        await trx('sitting_bench').insert(changes.benchUserIds.map(u => ({ sitting_id: id, user_id: u })))
      return true
    },

    async cancel(id: string, version: number, now: string, tx: TxLike): Promise<boolean> {
      const trx = conn(db, tx)
      const n = await trx('sitting')
        .where({ id, version, status: 'open' })
        .update({ status: 'cancelled', updated_at: now, version: version + 1 })
      return n > 0
    },

    async datesTaken(courtId: string, dates: string[], tx?: TxLike): Promise<Set<string>> {
      const trx = conn(db, tx)
      if (dates.length === 0) return new Set()
      const rows = await trx('sitting')
        .where('court_id', courtId)
        .where('status', 'open')
        .whereIn('date', dates)
        .select('date', 'start_time', 'courtroom')
      return new Set(rows.map(r => `${r.date} ${r.start_time} ${r.courtroom}`))
    },
  }
}

export type SittingRepository = ReturnType<typeof createSittingRepository>
