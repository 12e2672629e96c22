import type { Knex } from 'knex'
import { scopeRequirements, toPerson, type CaseScope, type PersonRow } from './rows'

/**
 * A person's surname, lower case, for sorting: the name's last word (`Marcus Greene` → `greene`).
 * People have one name field, so the last word is found in SQL that SQLite and PostgreSQL both run:
 * `rtrim(name, <every letter of the name>)` leaves the name up to its last space.
 */
const SURNAME = "lower(substr(p.name, length(rtrim(p.name, replace(p.name, ' ', ''))) + 1))"

const escapeLike = (s: string) => s.replace(/[\\%_]/g, c => `\\${c}`)

/** The words of a search, each at most 100 characters, at most 8 of them (a name, a CRN, a PNC ID). */
export const searchTokens = (term: string): string[] =>
  term
    .split(/[\s,]+/)
    .map(t => t.trim().slice(0, 100))
    .filter(Boolean)
    .slice(0, 8)

/** Searching for and browsing people, only those the scope may see. */
export function createPeopleSearch(db: Knex) {
  /** People the scope may see: all for clerks and admins, else those with a requirement in scope. */
  function visiblePeople(scope: CaseScope): Knex.QueryBuilder {
    const q = db('person as p')
    if (scope.kind === 'all') return q
    return q.whereExists(
      scopeRequirements(
        db('sentence_order as o')
          .join('requirement as q', 'q.order_id', 'o.id')
          .whereRaw('o.person_id = p.id')
          .select(db.raw('1')),
        scope,
      ),
    )
  }

  return {
    /**
     * People matching every word of the term, in any order: a word matches part of the name
     * ("greene marcus", "marc gree"), the start of the CRN or the whole PNC ID. By surname.
     */
    async search(term: string, scope: CaseScope, limit = 50): Promise<PersonRow[]> {
      const tokens = searchTokens(term)
      if (!tokens.length || scope.kind === 'none') return []
      const q = visiblePeople(scope)
      for (const token of tokens)
        q.where(w =>
          w
            .whereRaw("lower(p.name) like ? escape '\\'", [`%${escapeLike(token.toLowerCase())}%`])
            .orWhereRaw("p.crn like ? escape '\\'", [`${escapeLike(token.toUpperCase())}%`])
            .orWhere('p.pnc', token.toUpperCase()),
        )
      const rows = await q.select('p.*').orderByRaw(`${SURNAME}, p.name, p.id`).limit(limit)
      return rows.map(toPerson)
    },

    /** How many people the scope may see. */
    async countVisible(scope: CaseScope): Promise<number> {
      if (scope.kind === 'none') return 0
      const [count] = await visiblePeople(scope).count({ n: '*' })
      return Number(count?.n ?? 0)
    },

    /** One page of everyone the scope may see, by surname. */
    async browse(scope: CaseScope, page: { offset: number; limit: number }): Promise<PersonRow[]> {
      if (scope.kind === 'none') return []
      const rows = await visiblePeople(scope)
        .select('p.*')
        .orderByRaw(`${SURNAME}, p.name, p.id`)
        .offset(page.offset)
        .limit(page.limit)
      return rows.map(toPerson)
    },
  }
}
