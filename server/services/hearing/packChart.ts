import { escapeHtml } from './pdfRenderer'
import { formatShortDate } from '../../utils/dates'
import { TEST_RESULTS, SUBSTANCES, substanceName } from '../../content/labels'
import { dateScale, dateTicks, markerLanes, type ChartWindow, type DateScale } from './packChartScale'
import { MARK_LEGEND, MARK_SIZE, mark, markKind } from './packChartMarks'

export { chartWindow } from './packChartScale'

export interface ChartTest {
  takenOn: string
  results: Record<string, string | undefined>
}

export interface ChartInput {
  /** Every test on the order, any order. */
  tests: ChartTest[]
  /** What the main chart shows: since the last review (or the order) to this review. */
  window: ChartWindow
  /** The whole order, for the strip beneath: made on to ends on (or this review, if later). */
  order: { from: string; to: string }
  /** The earlier reviews and this one: `n` as in "Review n of m". */
  reviews: { date: string; n: number; current: boolean }[]
}

// Geometry, in the SVG's own units (it is drawn 1:1 on A4 and scales down on a narrow screen).
export const CHART = {
  width: 640,
  left: 116,
  right: 628,
  inset: 8,
  top: 26,
  lane: 12,
  laneGap: 2,
} as const

const INK = '#0b0c0c'
const GREY = '#505a5f'
const short = (iso: string) => formatShortDate(iso).replace(/ \d{4}$/, '')

/** Whether a test is one the main chart (and the pack's table) shows: after `from` (from it, for a first review), to `to`. */
export const inWindow = (w: ChartWindow, date: string) => (w.first ? date >= w.from : date > w.from) && date <= w.to

/** The substances tested on the order, in the labels' order: one row each. */
export const chartSubstances = (tests: ChartTest[]) =>
  Object.keys(SUBSTANCES).filter(s => tests.some(t => t.results[s]))

export interface ChartRow {
  substance: string
  top: number
  height: number
  marks: { date: string; result: string; x: number; y: number }[]
}

/** Rows and markers of the main chart: each marker at its date, in a lane clear of its neighbours. */
export function chartRows(tests: ChartTest[], scale: DateScale, w: ChartWindow): ChartRow[] {
  const shown = tests.filter(t => inWindow(w, t.takenOn)).sort((a, b) => a.takenOn.localeCompare(b.takenOn))
  let top: number = CHART.top
  return chartSubstances(tests).map(substance => {
    const here = shown.filter(t => t.results[substance])
    const xs = here.map(t => scale.x(t.takenOn))
    const lanes = markerLanes(xs, MARK_SIZE + CHART.laneGap)
    const height = 14 + Math.max(1, ...lanes.map(l => l + 1)) * CHART.lane
    const row: ChartRow = {
      substance,
      top,
      height,
      marks: here.map((t, i) => ({
        date: t.takenOn,
        result: t.results[substance]!,
        x: xs[i],
        y: top + 7 + CHART.lane / 2 + lanes[i] * CHART.lane,
      })),
    }
    top += height
    return row
  })
}

