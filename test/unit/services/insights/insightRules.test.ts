import fc from 'fast-check'
import {
  allNegative,
  continuityCounts,
  daysOrderToFirstReview,
  median,
  nearestRank,
  reportCounts,
  testingByMonth,
} from '../../../../server/services/insights/insightRules'
import { review } from './insightRows'

describe('insight rules', () => {
  it('median and p90 by nearest rank, as a bench chair would count them by hand', () => {
    expect(median([])).toBeNull()
    expect(nearestRank([], 90)).toBeNull()
    expect(median([35, 34, 34])).toBe(34)
    expect(median([10, 20, 30, 40])).toBe(25)
    // 10 values: the 9th smallest; 11 values: the 10th (ceil(9.9)).
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9)
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10)
    expect(nearestRank([7], 90)).toBe(7)
  })

  it('property: p90 is a value of the list with at least 90% of values at or below it and under 90% strictly below', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 60 }), values => {
        const p90 = nearestRank(values, 90)!
        expect(values).toContain(p90)
        expect(values.filter(v => v <= p90).length / values.length).toBeGreaterThanOrEqual(0.9)
        expect(values.filter(v => v < p90).length / values.length).toBeLessThan(0.9)
        const m = median(values)!
        expect(m).toBeGreaterThanOrEqual(Math.min(...values))
        expect(m).toBeLessThanOrEqual(Math.max(...values))
      }),
    )
  })

  it('property: continuity counts only hearings with a previous bench; full implies partial; the same bench is full', () => {
    const bench = fc.uniqueArray(fc.constantFrom('m1', 'm2', 'm3', 'm4'), { maxLength: 3 })
    fc.assert(
      fc.property(fc.array(fc.record({ bench, previousBench: fc.option(bench) })), pairs => {
        const c = continuityCounts(pairs)
        expect(c.eligible).toBe(pairs.filter(p => p.previousBench?.length && p.bench.length).length)
        expect(c.full).toBeLessThanOrEqual(c.partial)
        expect(c.partial).toBeLessThanOrEqual(c.eligible)
        const same = pairs
          .filter(p => p.bench.length)
          .map(p => ({ bench: p.bench, previousBench: [...p.bench].reverse() }))
        expect(continuityCounts(same)).toEqual({ eligible: same.length, partial: same.length, full: same.length })
      }),
    )
    expect(continuityCounts([{ bench: ['m2'], previousBench: ['m1', 'm2'] }])).toEqual({
      eligible: 1,
      partial: 1,
      full: 0,
    })
  })

  it('reports: due are the hearing reviews not vacated; each is on time, late or missing, and the three add up to due', () => {
    const counts = reportCounts([
      review({ firstSubmittedAt: '2028-02-01T10:00:00.000Z' }),
      review({ firstSubmittedAt: '2028-02-08T09:00:00.000Z' }),
      review({}),
      review({ mode: 'paper' }),
      review({ status: 'vacated' }),
    ])
    // Reports of 1 Feb 10:00 and 8 Feb 09:00 for a hearing at 10:00 on 8 Feb: 168 and 1 hours before.
    expect(counts).toEqual({ due: 3, onTime: 1, late: 1, missing: 1, medianHoursBefore: 84.5 })
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            mode: fc.constantFrom('hearing', 'paper'),
            firstSubmittedAt: fc.option(fc.constantFrom('2028-02-01T10:00:00.000Z', '2028-02-09T10:00:00.000Z')),
          }),
        ),
        rows => {
          const c = reportCounts(rows.map(r => review(r)))
          expect(c.onTime + c.late + c.missing).toBe(c.due)
        },
      ),
    )
  })

  it('days from order to first review count only first reviews in the range', () => {
    const req = (madeOn: string, firstReviewOn: string | null) => ({
      id: 'q',
      courtId: 'c',
      status: 'active',
      completedEarly: false,
      breachProceedings: false,
      madeOn,
      firstReviewOn,
    })
    const days = daysOrderToFirstReview(
      [
        req('2028-01-05', '2028-02-08'),
        req('2028-01-04', '2028-02-08'),
        req('2027-01-01', '2027-02-01'),
        req('2028-01-01', null),
      ],
      '2028-01-01',
      '2028-12-31',
    )
    expect(days).toEqual({ median: 34.5, p90: 35 })
  })

  it('testing: every month of the range, tests counted in their month, negative only when every result is negative', () => {
    expect(allNegative('{"opiates":"negative","cocaine":"negative"}')).toBe(true)
    expect(allNegative('{"opiates":"negative","cocaine":"positive"}')).toBe(false)
    expect(allNegative('{}')).toBe(false)
    expect(
      testingByMonth(
        [
          { takenOn: '2028-01-31', results: '{"opiates":"negative"}' },
          { takenOn: '2028-03-01', results: '{"opiates":"positive"}' },
        ],
        '2027-12-15',
        '2028-03-10',
      ),
    ).toEqual([
      { month: '2027-12', tests: 0, negative: 0 },
      { month: '2028-01', tests: 1, negative: 1 },
      { month: '2028-02', tests: 0, negative: 0 },
      { month: '2028-03', tests: 1, negative: 0 },
    ])
  })
})
