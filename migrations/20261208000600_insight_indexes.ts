import type { Knex } from 'knex'

// Issue 22 point 3: a court's insight figures start from its orders (sentence_order.court_id), then
// their requirements and reviews by the existing indexes, so the dashboard reads one court's rows
// rather than every review in the country. Maintained by the database with each change: nothing to go stale.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sentence_order', t => {
    t.index(['court_id'], 'sentence_order_court_id_index')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sentence_order', t => {
    t.dropIndex(['court_id'], 'sentence_order_court_id_index')
  })
}
