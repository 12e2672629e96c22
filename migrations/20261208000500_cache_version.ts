import type { Knex } from 'knex'

// Issue 24: what an instance keeps in memory (bank holidays) carries the version it was read at.
// A change bumps the version in the change's own transaction; every instance reads the version (one
// primary-key lookup) before it uses its copy, so a change made through one instance is seen by the
// others on their next use, without a restart.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cache_version', t => {
    t.string('name', 40).primary()
    t.integer('version').notNullable().defaultTo(0)
  })
  await knex('cache_version').insert({ name: 'bank_holidays', version: 1 })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('cache_version')
}
