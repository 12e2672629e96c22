import type { Knex } from 'knex'

/**
 * Drug tests can be corrected or withdrawn, and what they said before is kept:
 * - `drug_test` holds a test's current values, with `version` (two corrections at once cannot both
 *   win), when it was last corrected, and whether (when, by whom, why) it was withdrawn; a withdrawn
 *   test stays, but leaves the pack, the report and the charts;
 * - `drug_test_revision` holds one row per change: the values the test had before it, the kind of
 *   change (`corrected` | `withdrawn`), the reason, who and when. The values after a change are the
 *   next revision's "before", or the test itself for the last one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('drug_test', t => {
    t.integer('version').notNullable().defaultTo(1)
    t.string('corrected_at', 30).nullable()
    t.string('withdrawn_at', 30).nullable()
    t.string('withdrawn_by', 36).nullable().references('app_user.id')
    t.text('withdrawn_reason').nullable()
  })
  await knex.schema.createTable('drug_test_revision', t => {
    t.string('id', 36).primary()
    t.string('test_id', 36).notNullable().references('drug_test.id')
    t.integer('revision').notNullable()
    t.string('kind', 20).notNullable()
    t.string('taken_on', 10).notNullable()
    t.string('method', 20).notNullable()
    t.text('results').notNullable()
    t.string('other_substance', 100).nullable()
    t.text('reason').notNullable()
    t.string('changed_by', 36).notNullable().references('app_user.id')
    t.string('changed_at', 30).notNullable()
    t.unique(['test_id', 'revision'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('drug_test_revision')
  await knex.schema.alterTable('drug_test', t => {
    t.dropForeign(['withdrawn_by'])
  })
  await knex.schema.alterTable('drug_test', t => {
    t.dropColumn('withdrawn_reason')
    t.dropColumn('withdrawn_by')
    t.dropColumn('withdrawn_at')
    t.dropColumn('corrected_at')
    t.dropColumn('version')
  })
}
