import type { Knex } from 'knex'

// Issue 19: sign-in that cannot be frozen or raced, MFA for every role, sessions that can be ended.
export async function up(knex: Knex): Promise<void> {
  // Whose session a row is, so a password change, an MFA reset or disabling a user ends them all.
  await knex.schema.alterTable('session', t => {
    t.string('user_id', 36).nullable().index()
  })
  // TOTP: the secret (encrypted with a key derived from SESSION_SECRET), when it was turned on, and
  // the last time step used (a code is accepted once).
  await knex.schema.alterTable('app_user', t => {
    t.text('mfa_secret').nullable()
    t.string('mfa_enabled_at', 30).nullable()
    t.bigInteger('mfa_last_step').nullable()
  })
  await knex.schema.createTable('mfa_recovery_code', t => {
    t.string('id', 36).primary()
    t.string('user_id', 36).notNullable().references('app_user.id').onDelete('CASCADE')
    t.string('code_hash', 64).notNullable()
    t.string('created_at', 30).notNullable()
    t.string('used_at', 30).nullable()
    t.index(['user_id'])
  })
  // Attempts are counted per account and address together, so delays grow for the pair.
  await knex.schema.alterTable('sign_in_attempt', t => {
    t.index(['email_hash', 'ip', 'at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sign_in_attempt', t => {
    t.dropIndex(['email_hash', 'ip', 'at'])
  })
  await knex.schema.dropTable('mfa_recovery_code')
  // Native DROP COLUMN (see the law migration): knex's SQLite dropColumn rebuilds app_user, which
  // every case table refers to.
  for (const column of ['mfa_last_step', 'mfa_enabled_at', 'mfa_secret'])
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['app_user', column])
  await knex.schema.alterTable('session', t => {
    t.dropIndex(['user_id'])
  })
  await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['session', 'user_id'])
}
