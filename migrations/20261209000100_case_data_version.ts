import type { Knex } from 'knex'
import { dropChangeTracking, ensureChangeTracking } from '../server/db/changeTracking'

// Issue 24: the court list and the hearing pack are kept in memory between reads, each with the
// version of the case data it was read at. The database raises that version itself, by a trigger on
// every table whose rows a page can show, in the transaction of the change (server/db/changeTracking.ts).
export async function up(knex: Knex): Promise<void> {
  await ensureChangeTracking(knex)
}

export async function down(knex: Knex): Promise<void> {
  await dropChangeTracking(knex)
}
