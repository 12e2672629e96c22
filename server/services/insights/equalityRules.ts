import { ETHNICITY, SEX } from '../../content/labels'

/** The codes a person's equality monitoring answers may take (the words are in content/labels.ts); null: not recorded. */
export const SEX_CODES = ['male', 'female', 'prefer_not_to_say'] as const
export const ETHNICITY_CODES = ['asian', 'black', 'mixed', 'white', 'other', 'prefer_not_to_say'] as const
export type SexCode = (typeof SEX_CODES)[number]
export type EthnicityCode = (typeof ETHNICITY_CODES)[number]

/**
 * The smallest number of people a published cell may hold (issue 22: "suppressed where a cell has fewer
 * than 5 people"; the threshold the MoJ and ONS use for small counts of people in published tables).
 */
export const MIN_CELL = 5

/** How a cell is withheld: `small` fewer than 5 people; `secondary` so the small one cannot be worked out. */
export type Suppression = 'small' | 'secondary'

/**
 * Which cells of one dimension (counts of people that add up to `total`) to withhold, and whether the total
 * itself must go. Primary: every cell under MIN_CELL (0 too). Secondary: while a reader who knows the total,
 * the published cells, that a `small` cell holds 0-4 and a `secondary` one 5 or more could still work out a
 * withheld cell exactly, the smallest published cell is withheld as well (so one withheld cell never stands
 * alone: total minus the others would give it). If every cell is withheld and one can still be worked out
 * (say 4 and 4 of 8), the total goes too.
 */
export function suppress(counts: readonly number[]): { cells: (Suppression | null)[]; hideTotal: boolean } {
  const cells: (Suppression | null)[] = counts.map(n => (n < MIN_CELL ? 'small' : null))
  for (;;) {
    if (!anyDerivable(counts, cells)) return { cells, hideTotal: false }
    const next = smallestPublished(counts, cells)
    if (next < 0) return { cells, hideTotal: true }
    cells[next] = 'secondary'
  }
}

function smallestPublished(counts: readonly number[], cells: readonly (Suppression | null)[]): number {
  let best = -1
  counts.forEach((n, i) => {
    if (cells[i] === null && (best < 0 || n < counts[best])) best = i
  })
  return best
}

/** What a reader knows of a withheld cell: small ones hold 0-4, secondary ones 5 or more. */
const bounds = (s: Suppression): [number, number] => (s === 'small' ? [0, MIN_CELL - 1] : [MIN_CELL, Infinity])

/**
 * Whether some withheld cell can be worked out exactly from the total and the published cells: its range, given
 * the others' bounds and their sum (the total minus the published cells), is a single number. When the withheld
 * cells hold nobody at all, working out that they are 0 names nobody, so that is not counted.
 */
export function anyDerivable(counts: readonly number[], cells: readonly (Suppression | null)[]): boolean {
  const hidden = cells.flatMap((s, i) => (s ? [{ s, n: counts[i] }] : []))
  const sum = hidden.reduce((a, h) => a + h.n, 0)
  if (hidden.length === 0) return false
  return hidden.some((h, i) => {
    const others = hidden.filter((_, j) => j !== i)
    const lo = Math.max(bounds(h.s)[0], sum - others.reduce((a, o) => a + bounds(o.s)[1], 0))
    const hi = Math.min(bounds(h.s)[1], sum - others.reduce((a, o) => a + bounds(o.s)[0], 0))
    return lo >= hi && sum > 0
  })
}

/** A row of counts: people in the category, hearings they were due to attend that took place, those attended. */
export interface EqualityCounts {
  people: number
  hearings: number
  attended: number
}

export interface EqualityRow {
  /** The category's code; null is "not recorded". */
  code: string | null
  label: string
  /** Null when withheld. */
  people: number | null
  hearings: number | null
  /** attended / hearings as a whole percentage; null when withheld or there were no hearings. */
  attendedPercent: number | null
  /** Why the row is withheld (every figure of it), or null when published. */
  suppressed: Suppression | null
}

const percent = (part: number, whole: number) => (whole ? Math.round((100 * part) / whole) : null)
const attendance = (c: EqualityCounts) => ({ attendedPercent: percent(c.attended, c.hearings) })

function published(code: string | null, label: string, c: EqualityCounts): EqualityRow {
  return {
    code,
    label,
    people: c.people,
    hearings: c.hearings,
    attendedPercent: percent(c.attended, c.hearings),
    suppressed: null,
  }
}

const NONE: EqualityCounts = { people: 0, hearings: 0, attended: 0 }

/**
 * One dimension's table: every category (then "Prefer not to say", then "Not recorded"), each row withheld
 * whole when its people count is. The hearings and attendance of a withheld row go with it.
 */
export function dimensionTable(
  codes: readonly string[],
  labels: Record<string, string>,
  byCode: ReadonlyMap<string | null, EqualityCounts>,
) {
  const keys: (string | null)[] = [...codes, null]
  const counts = keys.map(k => byCode.get(k) ?? NONE)
  const { cells, hideTotal } = suppress(counts.map(c => c.people))
  const rows = keys.map((k, i) => {
    const row = published(k, k === null ? 'Not recorded' : (labels[k] ?? k), counts[i])
    const s = cells[i]
    return s ? { ...row, people: null, hearings: null, attendedPercent: null, suppressed: s } : row
  })
  return { rows, hideTotal }
}

/** The two tables and the total from the cohort's counts per (sex, ethnicity) pair, which are never published. */
export function equalityTables(groups: readonly ({ sex: string | null; ethnicity: string | null } & EqualityCounts)[]) {
  const add = (map: Map<string | null, EqualityCounts>, key: string | null, g: EqualityCounts) => {
    const c = map.get(key) ?? { ...NONE }
    map.set(key, { people: c.people + g.people, hearings: c.hearings + g.hearings, attended: c.attended + g.attended })
  }
  const bySex = new Map<string | null, EqualityCounts>()
  const byEthnicity = new Map<string | null, EqualityCounts>()
  const total = { ...NONE }
  for (const g of groups) {
    add(bySex, g.sex, g)
    add(byEthnicity, g.ethnicity, g)
    total.people += g.people
    total.hearings += g.hearings
    total.attended += g.attended
  }
  const sex = dimensionTable(SEX_CODES, SEX, bySex)
  const ethnicity = dimensionTable(ETHNICITY_CODES, ETHNICITY, byEthnicity)
  // The total is the same in both tables: withheld from one, it is withheld from both.
  const hideTotal = sex.hideTotal || ethnicity.hideTotal
  return {
    total: hideTotal
      ? { label: 'All people', people: null, hearings: null, attendedPercent: null, suppressed: 'secondary' as const }
      : { label: 'All people', people: total.people, hearings: total.hearings, ...attendance(total), suppressed: null },
    sex: sex.rows,
    ethnicity: ethnicity.rows,
  }
}
