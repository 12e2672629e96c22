import type { PaperReviewItem } from '../../data/paperReviewRepository'
import type { PackCase } from '../../services/hearing/packModel'
import { paths } from '../../paths'
import { formatDate, formatDateTime } from '../../utils/dates'
import { RECOMMENDATIONS } from '../../content/labels'

/** A paper review as a row of the queue. */
export const queueRow = (r: PaperReviewItem) => ({
  reviewId: r.reviewId,
  href: paths.sentencer.paperReview(r.reviewId),
  personName: r.personName,
  crn: r.crn,
  courtName: r.courtName,
  review: `Review ${r.sequence}`,
  due: formatDate(r.reviewDate),
  report: r.report
    ? { text: r.report.late ? 'Submitted late' : 'Submitted', colour: r.report.late ? 'orange' : 'green' }
    : { text: 'No report yet', colour: 'grey' },
})

/** Free text keeps its line breaks: each line is escaped by the template. */
const lines = (text: string | null | undefined) => (text && text.length ? text.split(/\r?\n/) : 'Not given')

/** The submitted report as summary list rows, or null when there is none. */
export function reportRows(r: PaperReviewItem) {
  const report = r.report
  if (!report) return null
  const c = report.content
  const appointments =
    c.appointmentsOffered === null || c.appointmentsOffered === undefined
      ? 'Not given'
      : `${c.appointmentsKept ?? 0} of ${c.appointmentsOffered} kept`
  const rows = [
    { key: 'Attendance', value: lines(c.attendance) },
    { key: 'Appointments', value: appointments },
    { key: 'Engagement', value: lines(c.engagement) },
    { key: 'Treatment', value: lines(c.treatment) },
    { key: 'Drug testing', value: lines(c.testing) },
    { key: 'New offending', value: lines(c.newOffending) },
    {
      key: 'Recommendation',
      value: c.recommendation ? (RECOMMENDATIONS[c.recommendation] ?? c.recommendation) : 'Not given',
    },
  ]
  if (c.recommendation === 'amend') rows.push({ key: 'Proposed amendment', value: lines(c.proposedAmendment) })
  return {
    rows,
    byline: `Version ${report.versionNumber}, submitted ${formatDateTime(report.submittedAt)}${report.submittedByName ? ` by ${report.submittedByName}` : ''}${report.late ? ' (late)' : ''}`,
  }
}

/** What a decision on the papers rests on (Sch 9 para 21(2)(d)-(e)), from the pack's model of the case. */
export function caseRecord(c: PackCase) {
  return {
    // The person's own words come first (issue 23).
    statement: c.statement,
    warnings: c.warnings,
    timeline: c.timeline.map(t => ({
      label: `${t.status}${t.decision ? `: ${t.decision}` : ''}`,
      byline: t.bench,
      date: t.date,
      text: [
        ...(t.progress ? [`Progress: ${t.progress}. Attended: ${t.attended}.`] : []),
        ...(t.benchComments ? [`The bench’s words: ${t.benchComments}`] : ['No words from the bench recorded.']),
      ],
    })),
    providerViews: c.providerViews.map(v => ({
      rows: [
        { key: 'Provider', value: v.organisation ?? 'Not given' },
        { key: 'Treatment', value: lines(v.treatmentView) },
        { key: 'Engagement', value: lines(v.engagement) },
        { key: 'Updated', value: formatDateTime(v.updatedAt) },
      ],
    })),
    attendance: c.attendance.map(a => ({
      key: a.source,
      value: a.offered !== null ? `Kept ${a.kept ?? 0} of ${a.offered} appointments offered` : `Kept ${a.kept ?? 0}`,
    })),
    sinceLabel: c.sinceLabel,
    tests: c.testsSince.map(t => ({
      date: t.date,
      method: t.method,
      results: t.results.map(r => `${r.substance}: ${r.result}`).join('; '),
      positive: t.results.some(r => r.positive),
    })),
    chart: c.chart,
    /** Warrants, breaches, missed hearings, amendments and applications, as the pack shows them. */
    enforcement: c.enforcement,
  }
}
