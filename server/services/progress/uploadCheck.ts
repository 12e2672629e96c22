import { ValidationError } from '../../errors'
import {
  checkCells,
  CSV_COLUMNS,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_ROWS,
  parseCsv,
  testKey,
  type CellCheck,
  type UploadPreview,
  type UploadRow,
} from './drugTestCsv'
import { afterOrder } from './providerInput'

// An uploaded file of drug tests, checked without the database and then against what it found.

export interface CheckedLine {
  line: number
  crn: string
  check: CellCheck
}

/** A person a row may be stored for: their id, name and the day their last order ends. */
export interface UploadPerson {
  id: string
  name: string
  endsOn: string
}

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
  return data.map(r => ({ line: r.line, crn: (r.cells[0] ?? '').trim(), check: checkCells(r.cells, r.line) }))
}

/** The CRNs of the rows whose cells are good: the people to look up. */
export const crnsOf = (checked: CheckedLine[]) => [
  ...new Set(checked.flatMap(c => ('row' in c.check ? [c.check.row.crn] : []))),
]

/** The good rows of people found, with who they are: the tests to look for among those stored. */
export const candidatesOf = (checked: CheckedLine[], people: Map<string, UploadPerson>): UploadRow[] =>
  checked.flatMap(c => {
    const person = 'row' in c.check ? people.get(c.check.row.crn) : undefined
    return 'row' in c.check && person ? [{ ...c.check.row, personId: person.id, name: person.name }] : []
  })

/**
 * Each row accepted or rejected with its reason, in file order: its cells, then its person (found
 * and in scope), its date (within the order), then a duplicate of an earlier line or of a stored test.
 */
export function sortUploadRows(
  checked: CheckedLine[],
  people: Map<string, UploadPerson>,
  stored: Set<string>,
): Pick<UploadPreview, 'accepted' | 'rejected'> {
  const accepted: UploadRow[] = []
  const rejected: UploadPreview['rejected'] = []
  const seen = new Map<string, number>()
  for (const c of checked) {
    if ('reason' in c.check) {
      rejected.push({ line: c.line, crn: c.crn, reason: c.check.reason })
      continue
    }
    const person = people.get(c.check.row.crn)
    // Someone else's client and no such person read the same: the file must not reveal which.
    if (!person) {
      rejected.push({ line: c.line, crn: c.crn, reason: 'Unknown CRN' })
      continue
    }
    if (c.check.row.takenOn > person.endsOn) {
      rejected.push({ line: c.line, crn: c.crn, reason: afterOrder(person.endsOn) })
      continue
    }
    const row: UploadRow = { ...c.check.row, personId: person.id, name: person.name }
    const key = testKey(row)
    if (seen.has(key)) rejected.push({ line: c.line, crn: c.crn, reason: `Duplicate of line ${seen.get(key)}` })
    else if (stored.has(key)) rejected.push({ line: c.line, crn: c.crn, reason: 'This test is already recorded' })
    else {
      seen.set(key, c.line)
      accepted.push(row)
    }
  }
  return { accepted, rejected }
}
