import type { Knex } from 'knex'

// Ids are opaque strings (UUIDs); instants are UTC ISO strings; calendar dates are YYYY-MM-DD.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('court', t => {
    t.string('id', 36).primary()
    t.string('name', 200).notNullable()
    t.string('code', 20).notNullable().unique()
    t.string('timezone', 40).notNullable().defaultTo('Europe/London')
    t.integer('report_due_working_days').notNullable().defaultTo(2)
    t.integer('default_sitting_weekday').nullable()
    t.string('created_at', 30).notNullable()
  })
  await knex.schema.createTable('organisation', t => {
    t.string('id', 36).primary()
    t.string('name', 200).notNullable()
    t.string('kind', 20).notNullable()
    t.string('created_at', 30).notNullable()
    t.unique(['kind', 'name'])
  })
  await knex.schema.createTable('app_user', t => {
    t.string('id', 36).primary()
    t.string('email', 254).notNullable().unique()
    t.string('name', 200).notNullable()
    t.string('role', 20).notNullable()
    t.string('organisation_id', 36).nullable().references('organisation.id')
    t.boolean('is_manager').notNullable().defaultTo(false)
    t.string('password_hash', 300).notNullable()
    t.boolean('must_change_password').notNullable().defaultTo(false)
    t.boolean('disabled').notNullable().defaultTo(false)
    t.integer('failed_logins').notNullable().defaultTo(0)
    t.string('last_sign_in_at', 30).nullable()
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.integer('version').notNullable().defaultTo(1)
    t.index(['role'])
  })
  await knex.schema.createTable('user_court', t => {
    t.string('user_id', 36).notNullable().references('app_user.id').onDelete('CASCADE')
    t.string('court_id', 36).notNullable().references('court.id').onDelete('CASCADE')
    t.primary(['user_id', 'court_id'])
  })
  await knex.schema.createTable('bank_holiday', t => {
    t.string('date', 10).primary()
    t.string('title', 200).notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bank_holiday')
  await knex.schema.dropTable('user_court')
  await knex.schema.dropTable('app_user')
  await knex.schema.dropTable('organisation')
  await knex.schema.dropTable('court')
}
