import type { Knex } from 'knex'

// Email and calendars: each review's iCalendar SEQUENCE (raised on every move) and the reminder
// ledger that makes reminders idempotent across restarts and across several workers.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('review', t => {
    t.integer('calendar_sequence').notNullable().defaultTo(0)
  })
  await knex.schema.alterTable('email_outbox', t => {
    t.string('subject', 200).nullable()
    t.index(['status', 'created_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('email_outbox', t => {
    t.dropIndex(['status', 'created_at'])
    t.dropColumn('subject')
  })
  await knex.schema.alterTable('review', t => {
    t.dropColumn('calendar_sequence')
  })
}
