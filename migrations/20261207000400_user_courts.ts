import type { Knex } from 'knex'

const LINKED_ROLES = ['clerk', 'sentencer']
const CHUNK = 400

/**
 * Clerks and sentencers work at their courts (issue 20): the calendar, needs listing and the paper
 * queue now start from the courts a user is linked to in `user_court` (made with the reference tables).
 * So that nothing disappears for people already using the service, a clerk or sentencer with no court
 * yet is linked to every court their own records show them working at (benches they were on or sat on,
 * outcomes they recorded, bookings they changed, packs they issued), or to every court when nothing
 * shows it. `(court_id)` is indexed for "the clerks of this court" (reminders, paper decisions).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('user_court', t => {
    t.index(['court_id'], 'user_court_court_id_index')
  })
  const unlinked: string[] = await knex('app_user as u')
    .whereIn('u.role', LINKED_ROLES)
    .whereNotExists(knex('user_court as uc').whereRaw('uc.user_id = u.id').select(knex.raw('1')))
    .orderBy('u.id')
    .pluck('u.id')
  if (unlinked.length === 0) return
  const allCourts: string[] = await knex('court').orderBy('id').pluck('id')
  for (let i = 0; i < unlinked.length; i += CHUNK) {
    const ids = unlinked.slice(i, i + CHUNK)
    const used = await courtsUsedBy(knex, ids)
    const rows = ids.flatMap(userId => {
      const courts = used.get(userId)
      return [...(courts && courts.size ? courts : allCourts)].map(courtId => ({ user_id: userId, court_id: courtId }))
    })
    for (let j = 0; j < rows.length; j += CHUNK) await knex('user_court').insert(rows.slice(j, j + CHUNK))
  }
}

/** The courts each user's own records place them at: one read per kind of record. */
async function courtsUsedBy(knex: Knex, ids: string[]): Promise<Map<string, Set<string>>> {
  const reviewCourt = (q: Knex.QueryBuilder) =>
    q
      .join('review as r', 'r.id', 'x.review_id')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as so', 'so.id', 'q.order_id')
  const reads: Knex.QueryBuilder[] = [
    knex('sitting_bench as x')
      .join('sitting as s', 's.id', 'x.sitting_id')
      .whereIn('x.user_id', ids)
      .distinct('x.user_id as user_id', 's.court_id as court_id'),
    reviewCourt(knex('outcome as x'))
      .whereIn('x.recorded_by', ids)
      .distinct('x.recorded_by as user_id', 'so.court_id as court_id'),
    reviewCourt(knex('outcome_bench as ob').join('outcome as x', 'x.id', 'ob.outcome_id'))
      .whereIn('ob.user_id', ids)
      .distinct('ob.user_id as user_id', 'so.court_id as court_id'),
    reviewCourt(knex('review_event as x'))
      .whereIn('x.user_id', ids)
      .distinct('x.user_id as user_id', 'so.court_id as court_id'),
    knex('hearing_pack as x')
      .join('sitting as s', 's.id', 'x.sitting_id')
      .whereIn('x.issued_by', ids)
      .distinct('x.issued_by as user_id', 's.court_id as court_id'),
  ]
  const used = new Map<string, Set<string>>()
  for (const read of reads)
    for (const r of (await read) as { user_id: string; court_id: string }[])
      used.set(r.user_id, (used.get(r.user_id) ?? new Set()).add(r.court_id))
  return used
}

// The links stay on the way down: they are the administrator's data now, and harmless to an older version.
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('user_court', t => {
    t.dropIndex(['court_id'], 'user_court_court_id_index')
  })
}
