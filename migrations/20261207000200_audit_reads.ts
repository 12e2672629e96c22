import type { Knex } from 'knex'
import { isPostgres } from '../server/db/createDb'

const MESSAGE = 'audit_event is append-only'

/**
 * Who saw this person (Data Protection Act 2018 s.62; ASVS 5.0 16.2.1, 16.3.2, 16.4.2):
 * - `role`: the user's role when they acted (null when nobody was signed in);
 * - `person_id`: the person an event concerns, so "who has seen this record" is one indexed read;
 * - `(action, at)`: the admin's filter by action, and the list of actions present (a loose index scan);
 * - audit rows are append-only: the database itself refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL).
 * `(user_id, at)` and `(at)` were indexed when the table was made.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_event', t => {
    t.string('role', 20).nullable()
    t.string('person_id', 36).nullable()
    t.index(['person_id', 'at'], 'audit_event_person_id_at_index')
    t.index(['action', 'at'], 'audit_event_action_at_index')
  })
  if (isPostgres(knex)) {
    await knex.raw(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${MESSAGE}';
      END;
      $$`)
    await knex.raw(`CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`)
    await knex.raw(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`)
  } else {
    await knex.raw(
      `CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END;`,
    )
    await knex.raw(
      `CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END;`,
    )
  }
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event')
    await knex.raw('DROP TRIGGER IF EXISTS audit_event_no_change ON audit_event')
    await knex.raw('DROP FUNCTION IF EXISTS audit_event_append_only()')
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS audit_event_no_delete')
    await knex.raw('DROP TRIGGER IF EXISTS audit_event_no_update')
  }
  await knex.schema.alterTable('audit_event', t => {
    t.dropIndex(['action', 'at'], 'audit_event_action_at_index')
    t.dropIndex(['person_id', 'at'], 'audit_event_person_id_at_index')
  })
  await knex.schema.alterTable('audit_event', t => {
    t.dropColumn('person_id')
    t.dropColumn('role')
  })
}
