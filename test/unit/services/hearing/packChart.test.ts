import fc from 'fast-check'
import {
  CHART,
  chartRows,
  chartWindow,
  drugTestChart,
  type ChartInput,
  type ChartTest,
} from '../../../../server/services/hearing/packChart'
import { dateScale } from '../../../../server/services/hearing/packChartScale'
import { escapeHtml } from '../../../../server/services/hearing/pdfRenderer'
import { addDays } from '../../../../server/utils/dates'

// An order made 3 October 2026; review 1 on 5 November; this pack is for review 2 on 10 December.
const order = { from: '2026-10-03', to: '2027-10-02' }
const later = chartWindow({ lastReviewOn: '2026-11-05', orderMadeOn: order.from, reviewOn: '2026-12-10' })
const first = chartWindow({ lastReviewOn: null, orderMadeOn: order.from, reviewOn: '2026-11-05' })
const reviews = [
  { date: '2026-11-05', n: 1, current: false },
  { date: '2026-12-10', n: 2, current: true },
]
const tests: ChartTest[] = [
  { takenOn: '2026-10-03', results: { opiates: 'positive', cocaine: 'negative' } },
  { takenOn: '2026-10-20', results: { opiates: 'negative', cocaine: 'positive' } },
  { takenOn: '2026-11-05', results: { opiates: 'negative' } },
  { takenOn: '2026-11-12', results: { opiates: 'positive', methadone: 'positive_prescribed' } },
  { takenOn: '2026-11-26', results: { opiates: 'negative', cocaine: 'missed' } },
  { takenOn: '2026-11-26', results: { opiates: 'negative' } },
]
const chart = (over: Partial<ChartInput> = {}) => drugTestChart({ tests, window: later, order, reviews, ...over })
const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length
/** The main chart's markers, which carry a title (the legend's and the strip's do not). */
const marks = (svg: string) =>
  svg.match(/class="pack-chart__mark pack-chart__mark--[a-z]+"[^>]*>(<[^>]+>)*?<title>[^<]*/g) ?? []

/** A random test: a day within `days` of the start, with one to four substances' results. */
const testOn = (days: number) =>
  fc.record({
    day: fc.integer({ min: 0, max: days }),
    results: fc.dictionary(
      fc.constantFrom('opiates', 'cocaine', 'cannabis', 'alcohol'),
      fc.constantFrom('negative', 'positive', 'positive_prescribed', 'missed', 'refused', 'tampered'),
      { minKeys: 1 },
    ),
  })

