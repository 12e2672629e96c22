import { ValidationError } from '../../../../server/errors'
import { CSV_COLUMNS, csvLine } from '../../../../server/services/progress/drugTestCsv'
import {
  candidatesOf,
  crnsOf,
  readUpload,
  sortUploadRows,
  type UploadPerson,
} from '../../../../server/services/progress/uploadCheck'

const HEADER = csvLine([...CSV_COLUMNS])
const row = (crn: string, takenOn: string, opiates = 'negative', method = 'urine') =>
  csvLine(
    CSV_COLUMNS.map(c =>
      c === 'crn' ? crn : c === 'taken_on' ? takenOn : c === 'method' ? method : c === 'opiates' ? opiates : '',
    ),
  )

function refusal(text: string): string {
  try {
    readUpload(text)
  } catch (err) {
    if (err instanceof ValidationError) return err.errors.map(e => `${e.field}: ${e.message}`).join('; ')
    throw err
  }
  return 'accepted'
}

describe('readUpload', () => {
  it('when the file is not the template’s shape, then it is refused whole with the reason', () => {
    expect(refusal('')).toBe('file: The file is empty')
    expect(refusal('\r\n  ,  \r\n')).toBe('file: The file is empty')
    expect(refusal('a,"b\r\n')).toBe('file: The file is not a CSV file: The file ends inside a quoted cell')
    expect(refusal('crn,taken_on\r\n')).toMatch(/^file: The first row must name the columns crn,taken_on,method,/)
    expect(refusal(HEADER)).toBe('file: The file has no tests in it, only the column names')
    expect(refusal(HEADER + row('X1', '2026-03-01').repeat(5001))).toBe(
      'file: The file has 5001 tests; upload 5000 or fewer at a time',
    )
    expect(refusal('x'.repeat(2 * 1024 * 1024 + 1))).toBe('file: The file must be 2 MB or smaller')
  })

  it('when rows are good or bad, then each keeps its line in the file (blank lines counted) and its check', () => {
    const checked = readUpload(`${HEADER}\r\n${row(' x100001 ', '2026-03-01')}${row('X100002', 'soon')}`)

    expect(checked.map(c => [c.line, c.crn, c.check.crn, c.check.problems])).toEqual([
      [3, 'x100001', 'X100001', []],
      [4, 'X100002', 'X100002', ['Date taken "soon" must be a real date, like 2026-04-07 or 07/04/2026']],
    ])
  })
})

describe('sortUploadRows', () => {
  const people = new Map<string, UploadPerson>([
    ['X100001', { id: 'p1', name: 'Ann', madeOn: '2026-02-01', endsOn: '2026-12-31' }],
    ['X100002', { id: 'p2', name: 'Bob', madeOn: '2025-09-01', endsOn: '2026-02-28' }],
  ])
  const TODAY = '2026-03-20'

  it('when rows are checked against people and stored tests, then each is accepted or rejected with every reason, in file order', () => {
    const checked = readUpload(
      HEADER +
        row('X100001', '2026-03-01') +
        row('X999999', '2026-03-01') +
        row('X100002', '2026-03-01') +
        row('X100001', '2026-03-01') +
        row('X100001', '2026-03-02') +
        row('X100001', '2026-03-03', 'maybe') +
        row('X100001', '2026-03-04') +
        row('X100001', '2026-03-21', 'negative', 'breath') +
        row('X999999', 'soon', 'maybe') +
        row('X100001', '2026-01-31'),
    )
    const stored = [
      {
        id: 't1',
        personId: 'p1',
        takenOn: '2026-03-02',
        method: 'urine' as const,
        results: { opiates: 'negative' as const },
        otherSubstance: null,
        createdAt: '2026-03-02T10:00:00Z',
      },
    ]

    const { accepted, rejected } = sortUploadRows(checked, people, stored, TODAY)

    expect(accepted.map(r => [r.line, r.personId, r.name, r.takenOn])).toEqual([
      [2, 'p1', 'Ann', '2026-03-01'],
      [8, 'p1', 'Ann', '2026-03-04'],
    ])
    expect(rejected.map(r => [r.line, r.crn, r.reasons])).toEqual([
      [3, 'X999999', ['Unknown CRN']],
      [4, 'X100002', ['Date taken must be on or before the order ends on Saturday 28 February 2026']],
      [5, 'X100001', ['Duplicate of line 2']],
      [6, 'X100001', [expect.stringMatching(/^This test is already recorded: a test on Monday 2 March 2026/)]],
      [7, 'X100001', [expect.stringMatching(/^Result "maybe" for opiates must be one of/)]],
      [
        9,
        'X100001',
        [
          'Date taken must be today or in the past (today is Friday 20 March 2026)',
          'Opiates cannot be tested by breath: a breath test is for alcohol only',
        ],
      ],
      [
        10,
        'X999999',
        [expect.stringMatching(/^Date taken "soon"/), expect.stringMatching(/^Result "maybe"/), 'Unknown CRN'],
      ],
      [11, 'X100001', ['Date taken must be on or after the order was made on Sunday 1 February 2026']],
    ])
    expect(rejected.find(r => r.line === 6)?.duplicateOf).toEqual({ personId: 'p1', testId: 't1' })
  })

  it('when people are to be looked up, then every row’s CRN is asked for, once each; only found people’s good rows are candidates', () => {
    const checked = readUpload(
      HEADER +
        row('X100001', '2026-03-01') +
        row('X100001', '2026-03-02') +
        row('X999999', '2026-03-01') +
        row('X100003', 'never') +
        row('EXAMPLE', '2026-03-01'),
    )

    expect(crnsOf(checked)).toEqual(['X100001', 'X999999', 'X100003'])
    expect(candidatesOf(checked, people).map(r => [r.line, r.personId])).toEqual([
      [2, 'p1'],
      [3, 'p1'],
    ])
  })
})
