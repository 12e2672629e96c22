import type { Knex } from 'knex'
import { PERSON_LINKED_TABLES } from '../../../server/data/personLinkedTables'

/** Removes every person-linked row the last run left (the audit log stays: it is append-only). */
export async function wipePersonRows(db: Knex) {
  for (const t of [...PERSON_LINKED_TABLES].reverse()) if (t.table !== 'audit_event') await db(t.table).delete()
}
