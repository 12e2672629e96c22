import type { ReviewRow } from '../../data/reviewRepository'
import type { SittingRow } from '../../data/sittingRepository'
import type {
  PackDrugTestRow,
  PackOutcomeRow,
  PackProviderUpdateRow,
  PackRequirementRow,
} from '../../data/packRepository'
import type { PackCase, PackEnforcement } from './packTypes'
import { warrantWarnings } from './packEnforcement'
import {
  DECISIONS_SHORT,
  PACK_REVIEW_STATUS,
  PROGRESS,
  RECOMMENDATIONS_SHORT,
  SUBSTANCES,
  TEST_METHODS,
  TEST_RESULTS,
  substanceName,
} from '../../content/labels'
import { formatShortDate, localDateOf } from '../../utils/dates'

// The parts of one case in a hearing pack, each a pure function of the rows read for it.

const POSITIVE = new Set(['positive'])
/** Below this share of appointments kept, the pack warns the bench. */
const ATTENDANCE_WARNING = 0.75

/** Names for user ids, sorted as a bench is shown. */
export type PackNames = (ids: string[]) => string[]

const text = (v: unknown) => (v === null || v === undefined ? null : String(v))
const count = (v: unknown) => (v === null || v === undefined ? null : Number(v))

/**
 * The earlier reviews, oldest first: when, who sat (as the outcome recorded it, else the sitting's
 * rostered bench), and what was decided.
 */
export function packTimeline(
  earlier: ReviewRow[],
  outcomeOf: Map<string, PackOutcomeRow>,
  sittingsById: Map<string, SittingRow>,
  benchOf: PackNames,
): PackCase['timeline'] {
  return earlier.map(e => {
    const o = outcomeOf.get(e.id)
    const s = e.sittingId ? sittingsById.get(e.sittingId) : undefined
    const sat = o?.benchUserIds.length ? o.benchUserIds : (s?.benchUserIds ?? [])
    const who = benchOf(sat).join(', ')
    return {
      date: formatShortDate(e.reviewDate),
      bench: e.mode === 'paper' ? `On the papers${who ? `: ${who}` : ''}` : who || '—',
      status: PACK_REVIEW_STATUS[e.status] ?? e.status,
      progress: o ? (PROGRESS[o.progress] ?? o.progress) : null,
      decision: o ? (DECISIONS_SHORT[o.decision] ?? o.decision) : null,
      attended: o ? (o.attended ? 'Yes' : 'No') : null,
      benchComments: o ? o.benchComments : null,
    }
  })
}

/** The latest submitted version of the review's report (versions oldest first), or null. */
export function packReport(
  versions: { submittedAt: string; late: boolean; versionNumber: number; content: Record<string, unknown> }[],
): PackCase['report'] {
  const latest = versions[versions.length - 1]
  if (!latest) return null
  const c = latest.content
  return {
    submittedAt: latest.submittedAt,
    late: versions[0].late,
    amended: versions.length > 1,
    versionNumber: latest.versionNumber,
    sections: [
      { label: 'Attendance and compliance', text: text(c.attendance) ?? '' },
      { label: 'Engagement', text: text(c.engagement) ?? '' },
      { label: 'Treatment', text: text(c.treatment) ?? '' },
      { label: 'Drug testing', text: text(c.testing) ?? '' },
      { label: 'New offending', text: text(c.newOffending) ?? '' },
    ].filter(s => s.text),
    recommendation: c.recommendation
      ? (RECOMMENDATIONS_SHORT[String(c.recommendation)] ?? String(c.recommendation))
      : null,
    proposedAmendment: text(c.proposedAmendment),
  }
}

const positivesIn = (tests: PackDrugTestRow[]) =>
  tests.flatMap(t => Object.keys(t.results).filter(s => POSITIVE.has(t.results[s])))

/**
 * The person's tests on this order (`all`, oldest first) split at the last review: those since it up
 * to the review day, as the pack shows them, and the substances positive for the first time. For a
 * first review (`fromDayIncluded`) the count starts on the day the order was made, that day included.
 */
export function testsSince(all: PackDrugTestRow[], sinceDate: string, reviewDate: string, fromDayIncluded = false) {
  const after = (d: string) => (fromDayIncluded ? d >= sinceDate : d > sinceDate)
  const since = all.filter(t => after(t.takenOn) && t.takenOn <= reviewDate)
  const positiveBefore = new Set(positivesIn(all.filter(t => !after(t.takenOn))))
  const newPositives = [...new Set(positivesIn(since))].filter(s => !positiveBefore.has(s))
  const shown: PackCase['testsSince'] = since.map(t => ({
    date: formatShortDate(t.takenOn),
    method: TEST_METHODS[t.method] ?? t.method,
    ...(t.corrected ? { corrected: true } : {}),
    results: Object.keys(t.results).map(s => ({
      substance: s === 'other' && t.otherSubstance ? `Other (${t.otherSubstance})` : substanceName(s),
      result: TEST_RESULTS[t.results[s]] ?? t.results[s],
      positive: POSITIVE.has(t.results[s]),
    })),
  }))
  return { all, since, shown, newPositives }
}

