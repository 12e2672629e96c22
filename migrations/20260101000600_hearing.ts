import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  // One outcome per review: the unique key refuses a second (a double-submitted form records one).
  await knex.schema.createTable('outcome', t => {
    t.string('id', 36).primary()
    t.string('review_id', 36).notNullable().unique().references('review.id')
    t.boolean('attended').notNullable()
    t.string('progress', 20).notNullable()
    t.string('decision', 30).notNullable()
    t.text('bench_comments').nullable()
    t.text('amendment').nullable()
    t.boolean('consent_to_amendment').nullable()
    t.string('next_review_id', 36).nullable()
    t.string('recorded_by', 36).notNullable().references('app_user.id')
    t.string('recorded_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.integer('version').notNullable().defaultTo(1)
  })
  await knex.schema.createTable('outcome_history', t => {
    t.increments('id')
    t.string('outcome_id', 36).notNullable().references('outcome.id')
    t.integer('version').notNullable()
    t.text('content').notNullable()
    t.string('changed_by', 36).notNullable().references('app_user.id')
    t.string('changed_at', 30).notNullable()
    t.string('reason', 500).nullable()
  })
  await knex.schema.createTable('hearing_pack', t => {
    t.string('id', 36).primary()
    t.string('sitting_id', 36).nullable().references('sitting.id')
    t.string('review_id', 36).nullable().references('review.id')
    t.integer('version').notNullable()
    t.string('issued_at', 30).notNullable()
    t.string('issued_by', 36).notNullable().references('app_user.id')
    t.string('content_hash', 64).notNullable()
    t.text('html').notNullable()
    t.text('summary').nullable()
    t.unique(['sitting_id', 'review_id', 'version'])
  })
  // Private to sentencers: never shown to any other role, admins included.
  await knex.schema.createTable('bench_note', t => {
    t.string('id', 36).primary()
    t.string('person_id', 36).notNullable().references('person.id')
    t.string('review_id', 36).nullable().references('review.id')
    t.string('author_id', 36).notNullable().references('app_user.id')
    t.string('at', 30).notNullable()
    t.text('text').notNullable()
    t.index(['person_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bench_note')
  await knex.schema.dropTable('hearing_pack')
  await knex.schema.dropTable('outcome_history')
  await knex.schema.dropTable('outcome')
}
