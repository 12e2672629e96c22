import type { InsightDrugTest, InsightRequirement, InsightReview } from '../../data/insightRepository'
import type { HeldPair } from '../../data/continuityRepository'
import {
  attendanceCounts,
  continuityCounts,
  daysOrderToFirstReview,
  nextMonth,
  reportCounts,
  requirementCounts,
  reviewCounts,
  testingByMonth,
} from './insightRules'

/** The rows a court's figures are counted from: fetched once, then counted for the period and for each month. */
export interface InsightRows {
  reviews: readonly InsightReview[]
  requirements: readonly InsightRequirement[]
  tests: readonly InsightDrugTest[]
  pairs: readonly HeldPair[]
}

/** The figures of one month of the period (API.md "Insight", `months`). */
export interface MonthFigures {
  month: string
  reviews: ReturnType<typeof reviewCounts>
  continuity: ReturnType<typeof continuityCounts>
  reports: ReturnType<typeof reportCounts>
  requirements: ReturnType<typeof requirementCounts>
  attendance: ReturnType<typeof attendanceCounts>
  daysOrderToFirstReview: ReturnType<typeof daysOrderToFirstReview>
  testing: { tests: number; negative: number }
}

/** Every month the period touches, "YYYY-MM", first to last. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = []
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) months.push(m)
  return months
}

function byMonth<T>(rows: readonly T[], monthOf: (row: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const row of rows) {
    const m = monthOf(row)
    if (m === null) continue
    const list = out.get(m)
    if (list) list.push(row)
    else out.set(m, [row])
  }
  return out
}

/**
 * Month by month, the same figures as for the whole period, counted from the same rows (no query a month):
 * reviews, reports, attendance and continuity by the hearing's month; requirements as reviewed in the month
 * (by their status today); days from order to first review by the first review's month; tests by the day taken.
 */
export function figuresByMonth(
  rows: InsightRows,
  from: string,
  to: string,
  // The period's tests a month, when the caller has already counted them (so results are parsed once).
  testingMonths: readonly { month: string; tests: number; negative: number }[] = testingByMonth(rows.tests, from, to),
): MonthFigures[] {
  const reviews = byMonth(rows.reviews, r => r.date.slice(0, 7))
  const pairs = byMonth(rows.pairs, p => p.date.slice(0, 7))
  const firsts = byMonth(rows.requirements, q =>
    q.firstReviewOn && q.firstReviewOn >= from && q.firstReviewOn <= to ? q.firstReviewOn.slice(0, 7) : null,
  )
  const requirementById = new Map(rows.requirements.map(q => [q.id, q]))
  const testing = new Map(testingMonths.map(t => [t.month, t]))
  return monthsBetween(from, to).map(month => {
    const inMonth = reviews.get(month) ?? []
    const reviewed = [...new Set(inMonth.map(r => r.requirementId))]
      .map(id => requirementById.get(id))
      .filter((q): q is InsightRequirement => q !== undefined)
    const t = testing.get(month)
    return {
      month,
      reviews: reviewCounts(inMonth),
      continuity: continuityCounts(pairs.get(month) ?? []),
      reports: reportCounts(inMonth),
      requirements: requirementCounts(reviewed),
      attendance: attendanceCounts(inMonth),
      daysOrderToFirstReview: daysOrderToFirstReview(firsts.get(month) ?? [], from, to),
      testing: { tests: t?.tests ?? 0, negative: t?.negative ?? 0 },
    }
  })
}
