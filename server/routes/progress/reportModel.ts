import type { ReportContext, ReportView } from '../../services/progress/reportService'
import type { ReportContent } from '../../services/progress/reportContent'
import { REPORT_TAGS } from '../sittings/courtListModel'
import { formatDate, formatDateTime } from '../../utils/dates'
import { RECOMMENDATIONS, TEST_METHODS, TEST_RESULTS, substanceName } from '../../content/labels'

// How a progress report, its history and the evidence beside it read on the pages.

export const recommendationItems = () => Object.entries(RECOMMENDATIONS).map(([value, text]) => ({ value, text }))

export const reportTag = (status: keyof typeof REPORT_TAGS) => REPORT_TAGS[status]

/** Free text keeps its line breaks: each line is shown as its own escaped line. */
const lines = (text: string | null) => (text && text.length ? text.split(/\r?\n/) : 'Not given')
const countText = (v: number | null) => (v === null ? 'Not given' : String(v))

export function contentRows(c: ReportContent) {
  return [
    { key: 'Attendance and compliance', value: lines(c.attendance) },
    { key: 'Appointments offered', value: countText(c.appointmentsOffered) },
    { key: 'Appointments kept', value: countText(c.appointmentsKept) },
    { key: 'Engagement', value: lines(c.engagement) },
    { key: 'Treatment', value: lines(c.treatment) },
    { key: 'Drug testing', value: lines(c.testing) },
    { key: 'New offending', value: lines(c.newOffending) },
    { key: 'Recommendation', value: c.recommendation ? RECOMMENDATIONS[c.recommendation] : 'Not given' },
    ...(c.recommendation === 'amend' ? [{ key: 'Proposed amendment', value: lines(c.proposedAmendment) }] : []),
  ]
}

export function versionCards(view: Pick<ReportView, 'versions'>) {
  return [...view.versions].reverse().map(v => ({
    title: `Version ${v.versionNumber}, submitted ${formatDateTime(v.submittedAt)}${v.late ? ' (late)' : ''}`,
    byline: v.submittedByName ? `By ${v.submittedByName}` : null,
    late: v.late,
    rows: contentRows(v.content),
    attributes: { 'data-qa': `version-${v.versionNumber}` },
  }))
}

export function evidence(ctx: ReportContext) {
  return {
    period: `${formatDate(ctx.from)} to ${formatDate(ctx.to)}`,
    drugTests: ctx.drugTests.map(t => ({
      date: formatDate(t.takenOn),
      method: TEST_METHODS[t.method] ?? t.method,
      organisationName: t.organisationName,
      results: Object.entries(t.results).map(([k, v]) => ({
        substance: k === 'other' && t.otherSubstance ? t.otherSubstance : substanceName(k),
        result: TEST_RESULTS[String(v)]?.toLowerCase() ?? String(v),
        positive: String(v) !== 'negative',
      })),
    })),
    providerUpdates: ctx.providerUpdates.map(p => ({
      ...p,
      updated: formatDateTime(p.updatedAt),
      treatmentLines: p.treatmentView ? p.treatmentView.split(/\r?\n/) : [],
      engagementLines: p.engagement ? p.engagement.split(/\r?\n/) : [],
    })),
  }
}
