import type { Knex } from 'knex'

// Double-submitted forms make one record: each rendered form carries a one-time id, and the first
// POST of it claims this row (unique key) before the handler runs. A repeat gets the first one's redirect.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('form_submission', t => {
    // sha256 of (user, form id, method, path, fields): the same form sent twice, never two different ones.
    t.string('key', 64).primary()
    t.string('user_id', 36).notNullable().references('app_user.id').onDelete('CASCADE')
    // pending while the first submission is being handled; done once it answered with a redirect.
    t.string('status', 10).notNullable()
    t.integer('status_code').nullable()
    t.string('location', 2000).nullable()
    t.string('created_at', 30).notNullable()
    t.index(['created_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('form_submission')
}
