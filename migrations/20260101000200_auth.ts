import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('session', t => {
    t.string('sid', 128).primary()
    t.text('sess').notNullable()
    t.string('expires_at', 30).notNullable().index()
  })
  await knex.schema.createTable('api_token', t => {
    t.string('id', 36).primary()
    t.string('user_id', 36).notNullable().references('app_user.id').onDelete('CASCADE')
    t.string('token_hash', 64).notNullable().unique()
    t.string('created_at', 30).notNullable()
    t.string('expires_at', 30).notNullable()
    t.string('revoked_at', 30).nullable()
    t.string('last_used_at', 30).nullable()
    t.index(['user_id'])
  })
  // Failed sign-ins, counted per account and per address over a sliding window.
  await knex.schema.createTable('sign_in_attempt', t => {
    t.increments('id')
    t.string('email_hash', 64).notNullable()
    t.string('ip', 64).notNullable()
    t.string('at', 30).notNullable()
    t.index(['email_hash', 'at'])
    t.index(['ip', 'at'])
  })
  await knex.schema.createTable('audit_event', t => {
    t.increments('id')
    t.string('at', 30).notNullable()
    t.string('user_id', 36).nullable()
    t.string('action', 60).notNullable()
    t.string('subject_type', 40).nullable()
    t.string('subject_id', 36).nullable()
    t.string('ip', 64).nullable()
    t.text('detail').nullable()
    t.index(['subject_type', 'subject_id'])
    t.index(['user_id', 'at'])
    t.index(['at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_event')
  await knex.schema.dropTable('sign_in_attempt')
  await knex.schema.dropTable('api_token')
  await knex.schema.dropTable('session')
}
