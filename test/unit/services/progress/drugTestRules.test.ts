import fc from 'fast-check'
import {
  datingProblems,
  firstDuplicate,
  plausibilityProblems,
  sameTestKey,
  testProblems,
  type TestWindow,
} from '../../../../server/services/progress/drugTestRules'
import { METHODS, RESULTS, SUBSTANCES, type Results } from '../../../../server/data/drugTestRepository'
import { addDays } from '../../../../server/utils/dates'

const window: TestWindow = { today: '2026-03-16', madeOn: '2026-03-02', endsOn: '2026-09-01' }
const fields = (problems: { field: string }[]) => problems.map(p => p.field)

describe('datingProblems', () => {
  it.each([
    ['2026-03-16', window, []],
    ['2026-03-02', window, []],
    ['2026-03-17', window, ['Date taken must be today or in the past (today is Monday 16 March 2026)']],
    ['2026-03-01', window, ['Date taken must be on or after the order was made on Monday 2 March 2026']],
    [
      '2026-09-02',
      { ...window, today: '2026-12-01' },
      ['Date taken must be on or before the order ends on Tuesday 1 September 2026'],
    ],
    [
      '2026-09-02',
      window,
      [
        'Date taken must be today or in the past (today is Monday 16 March 2026)',
        'Date taken must be on or before the order ends on Tuesday 1 September 2026',
      ],
    ],
    ['2020-01-01', { today: '2026-03-16', madeOn: null, endsOn: null }, []],
  ])('when a test is taken on %s, then it breaks %j', (takenOn, w, expected) => {
    expect(datingProblems(takenOn, w).map(p => p.message)).toEqual(expected)
    expect(datingProblems(takenOn, w).every(p => p.field === 'takenOn')).toBe(true)
  })
})

describe('plausibilityProblems', () => {
  it.each<[string, Results, string[]]>([
    ['breath', { alcohol: 'positive' }, []],
    ['breath', { alcohol: 'refused' }, []],
    ['breath', { opiates: 'negative' }, ['results.opiates']],
    ['breath', { opiates: 'negative', alcohol: 'negative', other: 'positive' }, ['results.opiates', 'results.other']],
    ['urine', { opiates: 'negative', alcohol: 'negative', methadone: 'positive_prescribed' }, []],
    ['hair', { cocaine: 'positive', alcohol: 'positive' }, []],
    ['oral_fluid', { alcohol: 'positive_prescribed' }, ['results.alcohol']],
  ])('when a %s test has %j, then the fields named are %j', (method, results, expected) => {
    expect(fields(plausibilityProblems(method as never, results))).toEqual(expected)
  })

  it('when a breath test is for opiates, then the message says a breath test is for alcohol only', () => {
    expect(plausibilityProblems('breath', { opiates: 'positive' })).toEqual([
      {
        field: 'results.opiates',
        message: 'Opiates cannot be tested by breath: a breath test is for alcohol only',
      },
    ])
  })
})

const isoDate = fc.integer({ min: 0, max: 3000 }).map(n => addDays('2024-01-01', n))
const method = fc.constantFrom(...METHODS)
const results = fc
  .dictionary(fc.constantFrom(...SUBSTANCES), fc.constantFrom(...RESULTS), { minKeys: 1 })
  .map(r => r as Results)

describe('drug test rules (properties)', () => {
  it('a test dated after today (London) is always refused on takenOn; one within the window never is', () => {
    fc.assert(
      fc.property(isoDate, isoDate, fc.integer({ min: 0, max: 400 }), (madeOn, today, after) => {
        const w = { today, madeOn, endsOn: addDays(madeOn, 700) }
        expect(fields(datingProblems(addDays(today, after + 1), w))).toContain('takenOn')
        const inside = madeOn <= today ? madeOn : null
        if (inside && inside <= w.endsOn) expect(datingProblems(inside, w)).toEqual([])
      }),
    )
  })

  it('a date is accepted exactly when it is within the order and not in the future', () => {
    fc.assert(
      fc.property(isoDate, isoDate, isoDate, (takenOn, today, madeOn) => {
        const w = { today, madeOn, endsOn: addDays(madeOn, 365) }
        const ok = takenOn <= today && takenOn >= madeOn && takenOn <= w.endsOn
        expect(datingProblems(takenOn, w).length === 0).toBe(ok)
      }),
    )
  })

  it('a breath test is refused exactly when it has a result for anything but alcohol', () => {
    fc.assert(
      fc.property(results, r => {
        const others = SUBSTANCES.filter(s => r[s] && s !== 'alcohol')
        const problems = plausibilityProblems('breath', r)
        expect(fields(problems).filter(f => f !== 'results.alcohol')).toEqual(others.map(s => `results.${s}`))
        for (const p of problems.filter(x => x.field !== 'results.alcohol'))
          expect(p.message).toMatch(/a breath test is for alcohol only/)
      }),
    )
  })

  it('every problem names a field of the test, and testProblems is the date problems then the result problems', () => {
    fc.assert(
      fc.property(isoDate, method, results, (takenOn, m, r) => {
        const problems = testProblems({ takenOn, method: m, results: r }, window)
        expect(problems).toEqual([...datingProblems(takenOn, window), ...plausibilityProblems(m, r)])
        for (const p of problems) expect(p.field).toMatch(/^(takenOn|results\.[a-z]+)$/)
      }),
    )
  })

  it('the same test in any key order, with other named in any case, is a duplicate of the first one stored', () => {
    fc.assert(
      fc.property(isoDate, method, results, fc.integer({ min: 2, max: 5 }), (takenOn, m, r, copies) => {
        const reversed = Object.fromEntries(Object.entries(r).reverse()) as Results
        const stored = Array.from({ length: copies }, (_, i) => ({
          id: `t${i}`,
          personId: 'p1',
          takenOn,
          method: m,
          results: i % 2 ? reversed : r,
          otherSubstance: r.other ? (i % 2 ? 'SPICE' : 'spice') : null,
          createdAt: `2026-03-0${copies - i}T10:00:00Z`,
        }))
        const test = { personId: 'p1', takenOn, method: m, results: r, otherSubstance: r.other ? 'Spice' : null }
        expect(firstDuplicate(test, stored)?.id).toBe(`t${copies - 1}`)
        expect(firstDuplicate(test, stored.slice(0, 1), 't0')).toBeNull()
        expect(firstDuplicate({ ...test, personId: 'p2' }, stored)).toBeNull()
      }),
    )
  })

  it('tests that differ in date, method or a result are never the same test', () => {
    fc.assert(
      fc.property(isoDate, method, method, results, results, (d, m1, m2, r1, r2) => {
        const a = sameTestKey({ personId: 'p', takenOn: d, method: m1, results: r1 })
        const b = sameTestKey({ personId: 'p', takenOn: d, method: m2, results: r2 })
        const same =
          m1 === m2 && JSON.stringify(Object.entries(r1).sort()) === JSON.stringify(Object.entries(r2).sort())
        expect(a === b).toBe(same)
        expect(sameTestKey({ personId: 'p', takenOn: addDays(d, 1), method: m1, results: r1 })).not.toBe(a)
      }),
    )
  })
})
