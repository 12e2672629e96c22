import type { Knex } from 'knex'

// Owned by the reliability work (double-submitted forms make one record). Empty until then.
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
