import fc from 'fast-check'
import { chartWindow, dateScale, dateTicks, markerLanes } from '../../../../server/services/hearing/packChartScale'
import { addDays, daysBetween, weekdayOf } from '../../../../server/utils/dates'

describe('the chart window', () => {
  it('when there was an earlier review, then the chart runs from it to this review', () => {
    expect(chartWindow({ lastReviewOn: '2026-11-05', orderMadeOn: '2026-10-03', reviewOn: '2026-12-10' })).toEqual({
      from: '2026-11-05',
      to: '2026-12-10',
      first: false,
    })
  })

  it('when this is the first review, then the chart runs from the day the order was made', () => {
    expect(chartWindow({ lastReviewOn: null, orderMadeOn: '2026-10-03', reviewOn: '2026-11-05' })).toEqual({
      from: '2026-10-03',
      to: '2026-11-05',
      first: true,
    })
  })

  it('when the review falls on (or before) the day it counts from, then the window is still a day wide', () => {
    expect(chartWindow({ lastReviewOn: null, orderMadeOn: '2026-10-03', reviewOn: '2026-10-03' }).to).toBe('2026-10-04')
  })
})

describe('the date scale', () => {
  const s = dateScale('2026-11-05', '2026-12-10', 116, 628, 8)

  it('puts the window’s first day at the left of the plot and its last at the right, inset so markers are whole', () => {
    expect(s.x('2026-11-05')).toBe(124)
    expect(s.x('2026-12-10')).toBe(620)
    expect(s.x('2026-11-22')).toBeCloseTo(124 + (17 / 35) * 496)
  })

  it('keeps dates outside the window at its edges', () => {
    expect(s.x('2026-01-01')).toBe(124)
    expect(s.x('2027-06-01')).toBe(620)
    expect(s.contains('2026-11-04')).toBe(false)
    expect(s.contains('2026-12-10')).toBe(true)
  })
})

describe('date ticks', () => {
  const labels = (from: string, to: string) => dateTicks(from, to).map(t => t.label)

  it('when the window is five weeks, then every Monday is labelled, the first with its year', () => {
    expect(dateTicks('2026-11-05', '2026-12-10')).toEqual([
      { date: '2026-11-09', label: '9 Nov 2026' },
      { date: '2026-11-16', label: '16 Nov' },
      { date: '2026-11-23', label: '23 Nov' },
      { date: '2026-11-30', label: '30 Nov' },
      { date: '2026-12-07', label: '7 Dec' },
    ])
  })

  it('when the window is three months, then every other Monday', () => {
    const ticks = dateTicks('2026-10-01', '2026-12-31')
    expect(ticks.map(t => daysBetween(ticks[0].date, t.date))).toEqual([0, 14, 28, 42, 56, 70, 84])
    expect(ticks.every(t => weekdayOf(t.date) === 1)).toBe(true)
  })

  it('when the window crosses the new year, then the first tick in January says which year', () => {
    expect(labels('2026-12-10', '2027-01-14')).toEqual(['14 Dec 2026', '21 Dec', '28 Dec', '4 Jan 2027', '11 Jan'])
  })

  it('when the window is a few days, then each day', () => {
    expect(labels('2026-12-08', '2026-12-11')).toEqual(['8 Dec 2026', '9 Dec', '10 Dec', '11 Dec'])
  })

  it('when the span is a whole order of 18 months, then months, on the 1st', () => {
    expect(labels('2026-10-03', '2028-04-02')).toEqual(['Jan 2027', 'Apr', 'Jul', 'Oct', 'Jan 2028', 'Apr'])
  })

  it('never gives more ticks than asked for, and always at least one, for any window (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 8 }),
        fc.integer({ min: 1, max: 365 * 6 }),
        fc.integer({ min: 3, max: 12 }),
        (start, span, max) => {
          const from = addDays('2022-01-01', start)
          const to = addDays(from, span)
          const ticks = dateTicks(from, to, max)
          expect(ticks.length).toBeGreaterThanOrEqual(1)
          expect(ticks.length).toBeLessThanOrEqual(max)
          for (const [i, t] of ticks.entries()) {
            expect(t.date >= from && t.date <= to).toBe(true)
            if (i > 0) expect(t.date > ticks[i - 1].date).toBe(true)
          }
        },
      ),
    )
  })
})

describe('every test in the window lands in the plot (property)', () => {
  it('maps each date in the window between the inset edges, in date order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 5 }),
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 30 }),
        (start, span, offsets) => {
          const from = addDays('2024-01-01', start)
          const to = addDays(from, span)
          const s = dateScale(from, to, 116, 628, 8)
          const dates = offsets.map(o => addDays(from, o % (span + 1))).sort()
          const xs = dates.map(d => s.x(d))
          for (const x of xs) {
            expect(x).toBeGreaterThanOrEqual(124)
            expect(x).toBeLessThanOrEqual(620)
          }
          for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThanOrEqual(xs[i - 1])
        },
      ),
    )
  })
})

describe('marker lanes', () => {
  it('when two tests fall on one day, then the second goes in the next lane; tests far apart share the first', () => {
    expect(markerLanes([200, 200, 300], 11)).toEqual([0, 1, 0])
    expect(markerLanes([300, 205, 200, 210], 11)).toEqual([0, 1, 0, 2])
  })

  it('never leaves two markers in one lane closer than a marker’s width (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 100, max: 640, noNaN: true }), { maxLength: 40 }), xs => {
        const lanes = markerLanes(xs, 11)
        for (let i = 0; i < xs.length; i++)
          for (let j = i + 1; j < xs.length; j++)
            if (lanes[i] === lanes[j]) expect(Math.abs(xs[i] - xs[j])).toBeGreaterThanOrEqual(11)
      }),
    )
  })
})
