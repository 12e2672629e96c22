import { isIsoDate } from '../../utils/dates'
import {
  canonicalResults,
  METHODS,
  RESULTS,
  SUBSTANCES,
  type Method,
  type Result,
  type Results,
} from '../../data/drugTestRepository'

// The drug test CSV: the template's columns, reading an uploaded file row by row, and writing an export.

export const CSV_COLUMNS = ['crn', 'taken_on', 'method', ...SUBSTANCES, 'other_substance'] as const
export const MAX_UPLOAD_ROWS = 5000
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024

/** A row accepted at preview, as kept between preview and confirm. */
export interface UploadRow {
  line: number
  personId: string
  crn: string
  name: string
  takenOn: string
  method: Method
  results: Results
  otherSubstance: string | null
}

export interface UploadPreview {
  /** Names this preview; confirm must present it, so an old preview cannot be confirmed twice. */
  token: string
  accepted: UploadRow[]
  rejected: { line: number; crn: string; reason: string }[]
}

/** What makes two tests the same test: one person, day, method, and the same results. */
export const testKey = (t: {
  personId: string
  takenOn: string
  method: string
  results: Results
  otherSubstance: string | null
}) => JSON.stringify([t.personId, t.takenOn, t.method, canonicalResults(t.results), t.otherSubstance ?? ''])

/**
 * RFC 4180: comma-separated, fields optionally in double quotes with "" for a quote, CRLF or LF
 * line ends, an optional final line end. Returns the records, or the reason the file is not CSV.
 */
export function parseCsv(text: string): { rows: string[][] } | { error: string } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let wasQuoted = false
  let line = 1
  for (let i = 0; i < src.length; i += 1) {
    const c = src[i]
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"'
          i += 1
        } else quoted = false
      } else {
        if (c === '\n') line += 1
        field += c
      }
    } else if (c === '"') {
      if (field !== '' || wasQuoted) return { error: `Line ${line} has a quote mark inside a cell that is not quoted` }
      quoted = true
      wasQuoted = true
    } else if (c === ',') {
      row.push(field)
      field = ''
      wasQuoted = false
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i += 1
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      wasQuoted = false
      line += 1
    } else {
      if (wasQuoted) return { error: `Line ${line} has text after a quoted cell` }
      field += c
    }
  }
  if (quoted) return { error: 'The file ends inside a quoted cell' }
  if (field !== '' || wasQuoted || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return { rows }
}

// A cell a spreadsheet would run as a formula (OWASP "CSV injection"): written with a leading apostrophe.
const FORMULA = /^[=+\-@\t\r]/

export function csvCell(value: string | null | undefined): string {
  let v = value ?? ''
  if (FORMULA.test(v)) v = `'${v}`
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

export const csvLine = (cells: (string | null | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`

/** A template to fill in: the header only, so nothing in it is uploaded by mistake. */
export const csvTemplate = (): string => csvLine([...CSV_COLUMNS])

const word = (v: string) =>
  v
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** `YYYY-MM-DD`, or the day/month/year a spreadsheet writes in the UK. */
function readDate(v: string): string | null {
  const t = v.trim()
  if (isIsoDate(t) && /^\d{4}-\d{2}-\d{2}$/.test(t)) return t
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)
  if (!m) return null
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

export type CellCheck = { row: Omit<UploadRow, 'personId' | 'name'> } | { reason: string }

/**
 * One data row's cells, checked on their own (people, the order's end and duplicates are checked
 * against the database after).
 */
export function checkCells(cells: string[], line: number): CellCheck {
  if (cells.length !== CSV_COLUMNS.length)
    return { reason: `Has ${cells.length} cells; each row needs ${CSV_COLUMNS.length}` }
  const cell = (name: (typeof CSV_COLUMNS)[number]) => cells[CSV_COLUMNS.indexOf(name)]
  const crn = cell('crn').trim().toUpperCase()
  if (!crn) return { reason: 'Enter the CRN' }
  const takenOn = readDate(cell('taken_on'))
  if (!takenOn) return { reason: `Date taken "${cell('taken_on')}" must be a real date, like 2026-04-07` }
  const method = word(cell('method'))
  if (!(METHODS as readonly string[]).includes(method))
    return { reason: `Method "${cell('method')}" must be one of ${METHODS.join(', ')}` }
  const results: Results = {}
  for (const s of SUBSTANCES) {
    const raw = cell(s)
    if (raw.trim() === '') continue
    const value = word(raw)
    if (!(RESULTS as readonly string[]).includes(value))
      return { reason: `Result "${raw}" for ${s} must be one of ${RESULTS.join(', ')}, or blank` }
    results[s] = value as Result
  }
  if (Object.keys(results).length === 0) return { reason: 'Enter a result for at least one substance' }
  // Kept exactly as typed (a formula-looking name included): it is only ever shown escaped or exported quoted.
  const otherSubstance = cell('other_substance').trim() || null
  if (results.other && !otherSubstance) return { reason: 'Enter the name of the other substance in other_substance' }
  if (!results.other && otherSubstance) return { reason: 'other_substance is named but other has no result' }
  if (otherSubstance && otherSubstance.length > 100)
    return { reason: 'other_substance must be 100 characters or fewer' }
  return { row: { line, crn, takenOn, method: method as Method, results, otherSubstance } }
}
