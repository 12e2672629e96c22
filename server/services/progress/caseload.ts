import type { CaseloadRequirement, ClientPerson } from '../../data/caseloadRepository'
import { OPEN_STATUSES, type ReviewRow } from '../../data/reviewRepository'
import type { ReportStatus } from '../scheduling/listingService'

// The two agencies' worklists, assembled from their rows: which review is next, and what is most urgent.

type ReportState = { status: string; submittedAt: string | null }

/** Each requirement's next open review: the earliest by date, then by sequence. */
export function nextOpenReviews(reviews: ReviewRow[]): Map<string, ReviewRow> {
  const open = reviews
    .filter(r => (OPEN_STATUSES as readonly string[]).includes(r.status))
    .sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || a.sequence - b.sequence)
  const next = new Map<string, ReviewRow>()
  for (const r of open) if (!next.has(r.requirementId)) next.set(r.requirementId, r)
  return next
}

/** One row per requirement: overdue first, then by when the report is due (else the review), then by name. */
export function caseloadRows(
  requirements: CaseloadRequirement[],
  next: Map<string, ReviewRow>,
  reports: Map<string, ReportState>,
  reportStatus: (review: ReviewRow, report: ReportState | undefined) => ReportStatus,
) {
  const rows = requirements.map(q => {
    const review = next.get(q.id) ?? null
    const report = review ? reports.get(review.id) : undefined
    const status = review ? reportStatus(review, report) : null
    return {
      requirementId: q.id,
      requirementKind: q.kind as string,
      personId: q.personId,
      personName: q.personName,
      crn: q.crn,
      caseReference: q.caseReference,
      breachProceedings: q.breachProceedings,
      review,
      reportStatus: status,
      // Overdue: the due time has passed and nothing has been submitted.
      overdue: status === 'late' && report?.status !== 'submitted',
    }
  })
  const due = (r: (typeof rows)[number]) => r.review?.reportDueAt ?? r.review?.reviewDate ?? '9999'
  return rows.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) || due(a).localeCompare(due(b)) || a.personName.localeCompare(b.personName),
  )
}

export type CaseloadRow = ReturnType<typeof caseloadRows>[number]

/**
 * The provider's clients: each with their next open review and whether the organisation's update for
 * it is in (`sent`: review id to when), the soonest report due first, then by name.
 */
export function clientRows(people: ClientPerson[], next: Map<string, ReviewRow>, sent: Map<string, string>) {
  return people
    .map(p => {
      const review = next.get(p.id) ?? null
      return {
        person: { id: p.id, name: p.name, crn: p.crn },
        review,
        reportDueAt: review?.reportDueAt ?? null,
        update: review ? { wanted: true, receivedAt: sent.get(review.id) ?? null } : null,
      }
    })
    .sort(
      (a, b) =>
        (a.reportDueAt ?? '9999').localeCompare(b.reportDueAt ?? '9999') || a.person.name.localeCompare(b.person.name),
    )
}
