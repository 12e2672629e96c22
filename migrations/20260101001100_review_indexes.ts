import type { Knex } from 'knex'

// A review's sitting is looked up through the unique (sitting_id, slot_index) index, which starts
// with the sitting: the index on sitting_id alone only cost every booking, move and plan one more
// index entry to write per review.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('review', t => {
    t.dropIndex(['sitting_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('review', t => {
    t.index(['sitting_id'])
  })
}
