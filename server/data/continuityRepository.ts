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
    for (const b of sat) out.set(b.review_id as string, [...(out.get(b.review_id as string) ?? []), b.user_id as string])
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
      const held = (await trx('review as r')
        .join('sitting as s', 's.id', 'r.sitting_id')
        .where('s.court_id', courtId)
        .where('r.status', 'held')
        .where('r.mode', 'hearing')
        .whereBetween('s.date', [from, to])
        .select('r.id', 'r.requirement_id', 'r.sequence', 'r.sitting_id', 's.date')) as Raw[]
      if (held.length === 0) return []
      const requirementIds = [...new Set(held.map(r => r.requirement_id as string))]
      const history = (await trx('review as r')
        .join('sitting as s', 's.id', 'r.sitting_id')
        .whereIn('r.requirement_id', requirementIds)
        .where('r.status', 'held')
        .where('r.mode', 'hearing')
        .where('s.date', '<=', to)
        .orderBy([{ column: 's.date' }, { column: 'r.sequence' }])
        .select('r.id', 'r.requirement_id', 'r.sequence', 'r.sitting_id', 's.date')) as Raw[]
      const sat = await benches(history, trx)
      const previousOf = new Map<string, Raw | null>()
      const last = new Map<string, Raw>()
      for (const r of history) {
        previousOf.set(r.id as string, last.get(r.requirement_id as string) ?? null)
        last.set(r.requirement_id as string, r)
      }
      return held.map(r => {
        const previous = previousOf.get(r.id as string) ?? null
        return {
          reviewId: r.id as string,
          sittingId: r.sitting_id as string,
          date: r.date as string,
          bench: sat.get(r.id as string) ?? [],
          previousBench: previous ? (sat.get(previous.id as string) ?? []) : null,
        }
      })
    },
  }
}

export type ContinuityRepository = ReturnType<typeof createContinuityRepository>
