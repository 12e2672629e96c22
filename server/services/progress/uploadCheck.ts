import { ValidationError } from '../../errors'
import type { DrugTest } from '../../data/drugTestRepository'
import {
  checkCells,
  CSV_COLUMNS,
  EXAMPLE_CRN,
  goodRow,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_ROWS,
  parseCsv,
  type CellCheck,
  type UploadRow,
} from './drugTestCsv'
import { datingProblems, firstDuplicate, messages, plausibilityProblems, sameTestKey } from './drugTestRules'

// An uploaded file of drug tests, checked without the database and then against what it found.

export interface CheckedLine {
  line: number
  crn: string
  check: CellCheck
}

/** A person a row may be stored for: their id, name and the span of their orders. */
export interface UploadPerson {
  id: string
  name: string
  madeOn: string
  endsOn: string
}

/** A stored test a row may repeat. */
export type StoredTest = Pick<
  DrugTest,
  'id' | 'personId' | 'takenOn' | 'method' | 'results' | 'otherSubstance' | 'createdAt'
>

const refuse = (message: string) => new ValidationError([{ field: 'file', message }], message)

/**
 * The file's data rows (blank lines left out), each with its cells checked on their own. A file
 * that is not the template's shape is refused whole: a ValidationError on `file`.
 */
export function readUpload(csvText: string): CheckedLine[] {
  if (Buffer.byteLength(csvText, 'utf8') > MAX_UPLOAD_BYTES) throw refuse('The file must be 2 MB or smaller')
  const parsed = parseCsv(csvText)
  if ('error' in parsed) throw refuse(`The file is not a CSV file: ${parsed.error}`)
  const rows = parsed.rows.map((cells, i) => ({ cells, line: i + 1 })).filter(r => r.cells.some(c => c.trim() !== ''))
  if (rows.length === 0) throw refuse('The file is empty')
  const header = rows[0].cells.map(c => c.trim().toLowerCase())
  if (header.join(',') !== CSV_COLUMNS.join(','))
    throw refuse(`The first row must name the columns ${CSV_COLUMNS.join(',')}: download the template`)
  const data = rows.slice(1)
  if (data.length === 0) throw refuse('The file has no tests in it, only the column names')
  if (data.length > MAX_UPLOAD_ROWS)
    throw refuse(`The file has ${data.length} tests; upload ${MAX_UPLOAD_ROWS} or fewer at a time`)
  return data.map(r => ({ line: r.line, crn: (r.cells[0] ?? '').trim(), check: checkCells(r.cells) }))
}

/** The CRNs to look up: every row's that names one (so an unknown CRN is listed with the row's other problems). */
export const crnsOf = (checked: CheckedLine[]) => [
  ...new Set(checked.flatMap(c => (c.check.crn && c.check.crn !== EXAMPLE_CRN ? [c.check.crn] : []))),
]

/** The good rows of people found, with who they are: the tests to look for among those stored. */
export const candidatesOf = (checked: CheckedLine[], people: Map<string, UploadPerson>): UploadRow[] =>
  checked.flatMap(c => {
    const row = goodRow(c.check, c.line)
    const person = row ? people.get(row.crn) : undefined
    return row && person ? [{ ...row, personId: person.id, name: person.name }] : []
  })

export interface Rejected {
  line: number
  crn: string
  reasons: string[]
  /** The stored test this row repeats, for a link to it. */
  duplicateOf?: { personId: string; testId: string }
}

/**
 * Each row accepted or rejected with every reason, in file order: its cells, its person (found and in
 * scope), its date (not in the future, within the order) and the method's substances (drugTestRules.ts),
 * then, for a row with no other problem, a duplicate of an earlier line or of a stored test.
 */
export function sortUploadRows(
  checked: CheckedLine[],
  people: Map<string, UploadPerson>,
  stored: readonly StoredTest[],
  today: string,
): { accepted: UploadRow[]; rejected: Rejected[] } {
  const accepted: UploadRow[] = []
  const rejected: Rejected[] = []
  const seen = new Map<string, number>()
  for (const c of checked) {
    const reasons = [...c.check.problems]
    // Someone else's client and no such person read the same: the file must not reveal which.
    const person = c.check.crn && c.check.crn !== EXAMPLE_CRN ? people.get(c.check.crn) : undefined
    if (c.check.crn && c.check.crn !== EXAMPLE_CRN && !person) reasons.push('Unknown CRN')
    if (c.check.takenOn && person)
      reasons.push(
        ...datingProblems(c.check.takenOn, { today, madeOn: person.madeOn, endsOn: person.endsOn }).map(p => p.message),
      )
    else if (c.check.takenOn && c.check.takenOn > today)
      reasons.push(...datingProblems(c.check.takenOn, { today, madeOn: null, endsOn: null }).map(p => p.message))
    if (c.check.method) reasons.push(...plausibilityProblems(c.check.method, c.check.results).map(p => p.message))
    const good = goodRow(c.check, c.line)
    if (reasons.length || !good || !person) {
      rejected.push({ line: c.line, crn: c.crn, reasons })
      continue
    }
    const row: UploadRow = { ...good, personId: person.id, name: person.name }
    const key = sameTestKey(row)
    const first = seen.has(key) ? null : firstDuplicate(row, stored)
    if (seen.has(key)) rejected.push({ line: c.line, crn: c.crn, reasons: [`Duplicate of line ${seen.get(key)}`] })
    else if (first)
      rejected.push({
        line: c.line,
        crn: c.crn,
        reasons: [messages.duplicate(first.takenOn)],
        duplicateOf: { personId: first.personId, testId: first.id },
      })
    else {
      seen.set(key, c.line)
      accepted.push(row)
    }
  }
  return { accepted, rejected }
}
