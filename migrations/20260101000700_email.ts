import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  // Written in the same transaction as the change that causes it; a worker sends it later.
  await knex.schema.createTable('email_outbox', t => {
    t.string('id', 36).primary()
    t.string('to_address', 254).notNullable()
    t.text('cc').nullable()
    t.string('template', 60).notNullable()
    t.text('payload').notNullable()
    t.string('dedupe_key', 200).nullable().unique()
    t.string('status', 20).notNullable().defaultTo('pending')
    t.integer('attempts').notNullable().defaultTo(0)
    t.string('next_attempt_at', 30).notNullable()
    t.string('claimed_by', 60).nullable()
    t.string('claimed_until', 30).nullable()
    t.text('last_error').nullable()
    t.string('created_at', 30).notNullable()
    t.string('sent_at', 30).nullable()
    t.index(['status', 'next_attempt_at'])
  })
  await knex.schema.alterTable('app_user', t => {
    t.string('calendar_token_hash', 64).nullable().unique()
    t.boolean('digest_opt_out').notNullable().defaultTo(false)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('app_user', t => {
    t.dropUnique(['calendar_token_hash'])
    t.dropColumn('calendar_token_hash')
    t.dropColumn('digest_opt_out')
  })
  await knex.schema.dropTable('email_outbox')
}
