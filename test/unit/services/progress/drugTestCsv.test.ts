import fc from 'fast-check'
import {
  checkCells,
  CSV_COLUMNS,
  csvCell,
  csvLine,
  csvTemplate,
  EXAMPLE_CRN,
  goodRow,
  parseCsv,
} from '../../../../server/services/progress/drugTestCsv'
import { drugTestInput } from '../../../../server/services/progress/providerInput'

const cells = (over: Partial<Record<(typeof CSV_COLUMNS)[number], string>>) =>
  CSV_COLUMNS.map(
    c => over[c] ?? (c === 'crn' ? 'X123456' : c === 'taken_on' ? '2026-02-10' : c === 'method' ? 'urine' : ''),
  )

describe('parseCsv (RFC 4180)', () => {
  it('when cells are quoted with commas, quotes and line breaks, then they are read whole', () => {
    expect(parseCsv('a,"b,c","d ""e""","f\r\ng"\r\nh,,\n')).toEqual({
      rows: [
        ['a', 'b,c', 'd "e"', 'f\r\ng'],
        ['h', '', ''],
      ],
    })
  })

  it('when the file starts with a byte order mark or has no final line end, then both are fine', () => {
    expect(parseCsv('\ufeffa,b\r\nc,d')).toEqual({
      rows: [
        ['a', 'b'],
        ['c', 'd'],
      ],
    })
  })

  it('when a quote is left open or appears inside a bare cell, then the file is not CSV', () => {
    expect(parseCsv('a,"b\r\n')).toEqual({ error: 'The file ends inside a quoted cell' })
    expect(parseCsv('a,b"c"\r\n')).toHaveProperty('error')
    expect(parseCsv('a,"b"c\r\n')).toHaveProperty('error')
  })

  it('when any table of strings is written with csvLine (formula marks aside), then parseCsv reads the same table back', () => {
    const cell = fc.string({ unit: 'grapheme' }).filter(s => !/^[=+\-@\t\r]/.test(s))
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), rows => {
        expect(parseCsv(rows.map(r => csvLine(r)).join(''))).toEqual({ rows })
      }),
    )
  })
})

describe('csvCell', () => {
  it.each(['=1+1', '+44 7700', '-2', '@SUM(A1)', '\tx'])(
    'when a cell looks like a formula (%j), then it is written after an apostrophe',
    v => {
      expect(csvCell(v).replace(/^"|"$/g, '').startsWith(`'${v[0]}`)).toBe(true)
    },
  )

  it('when a cell has a quote, then it is quoted with the quote doubled', () => {
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"')
  })

  it('when the template is made, then it is the column row and example rows in the week before today, every cell good but the CRN', () => {
    const parsed = parseCsv(csvTemplate('2026-03-16'))
    const rows = 'rows' in parsed ? parsed.rows : []

    expect(rows[0]).toEqual([...CSV_COLUMNS])
    expect(rows.length).toBeGreaterThan(2)
    for (const r of rows.slice(1)) {
      const checked = checkCells(r)
      expect(r[0]).toBe(EXAMPLE_CRN)
      expect(checked.problems).toEqual([expect.stringMatching(/example row from the template/)])
      expect(goodRow(checkCells([`X100001`, ...r.slice(1)]), 2)).not.toBeNull()
      expect(r[1] < '2026-03-16' && r[1] >= '2026-03-09').toBe(true)
    }
    expect(rows.map(r => r[2])).toEqual(expect.arrayContaining(['Oral fluid', 'urine']))
    expect(rows.flat()).toEqual(expect.arrayContaining(['Positive (prescribed)', 'positive_prescribed']))
  })
})

describe('checkCells', () => {
  it('when a row is good, then its results are read and blanks mean not tested', () => {
    const checked = checkCells(cells({ crn: ' x123456 ', method: 'Oral fluid', cocaine: 'Positive prescribed' }))
    expect(goodRow(checked, 2)).toEqual({
      line: 2,
      crn: 'X123456',
      takenOn: '2026-02-10',
      method: 'oral_fluid',
      results: { cocaine: 'positive_prescribed' },
      otherSubstance: null,
    })
  })

  it.each([
    ['Positive (prescribed)', 'positive_prescribed'],
    ['positive_prescribed', 'positive_prescribed'],
    ['POSITIVE (PRESCRIBED)', 'positive_prescribed'],
    ['positive-prescribed', 'positive_prescribed'],
    [' Negative ', 'negative'],
    ['TAMPERED', 'tampered'],
  ])('when a result is written %j, then it reads as %s', (written, code) => {
    expect(checkCells(cells({ methadone: written })).results).toEqual({ methadone: code })
  })

  it.each([
    ['Oral fluid', 'oral_fluid'],
    ['ORAL_FLUID', 'oral_fluid'],
    ['oral-fluid', 'oral_fluid'],
    ['Breath', 'breath'],
    ['urine', 'urine'],
  ])('when a method is written %j, then it reads as %s', (written, code) => {
    expect(checkCells(cells({ method: written, opiates: 'negative' })).method).toBe(code)
  })

  it.each([
    [{ taken_on: '2026-02-30', opiates: 'negative' }, /must be a real date/],
    [{ method: 'blood', opiates: 'negative' }, /Method "blood"/],
    [{ opiates: 'clean' }, /Result "clean" for opiates/],
    [{}, /at least one substance/],
    [{ other: 'positive' }, /name of the other substance/],
    [{ opiates: 'negative', other_substance: 'Spice' }, /other has no result/],
    [{ crn: '', opiates: 'negative' }, /Enter the CRN/],
  ])('when a row has %j, then it is rejected', (over, reason) => {
    const checked = checkCells(cells(over))
    expect(goodRow(checked, 3)).toBeNull()
    expect(checked.problems).toEqual([expect.stringMatching(reason)])
  })

  it('when a row has several problems, then every one is listed', () => {
    const checked = checkCells(
      cells({ crn: '', taken_on: 'soon', method: 'blood', opiates: 'clean', cocaine: 'maybe', other: 'positive' }),
    )
    expect(checked.problems).toEqual([
      'Enter the CRN',
      'Date taken "soon" must be a real date, like 2026-04-07 or 07/04/2026',
      expect.stringMatching(/^Method "blood"/),
      expect.stringMatching(/^Result "clean" for opiates/),
      expect.stringMatching(/^Result "maybe" for cocaine/),
      'Enter the name of the other substance in other_substance',
    ])
  })

  it('when a row has the wrong number of cells, then it is rejected', () => {
    expect(checkCells(['X123456', '2026-02-10']).problems).toEqual(['Has 2 cells; each row needs 13'])
  })

  it('when other_substance looks like a formula, then it is kept exactly as typed', () => {
    const checked = checkCells(cells({ other: 'negative', other_substance: '=cmd|calc' }))
    expect(checked.otherSubstance).toBe('=cmd|calc')
  })
})

describe('drugTestInput', () => {
  it('when results name an unknown substance, then the schema refuses it', () => {
    const r = drugTestInput.safeParse({ takenOn: '2026-02-10', method: 'urine', results: { heroin: 'negative' } })
    expect(r.success).toBe(false)
  })

  it('when a result is allowed, then it passes', () => {
    const r = drugTestInput.safeParse({ takenOn: '2026-02-10', method: 'breath', results: { alcohol: 'refused' } })
    expect(r.success).toBe(true)
  })
})
