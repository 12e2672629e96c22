import type { Knex } from 'knex'

// Issue 23 point 1: the person's own words before a review, taken down by the officer or the provider.
// Never edited: each save before the review adds a revision (the latest is current), and none is
// added once the review is held. The bench's response is recorded with the outcome, naming the
// revision the bench read.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('statement', t => {
    t.string('id', 36).primary()
    t.string('review_id', 36).notNullable().references('review.id')
    // 1, 2, …: a replacement before the review is a new row, the earlier ones kept.
    t.integer('revision').notNullable()
    t.text('text').notNullable()
    t.string('taken_by', 36).notNullable().references('app_user.id')
    // The role they took it down in (probation or provider), as it was then.
    t.string('taken_by_role', 20).notNullable()
    t.string('taken_at', 30).notNullable()
    t.unique(['review_id', 'revision'])
  })
  await knex.schema.createTable('statement_response', t => {
    t.string('id', 36).primary()
    // One response an outcome, written in the outcome's transaction.
    t.string('outcome_id', 36).notNullable().unique().references('outcome.id')
    t.string('review_id', 36).notNullable().references('review.id')
    t.string('statement_id', 36).notNullable().references('statement.id')
    t.text('text').notNullable()
    t.string('recorded_by', 36).notNullable().references('app_user.id')
    t.string('recorded_at', 30).notNullable()
    t.index(['review_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('statement_response')
  await knex.schema.dropTable('statement')
}