describe('the drug test chart', () => {
  it('when there is an earlier review, then it shows only the tests since it, one row per substance tested on the order', () => {
    const svg = chart()
    expect(svg.startsWith('<svg')).toBe(true)
    for (const s of ['Opiates', 'Cocaine', 'Methadone']) expect(svg).toContain(`>${s}</text>`)
    expect(svg).not.toContain('Cannabis')
    // Since 5 November (that day counted at review 1): 12 Nov (2 results) and 26 Nov (3 results).
    const titles = marks(svg).map(m => m.replace(/.*<title>/, ''))
    expect(titles.sort()).toEqual([
      '12 November 2026: Methadone Positive (prescribed)',
      '12 November 2026: Opiates Positive',
      '26 November 2026: Cocaine Missed',
      '26 November 2026: Opiates Negative',
      '26 November 2026: Opiates Negative',
    ])
    expect(svg).not.toContain('20 October 2026: ')
  })

  it('when this is the first review, then it runs from the order being made, that day’s tests included', () => {
    const svg = chart({ window: first, reviews: [{ date: '2026-11-05', n: 1, current: true }] })
    expect(svg).toContain('3 October 2026: Opiates Positive')
    expect(svg).toContain('>Order made, 3 October</text>')
    expect(svg).toContain('>This review (1), 5 November</text>')
    expect(svg).toContain('since the order was made, 3 October 2026 to 5 November 2026')
    expect(svg).not.toContain('since the last review')
  })

  it('marks the last review and this one with labelled lines, and ticks the Mondays between', () => {
    const svg = chart()
    expect(count(svg, /class="pack-chart__review"/g)).toBe(2)
    expect(svg).toContain('>Review 1, 5 November</text>')
    expect(svg).toContain('>This review (2), 10 December</text>')
    for (const tick of ['9 Nov 2026', '16 Nov', '23 Nov', '30 Nov', '7 Dec']) expect(svg).toContain(`>${tick}</text>`)
  })

  it('tells results apart by shape, with a legend in words, not by colour alone', () => {
    const svg = chart()
    expect(svg).toMatch(
      /<rect class="pack-chart__mark pack-chart__mark--positive"[^>]*><title>12 November 2026: Opiates/,
    )
    expect(svg).toMatch(/<circle class="pack-chart__mark pack-chart__mark--negative"[^>]*><title>26 November/)
    expect(svg).toMatch(/<g class="pack-chart__mark pack-chart__mark--prescribed"><title>12 November 2026: Methadone/)
    expect(svg).toMatch(/<path class="pack-chart__mark pack-chart__mark--missed"[^>]*><title>26 November 2026: Cocaine/)
    for (const words of ['Negative', 'Positive (prescribed)', 'Positive', 'Missed, refused or tampered'])
      expect(svg).toContain(`>${words}</text>`)
  })

  it('when two tests fall on one day, then their markers stand one above the other', () => {
    const s = dateScale(later.from, later.to, CHART.left, CHART.right, CHART.inset)
    const opiates = chartRows(tests, s, later).find(r => r.substance === 'opiates')!
    const sameDay = opiates.marks.filter(m => m.date === '2026-11-26')
    expect(sameDay).toHaveLength(2)
    expect(sameDay[0].x).toBe(sameDay[1].x)
    expect(Math.abs(sameDay[0].y - sameDay[1].y)).toBeGreaterThanOrEqual(CHART.lane)
  })

  it('shows the whole order as a strip beneath: reviews R1 and R2, a line per test', () => {
    const svg = chart()
    expect(svg).toContain('>Whole order</text>')
    expect(svg).toContain('>R1</text>')
    expect(svg).toContain('>R2</text>')
    expect(svg).toContain('every test on the order from 3 October 2026 to 2 October 2027')
  })

  it('has an accessible name that points to the table, and nothing that runs', () => {
    const svg = chart()
    expect(svg).toMatch(
      /^<svg [^>]*role="img" aria-label="Drug tests by substance since the last review, 5 November 2026 to 10 December 2026, [^"]*The table after the chart lists the same tests\."/,
    )
    expect(svg).not.toMatch(/<script|on[a-z]+=/i)
  })

  it('draws nothing when the order has no tests', () => {
    expect(chart({ tests: [] })).toBe('')
  })

  it('escapes text', () => {
    expect(escapeHtml(`<script>"a" & 'b'</script>`)).toBe(
      '&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;',
    )
  })

  it('puts every marker inside the plot and inside its own row, whatever the tests (property)', () => {
    const test = testOn(120)
    fc.assert(
      fc.property(fc.array(test, { maxLength: 40 }), fc.integer({ min: 1, max: 120 }), (ts, span) => {
        const w = chartWindow({
          lastReviewOn: '2026-11-05',
          orderMadeOn: '2026-10-03',
          reviewOn: addDays('2026-11-05', span),
        })
        const s = dateScale(w.from, w.to, CHART.left, CHART.right, CHART.inset)
        const rows = chartRows(
          ts.map(t => ({ takenOn: addDays('2026-11-01', t.day), results: t.results })),
          s,
          w,
        )
        for (const row of rows)
          for (const m of row.marks) {
            expect(m.date > w.from && m.date <= w.to).toBe(true)
            expect(m.x).toBeGreaterThanOrEqual(CHART.left + CHART.inset)
            expect(m.x).toBeLessThanOrEqual(CHART.right - CHART.inset)
            expect(m.y - 5).toBeGreaterThanOrEqual(row.top)
            expect(m.y + 5).toBeLessThanOrEqual(row.top + row.height)
          }
      }),
    )
  })

  it('writes no attribute twice on any element, so the sizes asked for are the sizes drawn, whatever the tests (property)', () => {
    const test = testOn(300)
    fc.assert(
      fc.property(fc.array(test, { minLength: 1, maxLength: 30 }), fc.boolean(), (ts, isFirst) => {
        const svg = chart({
          tests: ts.map(t => ({ takenOn: addDays('2026-10-03', t.day), results: t.results })),
          window: isFirst ? first : later,
        })
        for (const tag of svg.match(/<[a-z]+\b[^>]*>/g) ?? []) {
          const names = [...tag.matchAll(/\s([a-z:-]+)="/g)].map(m => m[1])
          expect({ tag, repeated: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({ tag, repeated: [] })
        }
      }),
    )
    // The axis dates and the strip's review labels are drawn smaller than the row labels.
    expect(chart()).toContain('font-size="11" text-anchor="middle">')
  })
})
