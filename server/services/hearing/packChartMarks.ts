import { escapeHtml } from './pdfRenderer'
import { TEST_RESULTS } from '../../content/labels'

// The drug test chart's markers: a shape for each kind of result, so that it reads in greyscale
// print and without colour (WCAG 1.4.1), with a legend in words.

export type MarkKind = 'negative' | 'prescribed' | 'positive' | 'missed'

/** Results as the chart groups them; a result it does not know is drawn as missed (a cross). */
export function markKind(result: string): MarkKind {
  if (result === 'negative') return 'negative'
  if (result === 'positive_prescribed') return 'prescribed'
  if (result === 'positive') return 'positive'
  return 'missed'
}

/** The legend, in the order a reader meets the marks' weight: nothing wrong first. */
export const MARK_LEGEND: { kind: MarkKind; label: string }[] = [
  { kind: 'negative', label: TEST_RESULTS.negative },
  { kind: 'prescribed', label: TEST_RESULTS.positive_prescribed },
  { kind: 'positive', label: TEST_RESULTS.positive },
  {
    kind: 'missed',
    label: `${TEST_RESULTS.missed}, ${TEST_RESULTS.refused.toLowerCase()} or ${TEST_RESULTS.tampered.toLowerCase()}`,
  },
]

/** Every marker fits in a square of this side, centred on its point. */
export const MARK_SIZE = 9
const R = MARK_SIZE / 2
const INK = '#0b0c0c'

const n = (v: number) => v.toFixed(1)

/**
 * One marker at (x, y): an empty circle (negative), a half-filled circle (positive, prescribed), a
 * filled square (positive) or a cross (missed, refused or tampered). `title` is escaped here.
 */
export function mark(kind: MarkKind, x: number, y: number, title = ''): string {
  const t = title ? `<title>${escapeHtml(title)}</title>` : ''
  const cls = `pack-chart__mark pack-chart__mark--${kind}`
  switch (kind) {
    case 'negative':
      return `<circle class="${cls}" cx="${n(x)}" cy="${n(y)}" r="${R}" fill="#ffffff" stroke="${INK}" stroke-width="1.5">${t}</circle>`
    case 'prescribed':
      return (
        `<g class="${cls}">${t}<circle cx="${n(x)}" cy="${n(y)}" r="${R}" fill="#ffffff" stroke="${INK}" stroke-width="1.5"/>` +
        `<path d="M${n(x)} ${n(y - R)}A${R} ${R} 0 0 0 ${n(x)} ${n(y + R)}Z" fill="${INK}"/></g>`
      )
    case 'positive':
      return `<rect class="${cls}" x="${n(x - R)}" y="${n(y - R)}" width="${MARK_SIZE}" height="${MARK_SIZE}" fill="#d4351c" stroke="${INK}" stroke-width="1.5">${t}</rect>`
    default:
      return (
        `<path class="${cls}" d="M${n(x - R)} ${n(y - R)}L${n(x + R)} ${n(y + R)}M${n(x - R)} ${n(y + R)}L${n(x + R)} ${n(y - R)}" ` +
        `stroke="${INK}" stroke-width="2.2" fill="none">${t}</path>`
      )
  }
}
