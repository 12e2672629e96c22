import type { Knex } from 'knex'

// Issue 21: structured amendments of a requirement (length, review interval, provider, residential,
// responsible court), each dated with who, why and the person's consent; and applications by the
// officer or the provider outside a review (to amend, or to revoke early for good progress), listed
// for a hearing at the review court.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('amendment', t => {
    t.string('id', 36).primary()
    t.string('requirement_id', 36).notNullable().references('requirement.id')
    // The review hearing it was made at, if any.
    t.string('review_id', 36).nullable().references('review.id')
    t.string('application_id', 36).nullable()
    t.string('made_on', 10).notNullable()
    // What changed, old and new: JSON { field: { from, to } }.
    t.text('changes').notNullable()
    t.boolean('consent').notNullable()
    t.string('reason', 2000).notNullable()
    t.string('made_by', 36).notNullable().references('app_user.id')
    t.string('made_at', 30).notNullable()
    t.index(['requirement_id', 'made_on'])
  })
  await knex.schema.createTable('application', t => {
    t.string('id', 36).primary()
    t.string('requirement_id', 36).notNullable().references('requirement.id')
    t.string('kind', 20).notNullable()
    t.string('reason', 2000).notNullable()
    t.text('proposed').nullable()
    t.string('made_by', 36).notNullable().references('app_user.id')
    t.string('made_at', 30).notNullable()
    t.string('hearing_review_id', 36).nullable().references('review.id')
    t.string('status', 12).notNullable()
    t.string('decided_by', 36).nullable().references('app_user.id')
    t.string('decided_at', 30).nullable()
    t.string('decision_comments', 2000).nullable()
    t.integer('version').notNullable().defaultTo(1)
    t.index(['requirement_id', 'status'])
  })
  // A requirement the court revoked early for good progress counts as completed early.
  await knex.schema.alterTable('requirement', t => {
    t.boolean('completed_early').notNullable().defaultTo(false)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['requirement', 'completed_early'])
  await knex.schema.dropTable('application')
  await knex.schema.dropTable('amendment')
}
