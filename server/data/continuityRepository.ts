import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'

/** A held hearing and the one before it for the same requirement, each with who sat. */
export interface HeldPair {
  reviewId: string
  sittingId: string
  date: string
  bench: string[]
  /** Who sat at the requirement's previous held hearing, or null when this was its first. */
  previousBench: string[] | null
}

/**
 * The data continuity of bench is measured on (2011 Ministry of Justice evaluation of the Dedicated
 * Drug Courts): held hearings, each with who actually sat (the outcome's record, else the sitting's
 * roster) and who sat at the person's previous held hearing. A fixed number of queries however many.
 */
export function createContinuityRepository(db: Knex) {
  async function benches(reviews: Raw[], tx: TxLike): Promise<Map<string, string[]>> {
    const trx = conn(db, tx)
    const out = new Map<string, string[]>()
    if (reviews.length === 0) return out
    const ids = reviews.map(r => r.id as string)
    const sat = (await trx('outcome_bench as b')
      .join('outcome as o', 'o.id', 'b.outcome_id')
      .whereIn('o.review_id', ids)
      .select('o.review_id', 'b.user_id')) as Raw[]
    for (const b of sat)
      out.set(b.review_id as string, [...(out.get(b.review_id as string) ?? []), b.user_id as string])
    const unknown = reviews.filter(r => !out.has(r.id as string))
    const rosters = new Map<string, string[]>()
    const sittingIds = [...new Set(unknown.map(r => r.sitting_id as string))]
    if (sittingIds.length)
      for (const b of (await trx('sitting_bench').whereIn('sitting_id', sittingIds)) as Raw[])
        rosters.set(b.sitting_id as string, [...(rosters.get(b.sitting_id as string) ?? []), b.user_id as string])
    for (const r of unknown) out.set(r.id as string, rosters.get(r.sitting_id as string) ?? [])
    return out
  }

  return {
    /** Held hearings of a court between two dates (by sitting date), each with the one before it. */
    async heldPairs(courtId: string, from: string, to: string, tx?: TxLike): Promise<HeldPair[]> {
      const trx = conn(db, tx)
      // Every held hearing of the requirements heard here in the range, up to its end, each with the one before it
      // (by date, then place in the requirement's sequence), then only those in the range: the requirements are
      // found from the court's sittings (the (court_id, date) index), their hearings by the requirement index.
      const heard = trx('review as hr')
        .join('sitting as hs', 'hs.id', 'hr.sitting_id')
        .where('hs.court_id', courtId)
        .where('hr.status', 'held')
        .where('hr.mode', 'hearing')
        .whereBetween('hs.date', [from, to])
        .select('hr.requirement_id')
      const history = trx('review as r')
        .join('sitting as s', 's.id', 'r.sitting_id')
        .whereIn('r.requirement_id', heard)
        // coalesce (status is never null): SQLite would otherwise take the (status, review_date) index and read
        // every held review in the country rather than these requirements' by the requirement index.
        .whereRaw("coalesce(r.status, '') = 'held'")
        .where('r.mode', 'hearing')
        .where('s.date', '<=', to)
        .select(
          'r.id',
          'r.sitting_id',
          's.date',
          's.court_id',
          db.raw('lag(r.id) over (partition by r.requirement_id order by s.date, r.sequence) as previous_id'),
          db.raw(
            'lag(r.sitting_id) over (partition by r.requirement_id order by s.date, r.sequence) as previous_sitting_id',
          ),
        )
        .as('h')
      const held = (await trx
        .from(history)
        .where('h.court_id', courtId)
        .whereBetween('h.date', [from, to])
        .select('h.id', 'h.sitting_id', 'h.date', 'h.previous_id', 'h.previous_sitting_id')) as Raw[]
      if (held.length === 0) return []
      const previous = held
        .filter(r => Boolean(r.previous_id))
        .map(r => ({ id: r.previous_id, sitting_id: r.previous_sitting_id }) as Raw)
      const sat = await benches([...new Map([...held, ...previous].map(r => [r.id, r])).values()], trx)
      return held.map(r => {
        return {
          reviewId: r.id as string,
          sittingId: r.sitting_id as string,
          date: r.date as string,
          bench: sat.get(r.id as string) ?? [],
          previousBench: r.previous_id ? (sat.get(r.previous_id as string) ?? []) : null,
        }
      })
    },
  }
}

export type ContinuityRepository = ReturnType<typeof createContinuityRepository>
