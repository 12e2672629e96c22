import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { formatDate, formatDateTime } from '../../utils/dates'
import { reportTag } from './reportModel'
import { reportPages } from './reportPages'

/** Probation's home ("My caseload") and the progress report pages. */
export function progressRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.caseload, ['probation'], async (req, res) => {
    const rows = await services.reports.caseload(req.user!)
    render(req, res, 'pages/progress/caseload', {
      title: 'My caseload',
      caseRows: rows.map(r => ({
        personName: r.personName,
        personHref: paths.people.show(r.personId),
        crn: r.crn,
        caseReference: r.caseReference,
        requirementKind: r.requirementKind,
        breachProceedings: r.breachProceedings,
        nextReview: r.review ? formatDate(r.review.reviewDate) : 'No review to come',
        paper: r.review?.mode === 'paper',
        dueAt: r.review?.reportDueAt ? formatDateTime(r.review.reportDueAt) : null,
        tag: r.reportStatus ? reportTag(r.reportStatus) : null,
        overdue: r.overdue,
        reportHref: r.review ? paths.reports.edit(r.review.id) : null,
        reportLinkText: r.reportStatus === 'submitted' || r.reportStatus === 'late' ? 'Change report' : 'Write report',
        // Issue 23: the person's own words for the same review.
        statementHref: r.review ? paths.statements.record(r.review.id) : null,
        reviewId: r.review?.id ?? r.requirementId,
      })),
    })
  })
  reportPages(route, services, render)
}
