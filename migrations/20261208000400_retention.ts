import type { Knex } from 'knex'
import { isPostgres } from '../server/db/createDb'

const MESSAGE = 'audit_event is append-only'

// Issue 23 point 4: storage limitation (Data Protection Act 2018 s.39: kept no longer than necessary,
// with time limits for periodic review), erasure or restriction (s.47) and the right of access (s.45).
// - `retention_setting`: how many years each kind of record is kept (a policy an admin may change),
//   counted from the end of the person's last order (the audit log: from each event);
// - `legal_hold`: a person's records kept past their date while they must be kept as evidence (s.47(2):
//   restrict instead of erasing), with who placed and lifted it, when and why;
// - `person.anonymised_at`: the person's case record has passed its date and their identity is gone;
// - `retention_run`: one row a London day, claimed by the first worker, so the daily job runs once;
// - `audit_purge`: the audit log stays append-only, except that the retention job may delete rows older
//   than the cut-off it writes here inside its own transaction (and removes before it commits).
// The kinds and years are written out here, not imported, so this migration keeps meaning what it meant.
const DEFAULTS: [string, number][] = [
  ['drug_tests', 6],
  ['notes', 6],
  ['reports', 6],
  ['packs', 6],
  ['case_record', 7],
  ['audit', 7],
]

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('retention_setting', t => {
    t.string('kind', 30).primary()
    t.integer('years').notNullable()
    t.string('updated_by', 36).nullable().references('app_user.id')
    t.string('updated_at', 30).nullable()
  })
  await knex('retention_setting').insert(DEFAULTS.map(([kind, years]) => ({ kind, years })))
  await knex.schema.createTable('legal_hold', t => {
    t.string('id', 36).primary()
    t.string('person_id', 36).notNullable().references('person.id')
    t.string('reason', 1000).notNullable()
    t.string('placed_by', 36).notNullable().references('app_user.id')
    t.string('placed_at', 30).notNullable()
    t.string('lifted_by', 36).nullable().references('app_user.id')
    t.string('lifted_at', 30).nullable()
    t.string('lift_reason', 1000).nullable()
    t.index(['person_id'])
  })
  // At most one hold in force a person (partial unique index: SQLite and PostgreSQL both have them).
  await knex.raw('CREATE UNIQUE INDEX legal_hold_one_in_force ON legal_hold (person_id) WHERE lifted_at IS NULL')
  await knex.schema.alterTable('person', t => {
    t.string('anonymised_at', 30).nullable()
  })
  await knex.schema.createTable('retention_run', t => {
    t.string('day', 10).primary()
    t.string('started_at', 30).notNullable()
    t.string('finished_at', 30).nullable()
  })
  await knex.schema.createTable('audit_purge', t => {
    t.string('before_at', 30).notNullable()
  })
  if (isPostgres(knex)) {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_purge p WHERE OLD.at < p.before_at) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION '${MESSAGE}';
      END;
      $$`)
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS audit_event_no_delete')
    await knex.raw(
      `CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
       WHEN NOT EXISTS (SELECT 1 FROM audit_purge p WHERE OLD.at < p.before_at)
       BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END;`,
    )
  }
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${MESSAGE}';
      END;
      $$`)
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS audit_event_no_delete')
    await knex.raw(
      `CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END;`,
    )
  }
  await knex.schema.dropTable('audit_purge')
  await knex.schema.dropTable('retention_run')
  await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['person', 'anonymised_at'])
  await knex.raw('DROP INDEX IF EXISTS legal_hold_one_in_force')
  await knex.schema.dropTable('legal_hold')
  await knex.schema.dropTable('retention_setting')
}
