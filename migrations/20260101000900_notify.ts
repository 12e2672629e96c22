import type { Knex } from 'knex'

// Email and calendars. A review remembers the slot its invites last announced (calendar_starts_at)
// and their SEQUENCE, so a later change is known to be a move or a cancellation. An outbox row has
// its rendered subject and the time the worker stops retrying it (24 hours after it was queued).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('review', t => {
    t.integer('calendar_sequence').notNullable().defaultTo(0)
    t.string('calendar_starts_at', 30).nullable()
  })
  // Hearings listed before email existed count as announced, so the first change does not resend them all.
  await knex('review')
    .where('status', 'scheduled')
    .update({ calendar_starts_at: knex.ref('starts_at') })
  await knex.schema.alterTable('email_outbox', t => {
    t.string('subject', 200).nullable()
    t.string('give_up_at', 30).nullable()
    t.index(['created_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('email_outbox', t => {
    t.dropIndex(['created_at'])
    t.dropColumn('give_up_at')
    t.dropColumn('subject')
  })
  await knex.schema.alterTable('review', t => {
    t.dropColumn('calendar_starts_at')
    t.dropColumn('calendar_sequence')
  })
}
