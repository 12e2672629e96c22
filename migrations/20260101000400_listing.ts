import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sitting', t => {
    t.string('id', 36).primary()
    t.string('court_id', 36).notNullable().references('court.id')
    t.string('kind', 20).notNullable().defaultTo('review')
    t.string('date', 10).notNullable()
    t.string('start_time', 5).notNullable()
    t.string('starts_at', 30).notNullable()
    t.string('courtroom', 40).notNullable()
    t.integer('capacity').notNullable()
    t.integer('slot_minutes').notNullable()
    t.string('status', 20).notNullable().defaultTo('open')
    t.string('series_id', 36).nullable()
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.integer('version').notNullable().defaultTo(1)
    t.index(['court_id', 'date'])
    t.index(['series_id'])
  })
  await knex.schema.createTable('sitting_bench', t => {
    t.string('sitting_id', 36).notNullable().references('sitting.id').onDelete('CASCADE')
    t.string('user_id', 36).notNullable().references('app_user.id')
    t.primary(['sitting_id', 'user_id'])
    t.index(['user_id'])
  })
  // A booked review holds (sitting_id, slot_index): the unique key is what makes capacity a hard
  // limit under concurrency. A review that leaves a sitting gives its slot up (nulls never clash).
  await knex.schema.createTable('review', t => {
    t.string('id', 36).primary()
    t.string('requirement_id', 36).notNullable().references('requirement.id')
    t.integer('sequence').notNullable()
    t.string('target_date', 10).notNullable()
    t.string('mode', 10).notNullable()
    t.string('status', 20).notNullable()
    t.string('sitting_id', 36).nullable().references('sitting.id')
    t.integer('slot_index').nullable()
    t.string('starts_at', 30).nullable()
    t.string('review_date', 10).notNullable()
    t.string('report_due_at', 30).nullable()
    t.string('last_sitting_id', 36).nullable()
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.integer('version').notNullable().defaultTo(1)
    t.unique(['sitting_id', 'slot_index'])
    t.index(['requirement_id', 'sequence'])
    t.index(['status', 'review_date'])
    t.index(['sitting_id'])
  })
  // History of every booking change: listed, moved, adjourned, vacated, unlisted, re-planned.
  await knex.schema.createTable('review_event', t => {
    t.increments('id')
    t.string('review_id', 36).notNullable().references('review.id')
    t.string('at', 30).notNullable()
    t.string('user_id', 36).nullable()
    t.string('action', 30).notNullable()
    t.string('from_sitting_id', 36).nullable()
    t.string('to_sitting_id', 36).nullable()
    t.integer('from_slot_index').nullable()
    t.string('from_status', 20).nullable()
    t.string('reason', 500).nullable()
    t.index(['review_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('review_event')
  await knex.schema.dropTable('review')
  await knex.schema.dropTable('sitting_bench')
  await knex.schema.dropTable('sitting')
}
