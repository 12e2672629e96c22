import fc from 'fast-check'
import {
  MIN_CELL,
  equalityTables,
  suppress,
  type Suppression,
} from '../../../../server/services/insights/equalityRules'
import { equalityCsvRows, type EqualityResult } from '../../../../server/services/insights/equalityService'

/**
 * Issue 22 point 4: equality monitoring is published only in aggregate, "suppressed where a cell has fewer than 5
 * people"; and (the brief) a withheld cell must not be recoverable as the total minus the published cells.
 */

/**
 * Every value a withheld cell could hold, for a reader who knows the total, the published cells, and that a cell
 * marked "fewer than 5" holds 0-4 and a "withheld" one 5 or more. Brute force, independent of the rule's own maths.
 */
function possibleValues(counts: number[], cells: (Suppression | null)[], index: number): Set<number> {
  const hidden = cells.flatMap((s, i) => (s ? [i] : []))
  const sum = hidden.reduce((a, i) => a + counts[i], 0)
  const seen = new Set<number>()
  const fits = (s: Suppression, v: number) => (s === 'small' ? v < MIN_CELL : v >= MIN_CELL)
  const walk = (k: number, left: number, mine: number | null) => {
    if (k === hidden.length) {
      if (left === 0 && mine !== null) seen.add(mine)
      return
    }
    const i = hidden[k]
    for (let v = 0; v <= left; v++) if (fits(cells[i]!, v)) walk(k + 1, left - v, i === index ? v : mine)
  }
  walk(0, sum, null)
  return seen
}

describe('small-cell suppression (issue 22 point 4)', () => {
  it.each([
    // counts in a dimension, the marks expected, whether the total goes, and why
    [[20, 12, 6], [null, null, null], false, 'every cell holds 5 or more: all published'],
    [
      [20, 3, 6],
      [null, 'small', 'secondary'],
      false,
      'one small cell: the next smallest goes too (else 29 - 20 - 6 = 3)',
    ],
    [[7, 5, 1], [null, 'secondary', 'small'], false, 'one small cell of 1: its smallest neighbour (5) goes'],
    [[20, 3, 2, 9], [null, 'small', 'small', null], false, 'two small cells: their 5 could be 1+4, 2+3, 3+2 or 4+1'],
    [[20, 0, 0, 0], [null, 'small', 'small', 'small'], false, 'empty cells show as fewer than 5; nobody is in them'],
    [[30, 4, 4], ['secondary', 'small', 'small'], false, '8 in two cells of at most 4 is 4 + 4: the 30 goes too'],
    [[4, 4], ['small', 'small'], true, 'two 4s of 8 and nothing else to withhold: the total goes'],
  ] as [number[], (Suppression | null)[], boolean, string][])(
    '%j → %j, total hidden %s: %s',
    (counts, marks, hideTotal) => {
      expect(suppress(counts)).toEqual({ cells: marks, hideTotal })
    },
  )

  const dimension = fc.array(fc.nat({ max: 25 }), { minLength: 2, maxLength: 5 })

  it('property: no published cell holds fewer than 5 people', () => {
    fc.assert(
      fc.property(dimension, counts => {
        const { cells } = suppress(counts)
        counts.forEach((n, i) => {
          if (cells[i] === null) expect(n).toBeGreaterThanOrEqual(MIN_CELL)
        })
      }),
    )
  })

  it('property: with the total published, a withheld cell that holds someone cannot be worked out by subtraction', () => {
    fc.assert(
      fc.property(dimension, counts => {
        const { cells, hideTotal } = suppress(counts)
        if (hideTotal) return
        const hidden = cells.flatMap((s, i) => (s ? [i] : []))
        const sum = hidden.reduce((a, i) => a + counts[i], 0)
        if (sum === 0) return
        // Never a lone withheld cell (it would be the total minus the others)...
        expect(hidden.length).not.toBe(1)
        // ...and no combination of bounds pins one down either.
        for (const i of hidden) expect(possibleValues(counts, cells, i).size).toBeGreaterThan(1)
      }),
    )
  })
})

describe('the equality tables', () => {
  const group = (sex: string | null, ethnicity: string | null, people: number, hearings = 0, attended = 0) => ({
    sex,
    ethnicity,
    people,
    hearings,
    attended,
  })

  it('adds the pairs into two tables; a row withheld loses its hearings and attendance too', () => {
    const tables = equalityTables([
      group('male', 'white', 8, 16, 12),
      group('male', 'black', 4, 8, 8),
      group('female', 'white', 6, 10, 5),
      group(null, null, 1, 2, 1),
    ])
    expect(tables.total).toEqual({
      label: 'All people',
      people: 19,
      hearings: 36,
      attendedPercent: 72,
      suppressed: null,
    })
    const sex = Object.fromEntries(tables.sex.map(r => [r.label, r]))
    expect(sex.Male).toMatchObject({ code: 'male', people: 12, hearings: 24, attendedPercent: 83, suppressed: null })
    expect(sex.Female).toMatchObject({ people: 6, hearings: 10, attendedPercent: 50, suppressed: null })
    expect(sex['Not recorded']).toMatchObject({ code: null, people: null, hearings: null, suppressed: 'small' })
    expect(sex['Prefer not to say']).toMatchObject({ people: null, suppressed: 'small' })
    const ethnicity = Object.fromEntries(tables.ethnicity.map(r => [r.label, r]))
    expect(ethnicity.White).toMatchObject({ people: 14, hearings: 26, attendedPercent: 65 })
    // 4 Black people: fewer than 5, and with the empty groups and the 1 not recorded, it cannot be worked out.
    expect(ethnicity['Black, Black British, Caribbean or African']).toMatchObject({ people: null, suppressed: 'small' })
    expect(tables.ethnicity.map(r => r.label)).toEqual([
      'Asian or Asian British',
      'Black, Black British, Caribbean or African',
      'Mixed or multiple ethnic groups',
      'White',
      'Other ethnic group',
      'Prefer not to say',
      'Not recorded',
    ])
  })

  it('the CSV rows never carry a withheld number', () => {
    const tables = equalityTables([
      group('male', 'white', 9, 9, 9),
      group('female', 'asian', 3, 3, 0),
      group('prefer_not_to_say', 'white', 6, 6, 3),
      group(null, 'white', 5, 5, 5),
    ])
    const result: EqualityResult = {
      courtId: 'c',
      from: '2028-01-01',
      to: '2028-12-31',
      definitions: { cohort: '', sex: '', ethnicity: '', suppression: '' },
      ...tables,
    }
    const rows = equalityCsvRows(result)
    expect(rows[0]).toEqual(['dimension', 'group', 'people', 'hearings', 'attendedPercent'])
    expect(rows).toContainEqual(['sex', 'Female', 'fewer than 5', 'fewer than 5', 'fewer than 5'])
    // Female is the one small sex cell: the next smallest (5 not recorded) is withheld, or 23 - 9 - 6 - 5 = 3.
    expect(rows).toContainEqual(['sex', 'Not recorded', 'withheld', 'withheld', 'withheld'])
    expect(rows).toContainEqual(['sex', 'Male', '9', '9', '100'])
    expect(rows).toContainEqual(['ethnicity', 'White', '20', '20', '85'])
    expect(rows).toContainEqual(['all', 'All people', '23', '23', '74'])
    expect(rows.flat()).not.toContain('3')
  })
})
