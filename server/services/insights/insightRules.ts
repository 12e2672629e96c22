import { daysBetween } from '../../utils/dates'
import type { InsightDrugTest, InsightRequirement, InsightReview } from '../../data/insightRepository'

export { continuityCounts } from '../scheduling/continuity'

/** The median of the values (the mean of the middle two for an even count); null when none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The p-th percentile by nearest rank: the smallest value with at least p% of values at or below it. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

export function reviewCounts(reviews: readonly InsightReview[]) {
  // One pass over the rows (the busiest court has thousands a year), each review counted where it belongs.
  const c = { held: 0, adjourned: 0, vacated: 0, didNotAttend: 0, warrants: 0, paper: 0 }
  for (const r of reviews) {
    // held: hearings held in court (mode hearing, status held).
    if (r.mode === 'hearing' && r.status === 'held') c.held += 1
    // adjourned: reviews adjourned to another sitting.
    if (r.status === 'adjourned') c.adjourned += 1
    // vacated: reviews taken out of their sitting and not heard.
    if (r.status === 'vacated') c.vacated += 1
    // didNotAttend: reviews recorded as the person not attending (status did_not_attend).
    if (r.status === 'did_not_attend') c.didNotAttend += 1
    // warrants: of those, the ones at which the court issued a warrant (Sentencing Act 2020 Sch 10 para 8).
    if (r.status === 'did_not_attend' && r.warrantIssued) c.warrants += 1
    // paper: reviews decided on paper (mode paper, status held).
    if (r.mode === 'paper' && r.status === 'held') c.paper += 1
  }
  return c
}

export function attendanceCounts(reviews: readonly InsightReview[]) {
  const hearings = reviews.filter(r => r.mode === 'hearing' && (r.status === 'held' || r.status === 'did_not_attend'))
  return {
    // hearings: hearings the person was due to attend that took place (held or did not attend).
    hearings: hearings.length,
    // attended: of those, the ones the person attended (held).
    attended: hearings.filter(r => r.status === 'held').length,
  }
}

export function reportCounts(reviews: readonly InsightReview[]) {
  let due = 0
  let onTime = 0
  let late = 0
  let missing = 0
  const hours: number[] = []
  for (const r of reviews) {
    // due: hearing reviews in the range, but for vacated ones (no hearing, so no report is asked for).
    if (r.mode !== 'hearing' || r.status === 'vacated') continue
    due += 1
    // missing: no version submitted.
    if (!r.firstSubmittedAt) missing += 1
    // late: the first version was submitted after the report due time.
    else if (r.reportDueAt && r.firstSubmittedAt > r.reportDueAt) late += 1
    // onTime: a version was submitted before the review's report due time.
    else onTime += 1
    const h = hoursBefore(r)
    if (h !== null) hours.push(h)
  }
  // medianHoursBefore: the median of the hours from a report's first submission to its hearing's start.
  return { due, onTime, late, missing, medianHoursBefore: roundedMedian(hours) }
}

/** Hours from the report's first submission to the hearing's start (negative when it came after); null when unknown. */
export function hoursBefore(r: Pick<InsightReview, 'firstSubmittedAt' | 'hearingAt'>): number | null {
  if (!r.firstSubmittedAt || !r.hearingAt) return null
  return (Date.parse(r.hearingAt) - Date.parse(r.firstSubmittedAt)) / 3_600_000
}

/** The median hours before the hearing that the reports arrived, to one decimal place; null when none arrived. */
export function medianHours(reviews: readonly InsightReview[]): number | null {
  const hours: number[] = []
  for (const r of reviews) {
    const h = hoursBefore(r)
    if (h !== null) hours.push(h)
  }
  return roundedMedian(hours)
}

function roundedMedian(hours: readonly number[]): number | null {
  const m = median(hours)
  return m === null ? null : Math.round(m * 10) / 10
}

/**
 * Reports that arrived, per officer team (the organisation of the officer who wrote the report), with the
 * median hours before the hearing they arrived; teams by name, reports of an officer with no team last.
 */
export function reportTeams(reviews: readonly InsightReview[]) {
  const due = reviews.filter(r => r.mode === 'hearing' && r.status !== 'vacated' && r.firstSubmittedAt)
  const teams = new Map<string, { teamId: string | null; team: string | null; rows: InsightReview[] }>()
  for (const r of due) {
    const key = r.teamId ?? ''
    const t = teams.get(key) ?? { teamId: r.teamId, team: r.team, rows: [] }
    t.rows.push(r)
    teams.set(key, t)
  }
  return [...teams.values()]
    .sort((a, b) => (a.team === null ? 1 : b.team === null ? -1 : a.team.localeCompare(b.team)))
    .map(t => ({ teamId: t.teamId, team: t.team, received: t.rows.length, medianHoursBefore: medianHours(t.rows) }))
}

export function requirementCounts(requirements: readonly InsightRequirement[]) {
  const c = { active: 0, completed: 0, completedEarly: 0, revoked: 0, inBreachProceedings: 0 }
  for (const r of requirements) {
    // active: requirements still running.
    if (r.status === 'active') c.active += 1
    // completed: requirements that ran their full length.
    if (r.status === 'completed' && !r.completedEarly) c.completed += 1
    // completedEarly: requirements the court revoked early for good progress.
    if (r.completedEarly) c.completedEarly += 1
    // revoked: requirements revoked (not for good progress).
    if (r.status === 'revoked' && !r.completedEarly) c.revoked += 1
    // inBreachProceedings: requirements with a breach before the court.
    if (r.breachProceedings) c.inBreachProceedings += 1
  }
  return c
}

/** Days from the order to the first held or did-not-attend review, for first reviews in the range. */
export function daysOrderToFirstReview(requirements: readonly InsightRequirement[], from: string, to: string) {
  const days = requirements
    .filter(r => r.firstReviewOn && r.firstReviewOn >= from && r.firstReviewOn <= to)
    .map(r => daysBetween(r.madeOn, r.firstReviewOn!))
  return { median: median(days), p90: nearestRank(days, 90) }
}

/** A test is negative when it has at least one result and every result is 'negative'. */
export function allNegative(results: string): boolean {
  let parsed: unknown
  try {
    parsed = JSON.parse(results)
  } catch {
    return false
  }
  const values = parsed && typeof parsed === 'object' ? Object.values(parsed as object) : []
  return values.length > 0 && values.every(v => v === 'negative')
}

/** Tests per month in the range (every month, including ones without tests), and how many were all negative. */
export function testingByMonth(tests: readonly InsightDrugTest[], from: string, to: string) {
  const months: { month: string; tests: number; negative: number }[] = []
  const index = new Map<string, (typeof months)[number]>()
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) {
    const row = { month: m, tests: 0, negative: 0 }
    months.push(row)
    index.set(m, row)
  }
  // The same few result sets recur (a test's substances and their outcomes), so each is parsed once.
  const negative = new Map<string, boolean>()
  for (const t of tests) {
    const row = index.get(t.takenOn.slice(0, 7))
    if (!row) continue
    row.tests += 1
    let isNegative = negative.get(t.results)
    if (isNegative === undefined) negative.set(t.results, (isNegative = allNegative(t.results)))
    if (isNegative) row.negative += 1
  }
  return months
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}
