import { escapeHtml as e } from '../hearing/pdfRenderer'
import { RETENTION_KIND_NAMES } from '../../content/labels'
import { formatDate, formatDateTime } from '../../utils/dates'
import type { SubjectAccessDocument } from './subjectAccessService'

/** Each table in words, for the readable copy (the JSON keeps the table names). */
const TABLE_NAMES: Record<string, string> = {
  person: 'Your details',
  sentence_order: 'Orders',
  document: 'Documents (the files are in this ZIP, in documents/)',
  requirement: 'Requirements',
  review: 'Reviews',
  review_event: 'Changes to reviews (listed, moved, adjourned, vacated)',
  attendance_mode_change: 'Changes to how you attend hearings',
  access_needs: 'What you need to take part (interpreter, adjustments)',
  outcome: 'Outcomes of reviews',
  outcome_history: 'Corrections to outcomes',
  outcome_bench: 'Who sat at each review',
  progress_report: 'Progress reports',
  progress_report_version: 'Progress reports as submitted',
  provider_update: 'Treatment provider updates',
  statement: 'Your statements before reviews',
  statement_response: 'The bench’s responses to your statements',
  drug_test: 'Drug test results',
  drug_test_revision: 'Corrections and withdrawals of drug tests',
  progress_note: 'Progress notes',
  hearing_pack: 'Hearing packs for your case',
  warrant: 'Warrants',
  non_attendance: 'Hearings you did not attend, and what the court did',
  breach: 'Breaches',
  amendment: 'Amendments to requirements',
  application: 'Applications to the court',
  legal_hold: 'Legal holds on your records',
  audit_event: 'Who has seen or changed your records',
  'audit_event (lists naming them)': 'Lists and searches that showed you among others',
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** A stored value in words: dates as dates, staff by name, long HTML snapshots summarised. */
function shown(column: string, value: unknown, names: Map<string, string>): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'object') return JSON.stringify(value)
  const text = String(value)
  if (column === 'html') return `(the pack as printed: ${text.length} characters; in the JSON file)`
  if (names.has(text)) return names.get(text)!
  if (ISO_DATE.test(text)) return formatDate(text)
  if (ISO_INSTANT.test(text)) return formatDateTime(text)
  return text
}

const heading = (column: string) => {
  const words = column.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/**
 * The readable copy: what the law says the person is told (DPA 2018 s.45(2)), then every record, table
 * by table, each row as a list of its fields. Every value is escaped; nothing is loaded from outside.
 */
export function subjectAccessHtml(doc: SubjectAccessDocument, names: Map<string, string>): string {
  const about = doc.about
  const sections = doc.tables
    .map(t => {
      const rows = t.rows.length
        ? t.rows
            .map(
              row =>
                `<dl class="row">${Object.entries(row)
                  .map(([c, v]) => `<dt>${e(heading(c))}</dt><dd>${e(shown(c, v, names))}</dd>`)
                  .join('')}</dl>`,
            )
            .join('')
        : '<p>None held.</p>'
      return `<section><h2>${e(TABLE_NAMES[t.table] ?? heading(t.table))} (${t.rows.length})</h2>${rows}</section>`
    })
    .join('')
  const withheld = doc.withheld.length
    ? `<section><h2>Held but not given</h2><ul>${doc.withheld
        .map(w => `<li>${e(TABLE_NAMES[w.table] ?? w.table)}: ${w.count}. ${e(w.reason)}</li>`)
        .join('')}</ul></section>`
    : ''
  const retention = Object.entries(about.retentionYears)
    .map(([kind, years]) => `<li>${e(RETENTION_KIND_NAMES[kind] ?? kind)}: ${e(years)} years</li>`)
    .join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Everything we hold about you</title>
<style>
body { font-family: Arial, sans-serif; font-size: 11pt; color: #0b0c0c; }
h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 18pt; border-bottom: 1px solid #b1b4b6; }
dl.row { display: grid; grid-template-columns: 35% 65%; margin: 0 0 8pt; padding: 4pt 0; border-bottom: 1px solid #f3f2f1; break-inside: avoid; }
dt { font-weight: bold; } dd { margin: 0; overflow-wrap: anywhere; }
</style></head><body>
<h1>Everything we hold about you</h1>
<p>Made on ${e(formatDateTime(doc.generatedAt))} for a request under the Data Protection Act 2018, section 45 (right of access).</p>
<h2>About this information</h2>
<dl class="row"><dt>Why we hold it</dt><dd>${e(about.purposes)}</dd>
<dt>Legal basis</dt><dd>${e(about.legalBasis)}</dd>
<dt>Who it is shared with</dt><dd>${e(about.recipients)}</dd>
<dt>Where it comes from</dt><dd>${e(about.origin)}</dd>
<dt>Your rights</dt><dd>${e(about.rights)}</dd></dl>
<p>How long each kind of record is kept, after your last order ends (the audit log: after each event):</p>
<ul>${retention}</ul>
${sections}${withheld}
</body></html>`
}
