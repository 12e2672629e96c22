import type { Knex } from 'knex'

// Issue 23 points 2 and 3: what a person needs to take part in their hearings (an interpreter, reasonable
// adjustments, literacy support), and how they attend each hearing (in person or by video link), with
// whether the interpreter is booked for it and a history of the clerk's changes to the way they attend.
export async function up(knex: Knex): Promise<void> {
  // One row a person, replaced as a whole on each change (the audit keeps who and when).
  await knex.schema.createTable('access_needs', t => {
    t.string('person_id', 36).primary().references('person.id')
    t.string('interpreter_language', 60).nullable()
    // The adjustments as a set: a JSON array of codes (step_free, hearing_loop, breaks, easy_read, other),
    // sorted, each once; text, so the same column works on SQLite and PostgreSQL.
    t.text('adjustments').notNullable().defaultTo('[]')
    t.string('notes', 500).nullable()
    t.boolean('literacy_support').notNullable().defaultTo(false)
    t.string('updated_by', 36).notNullable().references('app_user.id')
    t.string('updated_at', 30).notNullable()
    t.integer('version').notNullable().defaultTo(1)
  })
  await knex.schema.alterTable('review', t => {
    t.string('attendance_mode', 10).notNullable().defaultTo('in_person')
    // The video room or reference: shown to the clerks and the sitting's bench, never in emails or invites.
    t.string('video_reference', 100).nullable()
    t.boolean('interpreter_booked').notNullable().defaultTo(false)
    // The hearing time the interpreter was booked for: a hearing moved to another time needs booking again.
    t.string('interpreter_booked_for', 30).nullable()
    // What the calendar invites last announced about the way the person attends.
    t.string('calendar_attendance_mode', 10).nullable()
  })
  await knex.schema.createTable('attendance_mode_change', t => {
    t.string('id', 36).primary()
    t.string('review_id', 36).notNullable().references('review.id')
    t.string('from_mode', 10).notNullable()
    t.string('to_mode', 10).notNullable()
    // Whether a video reference was set or changed: never the reference itself.
    t.boolean('reference_changed').notNullable().defaultTo(false)
    t.string('reason', 500).notNullable()
    t.string('changed_by', 36).notNullable().references('app_user.id')
    t.string('changed_at', 30).notNullable()
    t.index(['review_id', 'changed_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attendance_mode_change')
  for (const column of [
    'calendar_attendance_mode',
    'interpreter_booked_for',
    'interpreter_booked',
    'video_reference',
    'attendance_mode',
  ])
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['review', column])
  await knex.schema.dropTable('access_needs')
}
