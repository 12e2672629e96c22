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
  const count = (f: (r: InsightReview) => boolean) => reviews.filter(f).length
  return {
    // held: hearings held in court (mode hearing, status held).
    held: count(r => r.mode === 'hearing' && r.status === 'held'),
    // adjourned: reviews adjourned to another sitting.
    adjourned: count(r => r.status === 'adjourned'),
    // vacated: reviews taken out of their sitting and not heard.
    vacated: count(r => r.status === 'vacated'),
    // didNotAttend: reviews recorded as the person not attending (status did_not_attend).
    didNotAttend: count(r => r.status === 'did_not_attend'),
    // warrants: of those, the ones at which the court issued a warrant (Sentencing Act 2020 Sch 10 para 8).
    warrants: count(r => r.status === 'did_not_attend' && r.warrantIssued),
    // paper: reviews decided on paper (mode paper, status held).
    paper: count(r => r.mode === 'paper' && r.status === 'held'),
  }
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
  // due: hearing reviews in the range, but for vacated ones (no hearing, so no report is asked for).
  const due = reviews.filter(r => r.mode === 'hearing' && r.status !== 'vacated')
  // onTime: a version was submitted before the review's report due time.
  const onTime = due.filter(r => r.firstSubmittedAt && (!r.reportDueAt || r.firstSubmittedAt <= r.reportDueAt)).length
  // late: the first version was submitted after the report due time.
  const late = due.filter(r => r.firstSubmittedAt && r.reportDueAt && r.firstSubmittedAt > r.reportDueAt).length
  // missing: no version submitted.
  const missing = due.filter(r => !r.firstSubmittedAt).length
  // medianHoursBefore: the median of the hours from a report's first submission to its hearing's start.
  return { due: due.length, onTime, late, missing, medianHoursBefore: medianHours(due) }
}

/** Hours from the report's first submission to the hearing's start (negative when it came after); null when unknown. */
export function hoursBefore(r: Pick<InsightReview, 'firstSubmittedAt' | 'hearingAt'>): number | null {
  if (!r.firstSubmittedAt || !r.hearingAt) return null
  return (Date.parse(r.hearingAt) - Date.parse(r.firstSubmittedAt)) / 3_600_000
}

/** The median hours before the hearing that the reports arrived, to one decimal place; null when none arrived. */
export function medianHours(reviews: readonly InsightReview[]): number | null {
  const hours = reviews.map(hoursBefore).filter((h): h is number => h !== null)
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
  const count = (f: (r: InsightRequirement) => boolean) => requirements.filter(f).length
  return {
    // active: requirements still running.
    active: count(r => r.status === 'active'),
    // completed: requirements that ran their full length.
    completed: count(r => r.status === 'completed' && !r.completedEarly),
    // completedEarly: requirements the court revoked early for good progress.
    completedEarly: count(r => r.completedEarly),
    // revoked: requirements revoked (not for good progress).
    revoked: count(r => r.status === 'revoked' && !r.completedEarly),
    // inBreachProceedings: requirements with a breach before the court.
    inBreachProceedings: count(r => r.breachProceedings),
  }
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
  for (const t of tests) {
    const row = index.get(t.takenOn.slice(0, 7))
    if (!row) continue
    row.tests += 1
    if (allNegative(t.results)) row.negative += 1
  }
  return months
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}
