import type { Knex } from 'knex'
import type { CaseScope } from '../data/caseRepository'
import type { CurrentUser } from '../roles'

/**
 * What case data a user may see (DESIGN.md "Who uses it"): clerks and admins every case; an
 * officer their own (a manager their organisation's officers'); a provider their organisation's
 * clients; sentencers see cases only through the packs of sittings they sit on.
 */
export async function caseScopeFor(user: CurrentUser, db: Knex): Promise<CaseScope> {
  switch (user.role) {
    case 'clerk':
    case 'admin':
      return { kind: 'all' }
    case 'probation': {
      if (!user.isManager || !user.organisationId) return { kind: 'officer', userIds: [user.id] }
      const team = await db('app_user').where({ role: 'probation', organisation_id: user.organisationId }).pluck('id')
      return { kind: 'officer', userIds: [...new Set([user.id, ...team])] }
    }
    case 'provider':
      return user.organisationId ? { kind: 'provider', organisationId: user.organisationId } : { kind: 'none' }
    default:
      return { kind: 'none' }
  }
}
