import { LOAD } from './load'

export interface Row {
  name: string
  how: 'one by one' | 'under load' | 'every 25 ms'
  p50: number
  p95: number
  rps?: number
  queries?: number
  /** Budget for p95, in ms. */
  budget?: number
  /** Budget for throughput: at least `min` times the anchor's or the signed-in baseline's req/s. */
  least?: { of: 'anchor' | 'baseline'; min: number }
  errors?: number
}

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n < 10 ? 2 : 1)} ms`)
const times = (n: number) => `${n.toFixed(n < 1 ? 2 : 1)}×`

/** The results table, and the budgets missed (an empty list when all are met). */
export function report(
  rows: Row[],
  rates: { anchor: number; baseline: number },
): { lines: string[]; missed: string[] } {
  const missed: string[] = []
  const lines = [
    '| measure | how | p50 | p95 | req/s | × anchor | × baseline | queries | budget | result |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ]
  // Each measure's rows together: one by one, then under load.
  const names = [...new Set(rows.map(r => r.name))]
  const sorted = [...rows].sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name))
  for (const r of sorted) {
    const budgets: string[] = []
    const failed: string[] = []
    if (r.budget !== undefined) {
      budgets.push(`p95 ≤ ${ms(r.budget)}`)
      if (!(r.p95 <= r.budget)) failed.push(`p95 ${ms(r.p95)} over ${ms(r.budget)}`)
    }
    if (r.least && r.rps !== undefined) {
      const ratio = r.rps / rates[r.least.of]
      budgets.push(`≥ ${r.least.min}× ${r.least.of}`)
      if (!(ratio >= r.least.min)) failed.push(`${times(ratio)} the ${r.least.of}, under ${r.least.min}×`)
    }
    if (r.errors) failed.push(`${r.errors} errors`)
    if (failed.length) missed.push(`${r.name} (${r.how}): ${failed.join(', ')}`)
    const result = failed.length ? `MISSED: ${failed.join(', ')}` : budgets.length ? 'ok' : ''
    const rps = r.rps === undefined ? '' : Math.round(r.rps)
    const anchor = r.rps === undefined ? '' : times(r.rps / rates.anchor)
    const baseline = r.rps === undefined ? '' : times(r.rps / rates.baseline)
    lines.push(
      `| ${r.name} | ${r.how} | ${ms(r.p50)} | ${ms(r.p95)} | ${rps} | ${anchor} | ${baseline} | ${r.queries ?? ''} | ${budgets.join(', ')} | ${result} |`,
    )
  }
  lines.push(
    '',
    `Under load: autocannon in the bench's process, ${LOAD.connections} connections for ${LOAD.seconds} s, against the server in a process of its own; p50 and p95 are of every response's latency.`,
    '"× anchor" and "× baseline": the measure\'s requests per second over the anchor\'s (a bare Express 5 + handlebars page with a 20-row table in a GOV.UK-style layout, in its own process) and over the signed-in baseline\'s, both measured in this run.',
  )
  return { lines, missed }
}
