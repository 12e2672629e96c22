import type { MonthFigures } from '../../services/insights/insightTrends'
import { CONTINUITY_MARK, percent, type FigureDefinition } from '../../services/insights/insightDefinitions'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** "Feb 2028" (short) or "February 2028" for a "2028-02" month. */
export const monthName = (month: string, long = false) =>
  `${(long ? LONG_MONTHS : MONTHS)[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`

// Geometry in the SVG's own units: it scales to its column (app.css .app-chart).
const W = 320
const H = 150
const LEFT = 40
const RIGHT = 312
const TOP = 14
const BOTTOM = 118

const fixed = (n: number) => n.toFixed(1)

export interface TrendChart {
  id: string
  width: number
  height: number
  title: string
  desc: string
  axis: { x1: number; x2: number; y: number }
  yTicks: { y: string; label: string }[]
  bars: { x: string; y: string; width: string; height: string }[]
  lines: { points: string }[]
  markers: { cx: string; cy: string }[]
  reference: { y: string; label: string; labelY: string; labelX: number } | null
  /** Shown across an empty plot: no month has a figure. */
  empty: { x: number; y: number; text: string } | null
  xLabels: { x: string; y: number; label: string; anchor: string }[]
}

/** A figure's month-by-month values: a rate (a whole percentage) when the figure has one, else the value. */
export function monthValues(figure: FigureDefinition, months: readonly MonthFigures[]): (number | null)[] {
  return months.map(m => (figure.outOf ? percent(figure.value(m), figure.outOf(m)) : figure.value(m)))
}

/**
 * A small server-rendered chart of one figure month by month (no script): bars for counts, days and hours;
 * a line with round markers for a rate, with the 2011 evaluation's 90% mark dashed on partial continuity.
 * One series, so nothing is told by colour alone; every value is also in the table beside it.
 */
export function trendChart(figure: FigureDefinition, months: readonly MonthFigures[]): TrendChart {
  const values = monthValues(figure, months)
  const rate = Boolean(figure.outOf)
  const known = values.filter((v): v is number => v !== null)
  const low = Math.min(0, ...known)
  const high = rate ? 100 : Math.max(1, ...known)
  const y = (v: number) => BOTTOM - ((v - low) / (high - low)) * (BOTTOM - TOP)
  const step = (RIGHT - LEFT) / Math.max(1, months.length)
  const centre = (i: number) => LEFT + step * (i + 0.5)
  // The axis says % for a rate; a figure in days or hours says so in its name.
  const unit = rate ? '%' : ''
  const label = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`

  const bars = rate
    ? []
    : values.flatMap((v, i) => {
        if (v === null) return []
        const top = Math.min(y(v), y(0))
        const height = Math.max(Math.abs(y(v) - y(0)), v === 0 ? 0 : 1)
        const width = Math.max(2, step * 0.6)
        return [{ x: fixed(centre(i) - width / 2), y: fixed(top), width: fixed(width), height: fixed(height) }]
      })
  const lines: { points: string }[] = []
  const markers: { cx: string; cy: string }[] = []
  if (rate) {
    let run: string[] = []
    values.forEach((v, i) => {
      if (v === null) {
        if (run.length > 1) lines.push({ points: run.join(' ') })
        run = []
        return
      }
      run.push(`${fixed(centre(i))},${fixed(y(v))}`)
      markers.push({ cx: fixed(centre(i)), cy: fixed(y(v)) })
    })
    if (run.length > 1) lines.push({ points: run.join(' ') })
  }
  const last = months.length - 1
  const xLabels = months.length
    ? [
        { x: fixed(centre(0)), y: BOTTOM + 18, label: monthName(months[0].month), anchor: last ? 'start' : 'middle' },
        ...(last > 0
          ? [{ x: fixed(centre(last)), y: BOTTOM + 18, label: monthName(months[last].month), anchor: 'end' }]
          : []),
      ].map(l => ({ ...l, x: l.anchor === 'start' ? fixed(LEFT) : l.anchor === 'end' ? fixed(RIGHT) : l.x }))
    : []
  const mark = figure.key === 'continuity.partial'
  const highest = known.length ? Math.max(...known) : null
  const highestAt = highest === null ? null : months[values.indexOf(highest)]
  const span = months.length
    ? `${monthName(months[0].month, true)} to ${monthName(months[last].month, true)}`
    : 'no months'
  return {
    id: `chart-${figure.key.replace(/\./g, '-')}`,
    width: W,
    height: H,
    title: `${figure.name}${rate ? ' (rate)' : ''}, month by month`,
    desc: `${rate ? 'Line' : 'Bar'} chart, ${span}. ${
      highest === null
        ? 'No month has a figure.'
        : `Highest ${label(highest)}, in ${monthName(highestAt!.month, true)}.`
    }${mark ? ' A dashed line marks 90%, the 2011 evaluation’s mark.' : ''} The table gives every month.`,
    axis: { x1: LEFT, x2: RIGHT, y: BOTTOM },
    yTicks: (known.length ? [low, high] : [0])
      .filter((v, i, a) => a.indexOf(v) === i)
      .map(v => ({ y: fixed(y(v)), label: label(v) })),
    bars,
    lines,
    markers,
    reference: mark
      ? {
          y: fixed(y(CONTINUITY_MARK * 100)),
          labelX: LEFT + 4,
          labelY: fixed(y(CONTINUITY_MARK * 100) + 14),
          label: '90% mark',
        }
      : null,
    empty: known.length ? null : { x: (LEFT + RIGHT) / 2, y: (TOP + BOTTOM) / 2, text: 'No figure in any month' },
    xLabels,
  }
}
