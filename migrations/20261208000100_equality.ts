import type { Knex } from 'knex'

// Issue 22 point 4: optional equality monitoring on a person, as codes (never free text), counted only in
// aggregate on the court's insight dashboard. Null is "not recorded". The codes are written out here, not
// imported, so this migration keeps meaning what it meant when it ran (the words are in content/labels.ts).
const SEX = ['male', 'female', 'prefer_not_to_say']
const ETHNICITY = ['asian', 'black', 'mixed', 'white', 'other', 'prefer_not_to_say']

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('person', t => {
    t.enu('sex', SEX).nullable()
    t.enu('ethnicity', ETHNICITY).nullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  // Native DROP COLUMN (see the law migration): knex's SQLite dropColumn rebuilds `person`, which every case
  // table refers to.
  for (const column of ['ethnicity', 'sex']) await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['person', column])
}
