import type { Knex } from 'knex'

// Issue 21: breach of a DRR subject to review is dealt with by the review court (Sentencing Act 2020
// Sch 10 para 1, "appropriate court"; Sch 16 for a suspended sentence order). The order stays live
// while the breach is before the court; the outcome records whether it was proved and the power used.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('breach', t => {
    t.string('id', 36).primary()
    t.string('requirement_id', 36).notNullable().references('requirement.id')
    t.string('failure', 200).notNullable()
    t.string('occurred_on', 10).notNullable()
    t.string('details', 2000).nullable()
    t.string('laid_by', 36).notNullable().references('app_user.id')
    t.string('laid_at', 30).notNullable()
    // The review hearing at which the review court hears it.
    t.string('hearing_review_id', 36).nullable().references('review.id')
    t.string('status', 10).notNullable()
    t.boolean('proved').nullable()
    t.string('power', 30).nullable()
    // Pounds, whole: a fine on breach is at most £2,500 (Sch 10 para 10(5)(b); Sch 16 para 13(1)(c)).
    t.integer('fine_amount').nullable()
    t.string('comments', 2000).nullable()
    t.text('bench_user_ids').nullable()
    t.string('decided_by', 36).nullable().references('app_user.id')
    t.string('decided_at', 30).nullable()
    t.integer('version').notNullable().defaultTo(1)
    t.index(['requirement_id', 'status'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('breach')
}
