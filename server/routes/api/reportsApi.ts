import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { NotFoundError } from '../../errors'
import type { ReportView } from '../../services/progress/reportService'
import { reportInput } from '../../services/progress/reportContent'
import { toLocalIso } from '../../utils/dates'

const localOrNull = (instant: string | null | undefined) => (instant ? toLocalIso(instant) : null)

/** A report as the API shows it: the officer sees their working copy, everyone else what was submitted. */
function reportOut(
  view: Pick<ReportView, 'review' | 'report' | 'current' | 'versions' | 'status' | 'late' | 'amended'>,
) {
  const report = view.report!
  const current = view.current!
  const latest = view.versions[view.versions.length - 1]
  return {
    id: report.id,
    reviewId: view.review.id,
    status: report.status,
    reportStatus: view.status,
    submittedAt: localOrNull(report.submittedAt),
    lastSubmittedAt: localOrNull(latest?.submittedAt),
    dueAt: localOrNull(view.review.reportDueAt),
    late: view.late,
    amended: view.amended,
    version: report.submittedVersion,
    attendance: current.attendance,
    appointmentsOffered: current.appointmentsOffered,
    appointmentsKept: current.appointmentsKept,
    engagement: current.engagement,
    treatment: current.treatment,
    testing: current.testing,
    newOffending: current.newOffending,
    recommendation: current.recommendation,
    proposedAmendment: current.proposedAmendment,
    versions: view.versions.map(v => ({
      version: v.versionNumber,
      submittedAt: toLocalIso(v.submittedAt),
      late: v.late,
    })),
  }
}

export function reportsApi(api: DeclareApi, services: Services) {
  const { reports } = services

  api(
    {
      method: 'put',
      path: '/reviews/:id/report',
      access: ['probation'],
      summary:
        'Save (submit: false) or submit (submit: true) the progress report for a review; responsible officer only',
      body: reportInput,
    },
    async (req, res) => {
      res.json(reportOut(await reports.save(req.user!, req.params.id, req.body)))
    },
  )

  api(
    {
      method: 'get',
      path: '/reviews/:id/report',
      access: ['probation', 'clerk'],
      summary: 'The progress report for a review (a clerk sees the last submitted version) with its version history',
    },
    async (req, res) => {
      const view = await reports.forReview(req.user!, req.params.id)
      if (!view.report || !view.current) throw new NotFoundError('No report for this review')
      res.json(reportOut(view))
    },
  )
}
