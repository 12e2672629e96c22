import type { PaperReviewItem } from '../../services/hearing/benchService'
import { paths } from '../../paths'
import { formatDate, formatDateTime } from '../../utils/dates'
import { RECOMMENDATION_TEXT } from '../progress/reportModel'

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
      value: c.recommendation ? (RECOMMENDATION_TEXT[c.recommendation] ?? c.recommendation) : 'Not given',
    },
  ]
  if (c.recommendation === 'amend') rows.push({ key: 'Proposed amendment', value: lines(c.proposedAmendment) })
  return {
    rows,
    byline: `Version ${report.versionNumber}, submitted ${formatDateTime(report.submittedAt)}${report.submittedByName ? ` by ${report.submittedByName}` : ''}${report.late ? ' (late)' : ''}`,
  }
}
