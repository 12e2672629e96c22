import type { Knex } from 'knex'
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

/** A sitting as planning sees it, with the lowest place free when it was read. */
export type PlanningSitting = BookableSitting & Pick<SittingRow, 'booked' | 'benchUserIds'> & { freeSlot: number }

export type SittingWrite = Pick<
  SittingRow,
  'id' | 'courtId' | 'date' | 'startTime' | 'startsAt' | 'courtroom' | 'capacity' | 'slotMinutes' | 'seriesId' | 'benchUserIds'
>

type Raw = Record<string, unknown>

// Three queries however many sittings: rows, bench members, booked counts.
export function createSittingRepository(db: Knex) {
  const postgres = isPostgres(db)
  async function hydrate(rows: Raw[], trx: Knex): Promise<SittingRow[]> {
    if (rows.length === 0) return []
    const ids = rows.map(r => r.id as string)
    const [bench, counts] = await Promise.all([
      trx('sitting_bench').whereIn('sitting_id', ids).orderBy('user_id'),
      trx('review')
        .whereIn('sitting_id', ids)
        .whereNotNull('slot_index')
        .groupBy('sitting_id')
        .select('sitting_id')
        .count({ n: '*' })
        .max({ top: 'slot_index' }),
    ])
    const benchBy = new Map<string, string[]>()
    for (const b of bench) benchBy.set(b.sitting_id, [...(benchBy.get(b.sitting_id) ?? []), b.user_id])
    const countBy = new Map(
      (counts as Raw[]).map(c => [c.sitting_id as string, { n: Number(c.n), top: Number(c.top) }]),
    )
    return rows.map(r => ({
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
      benchUserIds: benchBy.get(r.id as string) ?? [],
      booked: countBy.get(r.id as string)?.n ?? 0,
      slotsInUse: countBy.has(r.id as string) ? countBy.get(r.id as string)!.top + 1 : 0,
    }))
  }

  return {
    async insert(s: SittingWrite, now: string, trx: Knex = db): Promise<void> {
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
      if (s.benchUserIds.length) await trx('sitting_bench').insert(s.benchUserIds.map(u => ({ sitting_id: s.id, user_id: u })))
    },

    async find(id: string, trx: Knex = db): Promise<SittingRow | null> {
      const row = await trx('sitting').where({ id }).first()
      return row ? (await hydrate([row], trx))[0] : null
    },

    /** Locks the sitting row on PostgreSQL so bookings and capacity edits on it run one at a time. */
    async lock(id: string, trx: Knex): Promise<SittingRow | null> {
      const row = await trx('sitting').where({ id }).forUpdate().first()
      return row ? (await hydrate([row], trx))[0] : null
    },

    /**
     * The open sittings with a free place that a plan may use, with their booked counts, lowest free
     * place and bench, in one query however long the requirement.
     */
    async planningCalendar(courtId: string, from: string, to: string, trx: Knex = db): Promise<PlanningSitting[]> {
      // A year of a busy court is hundreds of sittings, and the sqlite3 driver spends more handing each
      // row to JavaScript than SQLite spends finding it: the calendar comes back as one text value,
      // a line per sitting (ids, dates and numbers hold no spaces, commas or semicolons).
      const list = (sql: string, separator: string) =>
        postgres ? `string_agg(${sql}, '${separator}')` : `group_concat(${sql}, '${separator}')`
      const line = [
        's.id',
        's.date',
        's.start_time',
        's.slot_minutes',
        's.capacity',
        `coalesce((select ${list(postgres ? 'r.slot_index::text' : 'r.slot_index', ',')} from review r where r.sitting_id = s.id and r.slot_index is not null), '')`,
        `coalesce((select ${list('b.user_id', ',')} from sitting_bench b where b.sitting_id = s.id), '')`,
      ].join(" || ' ' || ")
      const row = await trx('sitting as s')
        .where('s.court_id', courtId)
        .where('s.status', 'open')
        .whereBetween('s.date', [from, to])
        .first(trx.raw(`${list(line, ';')} as calendar`))
      const calendar = (row?.calendar as string | null) ?? ''
      const out: PlanningSitting[] = []
      for (const text of calendar ? calendar.split(';') : []) {
        const [id, date, startTime, slotMinutes, places, used, bench] = text.split(' ')
        const capacity = Number(places)
        const inUse = new Set(used ? used.split(',').map(Number) : [])
        // A full sitting is of no use to a plan (counted here: a count in SQL costs another lookup a sitting).
        if (inUse.size >= capacity) continue
        let freeSlot = 0
        while (inUse.has(freeSlot)) freeSlot += 1
        out.push({
          id,
          date,
          startTime,
          slotMinutes: Number(slotMinutes),
          capacity,
          status: 'open',
          booked: inUse.size,
          freeSlot,
          benchUserIds: bench ? bench.split(',').sort() : [],
        })
      }
      return out
    },

    /** Several sittings locked at once (in id order, so two plans never wait on each other in a cycle). */
    async lockManyForBooking(ids: string[], trx: Knex): Promise<BookableSitting[]> {
      if (ids.length === 0) return []
      const rows = await trx('sitting')
        .whereIn('id', ids)
        .orderBy('id')
        .forUpdate()
        .select('id', 'date', 'start_time', 'slot_minutes', 'capacity', 'status')
      return rows.map(r => ({ id: r.id, date: r.date, startTime: r.start_time, slotMinutes: Number(r.slot_minutes), capacity: Number(r.capacity), status: r.status }))
    },

    /** Just what a booking needs, the row locked on PostgreSQL: no bench or counts to load. */
    async lockForBooking(id: string, trx: Knex): Promise<BookableSitting | null> {
      const r = await trx('sitting').where({ id }).forUpdate().first('id', 'date', 'start_time', 'slot_minutes', 'capacity', 'status')
      return r
        ? { id: r.id, date: r.date, startTime: r.start_time, slotMinutes: Number(r.slot_minutes), capacity: Number(r.capacity), status: r.status }
        : null
    },

    async findMany(ids: string[], trx: Knex = db): Promise<SittingRow[]> {
      if (ids.length === 0) return []
      return hydrate(await trx('sitting').whereIn('id', [...new Set(ids)]), trx)
    },

    async forCourt(courtId: string, from: string, to: string, opts: { includeCancelled?: boolean } = {}, trx: Knex = db) {
      const q = trx('sitting').where('court_id', courtId).whereBetween('date', [from, to]).orderBy(['date', 'start_time'])
      if (!opts.includeCancelled) q.where('status', 'open')
      return hydrate(await q, trx)
    },

    async forBenchMember(userId: string, from: string, to: string): Promise<SittingRow[]> {
      const rows = await db('sitting as s')
        .join('sitting_bench as b', 'b.sitting_id', 's.id')
        .where('b.user_id', userId)
        .where('s.status', 'open')
        .whereBetween('s.date', [from, to])
        .orderBy(['s.date', 's.start_time'])
        .select('s.*')
      return hydrate(rows, db)
    },

    async isOnBench(sittingId: string, userId: string): Promise<boolean> {
      return Boolean(await db('sitting_bench').where({ sitting_id: sittingId, user_id: userId }).first())
    },

    async update(
      id: string,
      version: number,
      changes: { capacity: number; courtroom: string; benchUserIds: string[] },
      now: string,
      trx: Knex,
    ): Promise<boolean> {
      const n = await trx('sitting')
        .where({ id, version })
        .update({ capacity: changes.capacity, courtroom: changes.courtroom, updated_at: now, version: version + 1 })
      if (n === 0) return false
      await trx('sitting_bench').where('sitting_id', id).del()
      if (changes.benchUserIds.length)
        await trx('sitting_bench').insert(changes.benchUserIds.map(u => ({ sitting_id: id, user_id: u })))
      return true
    },

    async cancel(id: string, version: number, now: string, trx: Knex): Promise<boolean> {
      const n = await trx('sitting')
        .where({ id, version, status: 'open' })
        .update({ status: 'cancelled', updated_at: now, version: version + 1 })
      return n > 0
    },

    async datesTaken(courtId: string, dates: string[], trx: Knex = db): Promise<Set<string>> {
      if (dates.length === 0) return new Set()
      const rows = await trx('sitting').where('court_id', courtId).where('status', 'open').whereIn('date', dates).select('date', 'start_time', 'courtroom')
      return new Set(rows.map(r => `${r.date} ${r.start_time} ${r.courtroom}`))
    },
  }
}

export type SittingRepository = ReturnType<typeof createSittingRepository>
