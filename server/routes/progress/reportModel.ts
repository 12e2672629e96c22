import type { ReportContext, ReportView } from '../../services/progress/reportService'
import type { ReportContent } from '../../services/progress/reportContent'
import { REPORT_TAGS } from '../sittings/courtListModel'
import { formatDate, formatDateTime } from '../../utils/dates'
import { RECOMMENDATIONS, TEST_METHODS, TEST_RESULTS, substanceName } from '../../content/labels'

// How a progress report, its history and the evidence beside it read on the pages.

/** The recommendations as radios; "Amend the order" reveals the proposed amendment (the page's inline partial). */
export const recommendationItems = (amendReveal?: string) =>
  Object.entries(RECOMMENDATIONS).map(([value, text]) => ({
    value,
    text,
    ...(value === 'amend' && amendReveal ? { conditional: amendReveal } : {}),
  }))

export const reportTag = (status: keyof typeof REPORT_TAGS) => REPORT_TAGS[status]

/** Free text keeps its line breaks: each line is shown as its own escaped line. */
const lines = (text: string | null) => (text && text.length ? text.split(/\r?\n/) : 'Not given')
const countText = (v: number | null) => (v === null ? 'Not given' : String(v))

/** The report's sections as summary list rows; `field` is the form field each comes from. */
export function contentRows(c: ReportContent) {
  return [
    { key: 'Attendance and compliance', value: lines(c.attendance), field: 'attendance' },
    { key: 'Appointments offered', value: countText(c.appointmentsOffered), field: 'appointmentsOffered' },
    { key: 'Appointments kept', value: countText(c.appointmentsKept), field: 'appointmentsKept' },
    { key: 'Engagement', value: lines(c.engagement), field: 'engagement' },
    { key: 'Treatment', value: lines(c.treatment), field: 'treatment' },
    { key: 'Drug testing', value: lines(c.testing), field: 'testing' },
    { key: 'New offending', value: lines(c.newOffending), field: 'newOffending' },
    {
      key: 'Recommendation',
      value: c.recommendation ? RECOMMENDATIONS[c.recommendation] : 'Not given',
      field: 'recommendation',
    },
    ...(c.recommendation === 'amend'
      ? [{ key: 'Proposed amendment', value: lines(c.proposedAmendment), field: 'proposedAmendment' }]
      : []),
  ]
}

/**
 * "Check your answers": each section with a Change link to its field on the form (the answers are
 * kept). A count left blank shows the provider's figure it takes, and says so.
 */
export function checkRows(c: ReportContent, typed: Record<string, unknown>, editHref: string) {
  return contentRows(c).map(row => {
    const fromProvider =
      (row.field === 'appointmentsOffered' || row.field === 'appointmentsKept') &&
      !typed[row.field] &&
      c[row.field] !== null
    return {
      ...row,
      value: fromProvider ? `${String(row.value)} (the provider’s figure)` : row.value,
      href: `${editHref}#${row.field}`,
      visuallyHiddenText: row.key.toLowerCase(),
    }
  })
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
      corrected: t.corrected,
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
