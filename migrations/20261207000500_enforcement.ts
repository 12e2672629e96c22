import type { Knex } from 'knex'

// Issue 21: what the court did when the person did not attend a hearing (Sentencing Act 2020 Sch 9
// para 21(2)(c): attendance is a condition of a review hearing; Sch 10 para 8: summons or warrant),
// and the warrants that stay open until executed or withdrawn.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('warrant', t => {
    t.string('id', 36).primary()
    t.string('requirement_id', 36).notNullable().references('requirement.id')
    // The hearing the person did not attend, and the hearing listed when the warrant is executed.
    t.string('missed_review_id', 36).notNullable().references('review.id')
    t.string('return_review_id', 36).nullable().references('review.id')
    t.string('issued_on', 10).notNullable()
    t.string('issued_by', 36).notNullable().references('app_user.id')
    // Who sat when it was issued (JSON array of user ids): the return hearing prefers that bench.
    t.text('issued_by_bench').notNullable()
    t.boolean('bail').notNullable()
    t.string('status', 12).notNullable()
    t.string('executed_on', 10).nullable()
    t.string('bail_return_on', 10).nullable()
    t.string('withdrawn_reason', 500).nullable()
    t.string('closed_by', 36).nullable().references('app_user.id')
    t.string('closed_at', 30).nullable()
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.integer('version').notNullable().defaultTo(1)
    t.index(['status', 'issued_on'])
    t.index(['requirement_id'])
  })
  // One row per hearing the person missed: what the court did about it.
  await knex.schema.createTable('non_attendance', t => {
    t.string('id', 36).primary()
    t.string('review_id', 36).notNullable().unique().references('review.id')
    t.string('action', 12).notNullable()
    t.string('summons_on', 10).nullable()
    t.string('hearing_review_id', 36).nullable().references('review.id')
    t.string('warrant_id', 36).nullable().references('warrant.id')
    t.string('comments', 2000).nullable()
    t.string('recorded_by', 36).notNullable().references('app_user.id')
    t.string('recorded_at', 30).notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('non_attendance')
  await knex.schema.dropTable('warrant')
}
