/**
 * Every table that holds rows about one person, and how a row reaches that person: through a column
 * naming the person, or a column naming a row of a table above it in this list. The subject access
 * export (DPA 2018 s.45) walks this list, and so does the retention job (s.39, s.47), so a table
 * missing here would be neither disclosed nor deleted: test/integration/retention/personTables.test.ts
 * derives the linked tables from the database schema and fails for any table not listed.
 *
 * Parents come before their children, so deleting in the reverse order never breaks a foreign key.
 */

/** The kinds of record a retention period is set for (`retention_setting.kind`). */
export const RETENTION_KINDS = ['drug_tests', 'notes', 'reports', 'packs', 'case_record', 'audit'] as const
export type RetentionKind = (typeof RETENTION_KINDS)[number]

export interface PersonLinkedTable {
  table: string
  /** The column that leads to the person, and the table (above in the list) whose `id` it names. */
  via: { column: string; parent: string }
  /** The retention period that governs its rows. */
  kind: RetentionKind
  /** Given to the person in the export; or withheld, with the reason the export states. */
  disclose: true | { withheld: string }
  /** Columns left out of the export: another person's data (a member of staff's address), or a file given separately. */
  omit?: string[]
}

const ROOT = { column: 'id', parent: 'person' }

export const PERSON_LINKED_TABLES: readonly PersonLinkedTable[] = [
  { table: 'person', via: ROOT, kind: 'case_record', disclose: true },
  { table: 'sentence_order', via: { column: 'person_id', parent: 'person' }, kind: 'case_record', disclose: true },
  {
    table: 'document',
    via: { column: 'order_id', parent: 'sentence_order' },
    kind: 'case_record',
    disclose: true,
    // The file itself goes in the ZIP beside the JSON.
    omit: ['content'],
  },
  { table: 'requirement', via: { column: 'order_id', parent: 'sentence_order' }, kind: 'case_record', disclose: true },
  { table: 'review', via: { column: 'requirement_id', parent: 'requirement' }, kind: 'case_record', disclose: true },
  { table: 'review_event', via: { column: 'review_id', parent: 'review' }, kind: 'case_record', disclose: true },
  {
    table: 'attendance_mode_change',
    via: { column: 'review_id', parent: 'review' },
    kind: 'case_record',
    disclose: true,
  },
  { table: 'access_needs', via: { column: 'person_id', parent: 'person' }, kind: 'case_record', disclose: true },
  { table: 'outcome', via: { column: 'review_id', parent: 'review' }, kind: 'case_record', disclose: true },
  { table: 'outcome_history', via: { column: 'outcome_id', parent: 'outcome' }, kind: 'case_record', disclose: true },
  { table: 'outcome_bench', via: { column: 'outcome_id', parent: 'outcome' }, kind: 'case_record', disclose: true },
  { table: 'progress_report', via: { column: 'review_id', parent: 'review' }, kind: 'reports', disclose: true },
  {
    table: 'progress_report_version',
    via: { column: 'report_id', parent: 'progress_report' },
    kind: 'reports',
    disclose: true,
  },
  { table: 'provider_update', via: { column: 'review_id', parent: 'review' }, kind: 'reports', disclose: true },
  { table: 'statement', via: { column: 'review_id', parent: 'review' }, kind: 'reports', disclose: true },
  { table: 'statement_response', via: { column: 'review_id', parent: 'review' }, kind: 'reports', disclose: true },
  { table: 'drug_test', via: { column: 'person_id', parent: 'person' }, kind: 'drug_tests', disclose: true },
  {
    table: 'drug_test_revision',
    via: { column: 'test_id', parent: 'drug_test' },
    kind: 'drug_tests',
    disclose: true,
  },
  { table: 'progress_note', via: { column: 'person_id', parent: 'person' }, kind: 'notes', disclose: true },
  // A pack for one case; a sitting's pack (several people's cases) is never disclosed to one of them.
  { table: 'hearing_pack', via: { column: 'review_id', parent: 'review' }, kind: 'packs', disclose: true },
  {
    table: 'bench_note',
    via: { column: 'person_id', parent: 'person' },
    kind: 'case_record',
    disclose: {
      withheld:
        'Private notes of the bench: personal data in a document made by or for a court in criminal proceedings is outside the right of access (Data Protection Act 2018 s.43(3)-(4)).',
    },
  },
  { table: 'warrant', via: { column: 'requirement_id', parent: 'requirement' }, kind: 'case_record', disclose: true },
  { table: 'non_attendance', via: { column: 'review_id', parent: 'review' }, kind: 'case_record', disclose: true },
  { table: 'breach', via: { column: 'requirement_id', parent: 'requirement' }, kind: 'case_record', disclose: true },
  { table: 'amendment', via: { column: 'requirement_id', parent: 'requirement' }, kind: 'case_record', disclose: true },
  {
    table: 'application',
    via: { column: 'requirement_id', parent: 'requirement' },
    kind: 'case_record',
    disclose: true,
  },
  { table: 'legal_hold', via: { column: 'person_id', parent: 'person' }, kind: 'case_record', disclose: true },
  // The record of who did what with their data (s.62): the staff member's address is theirs, not the person's.
  {
    table: 'audit_event',
    via: { column: 'person_id', parent: 'person' },
    kind: 'audit',
    disclose: true,
    omit: ['ip'],
  },
]

/** The tables of one kind, children first: the order to delete them in. */
export function deletionOrder(kind: RetentionKind): PersonLinkedTable[] {
  return PERSON_LINKED_TABLES.filter(t => t.kind === kind && t.table !== 'person').reverse()
}
