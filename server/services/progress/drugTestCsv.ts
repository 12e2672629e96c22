import { addDays, isIsoDate } from '../../utils/dates'
import { TEST_METHODS, TEST_RESULTS } from '../../content/labels'
import { sameTestKey } from './drugTestRules'
import { METHODS, RESULTS, SUBSTANCES, type Method, type Results } from '../../data/drugTestRepository'

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
  rejected: {
    line: number
    crn: string
    reasons: string[]
    /** The stored test this row repeats, for a link to it. */
    duplicateOf?: { personId: string; testId: string }
  }[]
}

/** What makes two tests the same test (drugTestRules.ts). */
export const testKey = sameTestKey

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

/** The column names: the first row of the template and of every export. */
export const csvHeader = (): string => csvLine([...CSV_COLUMNS])

/** The CRN of the template's example rows: never a real CRN (a letter and six digits), so never stored. */
export const EXAMPLE_CRN = 'EXAMPLE'

/**
 * The template: the column names, then example rows (dated in the week before `today`) showing both ways
 * to write a value: the form's words ("Oral fluid", "Positive (prescribed)") or the codes (`urine`, `negative`).
 */
export function csvTemplate(today: string): string {
  const example = (daysAgo: number, method: string, results: Partial<Record<string, string>>, other = '') =>
    csvLine([EXAMPLE_CRN, addDays(today, -daysAgo), method, ...SUBSTANCES.map(s => results[s] ?? ''), other])
  return (
    csvHeader() +
    example(7, 'urine', { opiates: 'negative', cocaine: 'positive', methadone: 'positive_prescribed' }) +
    example(4, 'Oral fluid', { opiates: 'Negative', cannabis: 'Positive', methadone: 'Positive (prescribed)' }) +
    example(2, 'breath', { alcohol: 'negative' }) +
    example(1, 'Hair', { cocaine: 'Negative', other: 'Positive' }, 'Ketamine')
  )
}

/** A word or code as typed, made comparable: case, spaces, hyphens, underscores and brackets aside. */
export const normalWord = (v: string) =>
  v
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

/** Each code and its words (labels.ts) read the same: "Positive (prescribed)" and `positive_prescribed`. */
function lookup<T extends string>(codes: readonly T[], words: Record<string, string>): Map<string, T> {
  const out = new Map<string, T>()
  for (const c of codes) {
    out.set(normalWord(c), c)
    if (words[c]) out.set(normalWord(words[c]), c)
  }
  return out
}
const METHOD_WORDS = lookup(METHODS, TEST_METHODS)
const RESULT_WORDS = lookup(RESULTS, TEST_RESULTS)

/** `YYYY-MM-DD`, or the day/month/year a spreadsheet writes in the UK. */
function readDate(v: string): string | null {
  const t = v.trim()
  if (isIsoDate(t) && /^\d{4}-\d{2}-\d{2}$/.test(t)) return t
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)
  if (!m) return null
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

/** One data row as far as its cells could be read, with every problem the cells have on their own. */
export interface CellCheck {
  crn: string
  takenOn: string | null
  method: Method | null
  results: Results
  otherSubstance: string | null
  problems: string[]
}

/** The row, when its cells had no problem. */
export const goodRow = (c: CellCheck, line: number): Omit<UploadRow, 'personId' | 'name'> | null =>
  c.problems.length === 0 && c.takenOn && c.method
    ? { line, crn: c.crn, takenOn: c.takenOn, method: c.method, results: c.results, otherSubstance: c.otherSubstance }
    : null

/**
 * One data row's cells, each checked on its own, every problem listed (people, the order's dates, the
 * method's substances and duplicates are checked after, against the database).
 */
export function checkCells(cells: string[]): CellCheck {
  const problems: string[] = []
  if (cells.length !== CSV_COLUMNS.length)
    return {
      crn: (cells[0] ?? '').trim().toUpperCase(),
      takenOn: null,
      method: null,
      results: {},
      otherSubstance: null,
      problems: [`Has ${cells.length} cells; each row needs ${CSV_COLUMNS.length}`],
    }
  const cell = (name: (typeof CSV_COLUMNS)[number]) => cells[CSV_COLUMNS.indexOf(name)]
  const crn = cell('crn').trim().toUpperCase()
  if (!crn) problems.push('Enter the CRN')
  else if (crn === EXAMPLE_CRN) problems.push('This is an example row from the template: delete it, or put a CRN in it')
  const takenOn = readDate(cell('taken_on'))
  if (!takenOn)
    problems.push(
      cell('taken_on').trim()
        ? `Date taken "${cell('taken_on')}" must be a real date, like 2026-04-07 or 07/04/2026`
        : 'Enter the date taken in taken_on',
    )
  const method = METHOD_WORDS.get(normalWord(cell('method'))) ?? null
  if (!method) problems.push(`Method "${cell('method')}" must be one of ${METHODS.join(', ')}`)
  const results: Results = {}
  for (const s of SUBSTANCES) {
    const raw = cell(s)
    if (raw.trim() === '') continue
    const value = RESULT_WORDS.get(normalWord(raw))
    if (value) results[s] = value
    else problems.push(`Result "${raw}" for ${s} must be one of ${RESULTS.join(', ')}, or blank`)
  }
  const anyResult = SUBSTANCES.some(s => cell(s).trim() !== '')
  if (!anyResult) problems.push('Enter a result for at least one substance')
  // Kept exactly as typed (a formula-looking name included): it is only ever shown escaped or exported quoted.
  const otherSubstance = cell('other_substance').trim() || null
  if (cell('other').trim() && !otherSubstance) problems.push('Enter the name of the other substance in other_substance')
  if (!cell('other').trim() && otherSubstance) problems.push('other_substance is named but other has no result')
  if (otherSubstance && otherSubstance.length > 100) problems.push('other_substance must be 100 characters or fewer')
  return { crn, takenOn, method, results, otherSubstance, problems }
}