/**
 * Every test on the order in one sentence, the words for the chart's whole-order strip: how many,
 * and for each substance how many were positive, positive as prescribed, or not given.
 */
export function orderTestSummary(all: Pick<PackDrugTestRow, 'results'>[]): string {
  if (all.length === 0) return 'No drug tests recorded on this order yet.'
  const counts = (result: (r: string) => boolean) =>
    Object.keys(SUBSTANCES)
      .map(s => ({ s, n: all.filter(t => t.results[s] !== undefined && result(t.results[s])).length }))
      .filter(c => c.n > 0)
      .map(c => `${substanceName(c.s)} ${c.n}`)
      .join(', ')
  const parts = [
    `${all.length} ${all.length === 1 ? 'test' : 'tests'}.`,
    `Positive: ${counts(r => r === 'positive') || 'none'}.`,
  ]
  const prescribed = counts(r => r === 'positive_prescribed')
  if (prescribed) parts.push(`${TEST_RESULTS.positive_prescribed}: ${prescribed}.`)
  const notGiven = all.filter(t =>
    Object.values(t.results).some(r => r === 'missed' || r === 'refused' || r === 'tampered'),
  )
  if (notGiven.length)
    parts.push(
      `${TEST_RESULTS.missed}, ${TEST_RESULTS.refused.toLowerCase()} or ${TEST_RESULTS.tampered.toLowerCase()}: ${notGiven.length}.`,
    )
  return parts.join(' ')
}

/** Appointments offered and kept, as the provider's latest update and the report each counted them. */
export function packAttendance(
  update: Pick<PackProviderUpdateRow, 'appointmentsOffered' | 'appointmentsKept'> | undefined,
  reportContent: Record<string, unknown> | null,
): PackCase['attendance'] {
  const out: PackCase['attendance'] = []
  if (update && (update.appointmentsOffered !== null || update.appointmentsKept !== null))
    out.push({ source: 'Treatment provider', offered: update.appointmentsOffered, kept: update.appointmentsKept })
  if (
    reportContent &&
    (count(reportContent.appointmentsOffered) !== null || count(reportContent.appointmentsKept) !== null)
  )
    out.push({
      source: 'Probation',
      offered: count(reportContent.appointmentsOffered),
      kept: count(reportContent.appointmentsKept),
    })
  return out
}

/** What the bench should notice first about a case, in the order the pack lists it. */
export function caseWarnings(c: {
  review: Pick<ReviewRow, 'reportDueAt'>
  requirement: Pick<PackRequirementRow, 'breachProceedings'>
  report: PackCase['report']
  hasProviderView: boolean
  testsSince: number
  /** No earlier review: tests count from the order, not from a last review. */
  firstReview?: boolean
  newPositives: string[]
  last: Pick<ReviewRow, 'status'> | null
  attendance: PackCase['attendance']
  /** Warrants not yet executed: the first thing the bench needs to know. */
  openWarrants?: PackEnforcement['openWarrants']
  now: string
}): string[] {
  const warnings: string[] = warrantWarnings(c.openWarrants ?? [])
  if (c.requirement.breachProceedings)
    warnings.push(
      'Breach proceedings: a breach of this requirement is before the court (Sentencing Act 2020 Sch 10). The order continues until the court decides.',
    )
  const due = c.review.reportDueAt
  if (!c.report)
    warnings.push(
      due && due < c.now
        ? `No progress report: it was due ${formatShortDate(localDateOf(due))} and is overdue.`
        : 'No progress report has been submitted yet.',
    )
  else if (c.report.late) warnings.push('The progress report was submitted late.')
  if (!c.hasProviderView) warnings.push('No update from the treatment provider.')
  if (c.testsSince === 0)
    warnings.push(
      c.firstReview ? 'No drug tests recorded since the order was made.' : 'No drug tests since the last review.',
    )
  if (c.last?.status === 'did_not_attend') warnings.push('Did not attend the last review.')
  for (const s of c.newPositives)
    warnings.push(`Positive for ${substanceName(s).toLowerCase()} for the first time on this order.`)
  for (const a of c.attendance)
    if (a.offered !== null && a.kept !== null && a.offered > 0 && a.kept / a.offered < ATTENDANCE_WARNING)
      warnings.push(`${a.source}: kept ${a.kept} of ${a.offered} appointments.`)
  return warnings
}
