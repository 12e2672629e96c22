import type { Knex } from 'knex'
import { conn, type TxLike } from '../unitOfWork'
import type { CurrentUser } from '../../roles'
import { scopeRequirements, toPerson, type CaseScope, type PersonRow } from './rows'
import type { EqualityAnswers } from '../equalityRepository'

/** Equality monitoring answers (issue 22) go in with the person's details and version; absent ones stay as they were. */
const equalityColumns = (p: Partial<EqualityAnswers>) => ({
  ...(p.sex !== undefined && { sex: p.sex }),
  ...(p.ethnicity !== undefined && { ethnicity: p.ethnicity }),
})

/** People, and what case data a user may see of them. */
export function createPeopleQueries(db: Knex) {
  return {
    /**
     * What case data a user may see (DESIGN.md "Who uses it"): clerks and admins every case; an officer
     * their own (a manager their organisation's officers'); a provider their organisation's clients;
     * sentencers see cases only through the packs of sittings they sit on. Every scoped read takes it.
     */
    async scopeFor(user: CurrentUser, tx?: TxLike): Promise<CaseScope> {
      switch (user.role) {
        case 'clerk':
        case 'admin':
          return { kind: 'all' }
        case 'probation': {
          if (!user.isManager || !user.organisationId) return { kind: 'officer', userIds: [user.id] }
          const team = await conn(
            db,
            tx,
          )('app_user')
            .where({ role: 'probation', organisation_id: user.organisationId })
            .pluck('id')
          return { kind: 'officer', userIds: [...new Set([user.id, ...team])] }
        }
        case 'provider':
          return user.organisationId ? { kind: 'provider', organisationId: user.organisationId } : { kind: 'none' }
        default:
          return { kind: 'none' }
      }
    },

    async insertPerson(
      p: Omit<PersonRow, 'version'> & Partial<EqualityAnswers>,
      now: string,
      tx?: TxLike,
    ): Promise<void> {
      const trx = conn(db, tx)
      await trx('person').insert({
        id: p.id,
        name: p.name,
        date_of_birth: p.dateOfBirth,
        crn: p.crn,
        pnc: p.pnc,
        ...equalityColumns(p),
        created_at: now,
        updated_at: now,
        version: 1,
      })
    },

    async updatePerson(
      p: Omit<PersonRow, 'version'> & Partial<EqualityAnswers>,
      version: number,
      now: string,
    ): Promise<boolean> {
      const n = await db('person')
        .where({ id: p.id, version })
        .update({
          name: p.name,
          date_of_birth: p.dateOfBirth,
          crn: p.crn,
          pnc: p.pnc,
          ...equalityColumns(p),
          updated_at: now,
          version: version + 1,
        })
      return n > 0
    },

    async personByCrn(crn: string, tx?: TxLike): Promise<PersonRow | null> {
      const trx = conn(db, tx)
      const r = await trx('person').where({ crn }).first()
      return r ? toPerson(r) : null
    },

    /** A person the scope may see, or null (the caller answers 404 either way). */
    async person(id: string, scope: CaseScope, tx?: TxLike): Promise<PersonRow | null> {
      const trx = conn(db, tx)
      if (scope.kind === 'none') return null
      if (scope.kind === 'all') {
        const r = await trx('person').where({ id }).first()
        return r ? toPerson(r) : null
      }
      const q = trx('person as p')
        .join('sentence_order as o', 'o.person_id', 'p.id')
        .join('requirement as q', 'q.order_id', 'o.id')
        .where('p.id', id)
        .select('p.*')
        .first()
      const r = await scopeRequirements(q, scope)
      return r ? toPerson(r) : null
    },
  }
}