/** A label, 12 px unless `attrs` gives its own size (an attribute written twice is an XML error, and HTML keeps the first). */
const text = (x: number, y: number, body: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs.includes('font-size=') ? '' : ' font-size="12"'} fill="${INK}"${attrs ? ` ${attrs}` : ''}>${escapeHtml(body)}</text>`

/** Where a label at x is anchored: its start, its end or its middle, so it stays inside the plot. */
const anchor = (x: number, scale: DateScale) =>
  x - scale.left < 30 ? 'start' : scale.right - x < 30 ? 'end' : 'middle'

function axis(scale: DateScale, y: number, size: number): string[] {
  const out = [`<line x1="${scale.left}" y1="${y}" x2="${scale.right}" y2="${y}" stroke="${GREY}" stroke-width="1"/>`]
  for (const t of dateTicks(scale.from, scale.to)) {
    const x = scale.x(t.date)
    out.push(
      `<line x1="${x.toFixed(1)}" y1="${y}" x2="${x.toFixed(1)}" y2="${y + 4}" stroke="${GREY}" stroke-width="1"/>`,
      text(x, y + 4 + size, t.label, `font-size="${size}" text-anchor="${anchor(x, scale)}"`),
    )
  }
  return out
}

/** The whole order as a strip (`top` to 40 below): the main chart's weeks shaded, a line per test (tall if positive), reviews R1, R2. */
function orderStrip(input: ChartInput, top: number): string[] {
  const s = dateScale(input.order.from, input.order.to, CHART.left, CHART.right, 2)
  const base = top + 22
  const out = [text(CHART.left - 8, base - 4, 'Whole order', 'text-anchor="end" font-weight="bold"')]
  const x0 = s.x(input.window.from)
  const x1 = Math.max(s.x(input.window.to), x0 + 2)
  out.push(
    `<rect x="${x0.toFixed(1)}" y="${top}" width="${(x1 - x0).toFixed(1)}" height="24" fill="#dddddd" stroke="${INK}" stroke-width="1"/>`,
  )
  for (const t of input.tests.filter(t => s.contains(t.takenOn))) {
    const x = s.x(t.takenOn).toFixed(1)
    const positive = Object.values(t.results).some(r => r === 'positive')
    out.push(
      `<line x1="${x}" y1="${base}" x2="${x}" y2="${base - (positive ? 18 : 7)}" stroke="${positive ? INK : GREY}" stroke-width="${positive ? 2 : 1}"/>`,
    )
  }
  out.push(...axis(s, base, 10))
  for (const r of input.reviews) {
    const x = s.x(r.date)
    out.push(
      `<line x1="${x.toFixed(1)}" y1="${top}" x2="${x.toFixed(1)}" y2="${base}" stroke="${INK}" stroke-width="1" stroke-dasharray="2 2"/>`,
      text(x, top - 3, `R${r.n}`, `font-size="10" font-weight="bold" text-anchor="middle"`),
    )
  }
  out.push(
    text(
      CHART.left,
      base + 30,
      'Shaded: the weeks above. Short line: a test. Tall line: a positive result. R1, R2: reviews.',
      'font-size="10"',
    ),
  )
  return out
}

/**
 * The drug test chart, server-rendered SVG (no script; every piece of text escaped): the weeks
 * since the last review (for a first review, since the order was made), one row per substance and
 * a marker per result whose shape says what it was, with date ticks and the reviews at either
 * edge; then the whole order as a small strip. Empty when the order has no tests.
 */
export function drugTestChart(input: ChartInput): string {
  if (chartSubstances(input.tests).length === 0) return ''
  const w = input.window
  const scale = dateScale(w.from, w.to, CHART.left, CHART.right, CHART.inset)
  const rows = chartRows(input.tests, scale, w)
  const plotBottom = rows[rows.length - 1].top + rows[rows.length - 1].height
  const parts: string[] = []

  rows.forEach((row, i) => {
    if (i % 2 === 0)
      parts.push(
        `<rect x="${CHART.left}" y="${row.top}" width="${CHART.right - CHART.left}" height="${row.height}" fill="#f3f2f1"/>`,
      )
    parts.push(text(CHART.left - 8, row.top + row.height / 2 + 4, substanceName(row.substance), 'text-anchor="end"'))
    for (const m of row.marks) {
      const title = `${formatShortDate(m.date)}: ${substanceName(row.substance)} ${TEST_RESULTS[m.result] ?? m.result}`
      parts.push(mark(markKind(m.result), m.x, m.y, title))
    }
  })

  // The reviews at either edge of the window, each a labelled line.
  const last = [...input.reviews].reverse().find(r => !r.current && r.date === w.from)
  const current = input.reviews.find(r => r.current)
  const edges: [number, string, string][] = [
    [scale.x(w.from), w.first ? `Order made, ${short(w.from)}` : `Review ${last?.n ?? ''}, ${short(w.from)}`, 'start'],
    [scale.x(w.to), `This review${current ? ` (${current.n})` : ''}, ${short(w.to)}`, 'end'],
  ]
  for (const [x, label, end] of edges)
    parts.push(
      `<line class="pack-chart__review" x1="${x.toFixed(1)}" y1="${CHART.top - 8}" x2="${x.toFixed(1)}" y2="${plotBottom}" stroke="${INK}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      text(end === 'start' ? x - 4 : x + 4, CHART.top - 12, label, `font-weight="bold" text-anchor="${end}"`),
    )
  parts.push(...axis(scale, plotBottom, 11))

  // The legend, in words beside each shape.
  const legendY = plotBottom + 34
  let lx: number = CHART.left
  for (const item of MARK_LEGEND) {
    parts.push(
      mark(item.kind, lx + MARK_SIZE / 2, legendY - 4),
      text(lx + MARK_SIZE + 4, legendY, item.label, 'font-size="11"'),
    )
    lx += MARK_SIZE + 18 + item.label.length * 5.3
  }
  parts.push(...orderStrip(input, legendY + 22))

  const height = legendY + 22 + 60
  const label =
    `Drug tests by substance ${w.first ? 'since the order was made' : 'since the last review'}, ` +
    `${formatShortDate(w.from)} to ${formatShortDate(w.to)}, and every test on the order from ` +
    `${formatShortDate(input.order.from)} to ${formatShortDate(input.order.to)}. The table after the chart lists the same tests.`
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="pack-chart" viewBox="0 0 ${CHART.width} ${height}" ` +
    `width="${CHART.width}" height="${height}" role="img" aria-label="${escapeHtml(label)}" font-family="Arial, Helvetica, sans-serif">` +
    `${parts.join('')}</svg>`
  )
}
