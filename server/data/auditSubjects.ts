import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'

/** What an audit row's subject was, for describing it in words (no free text, no health data). */
export type SubjectFacts =
  | { type: 'review'; sequence: number; reviewDate: string; mode: string }
  | { type: 'sitting'; date: string; courtroom: string; courtName: string }
  | { type: 'order'; caseReference: string }
  | { type: 'requirement'; kind: string }
  | { type: 'court'; name: string }
  | { type: 'user'; name: string }
  | { type: 'organisation'; name: string }

const key = (type: string, id: string) => `${type}:${id}`

/** The facts behind audit rows' subjects, one query per kind of subject on the page. */
export function createAuditSubjectQueries(db: Knex) {
  return {
    /** Keyed `type:id`; a subject whose row is gone (or a kind with nothing to add) is left out. */
    async subjectFacts(subjects: { type: string; id: string }[], tx?: TxLike): Promise<Map<string, SubjectFacts>> {
      const trx = conn(db, tx)
      const ids = (type: string) => [...new Set(subjects.filter(s => s.type === type).map(s => s.id))]
      const out = new Map<string, SubjectFacts>()
      const read = async (type: string, query: (ids: string[]) => Promise<Raw[]>, facts: (r: Raw) => SubjectFacts) => {
        const wanted = ids(type)
        if (!wanted.length) return
        for (let i = 0; i < wanted.length; i += 500)
          for (const r of await query(wanted.slice(i, i + 500))) out.set(key(type, String(r.id)), facts(r))
      }
      await read(
        'review',
        chunk => trx('review').whereIn('id', chunk).select('id', 'sequence', 'review_date', 'mode'),
        r => ({
          type: 'review',
          sequence: Number(r.sequence),
          reviewDate: r.review_date as string,
          mode: r.mode as string,
        }),
      )
      await read(
        'sitting',
        chunk =>
          trx('sitting as s')
            .join('court as c', 'c.id', 's.court_id')
            .whereIn('s.id', chunk)
            .select('s.id', 's.date', 's.courtroom', 'c.name as court_name'),
        r => ({
          type: 'sitting',
          date: r.date as string,
          courtroom: r.courtroom as string,
          courtName: r.court_name as string,
        }),
      )
      await read(
        'order',
        chunk => trx('sentence_order').whereIn('id', chunk).select('id', 'case_reference'),
        r => ({ type: 'order', caseReference: r.case_reference as string }),
      )
      await read(
        'requirement',
        chunk => trx('requirement').whereIn('id', chunk).select('id', 'kind'),
        r => ({ type: 'requirement', kind: r.kind as string }),
      )
      await read(
        'court',
        chunk => trx('court').whereIn('id', chunk).select('id', 'name'),
        r => ({ type: 'court', name: r.name as string }),
      )
      await read(
        'user',
        chunk => trx('app_user').whereIn('id', chunk).select('id', 'name'),
        r => ({ type: 'user', name: r.name as string }),
      )
      await read(
        'organisation',
        chunk => trx('organisation').whereIn('id', chunk).select('id', 'name'),
        r => ({ type: 'organisation', name: r.name as string }),
      )
      return out
    },
  }
}

export const subjectKey = key
