import { escapeHtml } from './pdfRenderer'
import { formatShortDate } from '../../utils/dates'
import { TEST_RESULTS, SUBSTANCES, substanceName } from '../../content/labels'

export interface ChartTest {
  takenOn: string
  results: Record<string, string | undefined>
}

// Colours readable in greyscale too: each result also has its own shape class.
const CLASSES: Record<string, string> = {
  negative: 'pack-chart__negative',
  positive: 'pack-chart__positive',
  positive_prescribed: 'pack-chart__prescribed',
  refused: 'pack-chart__missed',
  missed: 'pack-chart__missed',
  tampered: 'pack-chart__missed',
}
const FILLS: Record<string, string> = {
  negative: '#00703c',
  positive: '#d4351c',
  positive_prescribed: '#f47738',
  refused: '#505a5f',
  missed: '#505a5f',
  tampered: '#505a5f',
}

const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86400000)

/**
 * Every test across the order as an SVG: one row per substance tested, a mark per test at its
 * date, coloured by result. Server-rendered, no script; every piece of text escaped.
 */
export function drugTestChart(tests: ChartTest[], from: string, to: string): string {
  const substances = Object.keys(SUBSTANCES).filter(s => tests.some(t => t.results[s]))
  if (substances.length === 0) return ''
  const left = 120
  const width = 640
  const row = 22
  const top = 10
  const height = top + substances.length * row + 30
  const start = dayNumber(from)
  const end = Math.max(dayNumber(to), start + 1)
  const x = (d: string) =>
    left + ((Math.min(Math.max(dayNumber(d), start), end) - start) / (end - start)) * (width - left - 10)
  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="pack-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(`Drug tests from ${formatShortDate(from)} to ${formatShortDate(to)}`)}">`,
  )
  substances.forEach((s, i) => {
    const y = top + i * row + row / 2
    parts.push(
      `<text x="${left - 8}" y="${y + 4}" text-anchor="end" font-size="11" fill="#0b0c0c">${escapeHtml(substanceName(s))}</text>`,
      `<line x1="${left}" y1="${y}" x2="${width - 10}" y2="${y}" stroke="#b1b4b6" stroke-width="1"/>`,
    )
    for (const t of tests) {
      const r = t.results[s]
      if (!r) continue
      const cx = x(t.takenOn).toFixed(1)
      const title = `<title>${escapeHtml(`${formatShortDate(t.takenOn)}: ${substanceName(s)} ${TEST_RESULTS[r] ?? r}`)}</title>`
      const cls = CLASSES[r] ?? 'pack-chart__missed'
      const fill = FILLS[r] ?? '#505a5f'
      parts.push(
        r === 'negative'
          ? `<circle class="${cls}" cx="${cx}" cy="${y}" r="4" fill="${fill}">${title}</circle>`
          : `<rect class="${cls}" x="${(Number(cx) - 4).toFixed(1)}" y="${y - 4}" width="8" height="8" fill="${fill}">${title}</rect>`,
      )
    }
  })
  const axisY = top + substances.length * row + 16
  parts.push(
    `<text x="${left}" y="${axisY}" font-size="10" fill="#505a5f">${escapeHtml(formatShortDate(from))}</text>`,
    `<text x="${width - 10}" y="${axisY}" font-size="10" text-anchor="end" fill="#505a5f">${escapeHtml(formatShortDate(to))}</text>`,
    '</svg>',
  )
  return parts.join('')
}
