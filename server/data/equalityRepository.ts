import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'

/** A person's equality monitoring answers, as codes (content/labels.ts SEX, ETHNICITY); null: not recorded. */
export interface EqualityAnswers {
  sex: string | null
  ethnicity: string | null
}

/** One (sex, ethnicity) pair of a court's cohort, counted: never published as it is (equalityRules.ts). */
export interface EqualityGroup extends EqualityAnswers {
  /** People in the cohort with these answers. */
  people: number
  /** Their review hearings in the period that took place (held or did not attend). */
  hearings: number
  /** Of those, the ones they attended (held). */
  attended: number
}

const num = (v: unknown) => Number(v ?? 0)

/**
 * Equality monitoring (issue 22 point 4). The answers are written with the person's other details (cases/people.ts,
 * under the person's version) and read back here only for the clerk's form, or counted for a court: never listed.
 */
export function createEqualityRepository(db: Knex) {
  return {
    async answers(personId: string, tx?: TxLike): Promise<EqualityAnswers | null> {
      const r = (await conn(db, tx)('person').where({ id: personId }).first('sex', 'ethnicity')) as Raw | undefined
      return r ? { sex: (r.sex as string | null) ?? null, ethnicity: (r.ethnicity as string | null) ?? null } : null
    },

    /**
     * The cohort of a court for a period: people with a review of an order at the court whose hearing date (its
     * sitting's, else its planned date, as the insight figures count) is in the range. One query, grouped by the
     * answers, however many people or reviews.
     */
    async groups(courtId: string, from: string, to: string, tx?: TxLike): Promise<EqualityGroup[]> {
      const trx = conn(db, tx)
      const took = "r.mode = 'hearing' and r.status in ('held', 'did_not_attend')"
      const rows = (await trx('review as r')
        .join('requirement as q', 'q.id', 'r.requirement_id')
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .join('person as p', 'p.id', 'o.person_id')
        .leftJoin('sitting as s', 's.id', db.raw('coalesce(r.sitting_id, r.last_sitting_id)'))
        .where('o.court_id', courtId)
        .whereRaw('coalesce(s.date, r.review_date) between ? and ?', [from, to])
        .groupBy('p.sex', 'p.ethnicity')
        .select(
          'p.sex',
          'p.ethnicity',
          db.raw('count(distinct p.id) as people'),
          db.raw(`sum(case when ${took} then 1 else 0 end) as hearings`),
          db.raw(`sum(case when ${took} and r.status = 'held' then 1 else 0 end) as attended`),
        )) as Raw[]
      return rows.map(r => ({
        sex: (r.sex as string | null) ?? null,
        ethnicity: (r.ethnicity as string | null) ?? null,
        people: num(r.people),
        hearings: num(r.hearings),
        attended: num(r.attended),
      }))
    },
  }
}

export type EqualityRepository = ReturnType<typeof createEqualityRepository>
