import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { NotFoundError } from '../../errors'
import { formatDate, formatDateTime } from '../../utils/dates'
import { flash, keepForm, takeForm } from '../forms'
import { parseReportForm, REPORT_TEXT_MAX } from './reportForm'
import { contentRows, evidence, recommendationItems, reportTag, versionCards } from './reportModel'
import { dropPending, pendingOf, keepPending, reportCheckPages } from './reportCheck'

const formKey = (reviewId: string) => `report-${reviewId}`
const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v))

export function reportPages(route: RouteDeclarer, services: Services, render: Render) {
  const { reports } = services
  reportCheckPages(route, services, render)

  route.get('/reviews/:id/report', ['probation'], async (req, res) => {
    const view = await reports.forReview(req.user!, req.params.id)
    // A manager may read the team's reports; only the responsible officer writes one.
    if (!view.canEdit) throw new NotFoundError('Report not found')
    const ctx = await reports.context(req.user!, req.params.id)
    const form = takeForm(req, formKey(view.review.id))
    const saved = view.report
    const provider = ctx.providerUpdates.find(p => p.appointmentsOffered !== null || p.appointmentsKept !== null)
    // Kept answers first (a mistake, or "Change" from checking them), then what was saved.
    const values = Object.keys(form.values).length
      ? form.values
      : (pendingOf(req, view.review.id) ?? {
          attendance: asText(saved?.attendance),
          engagement: asText(saved?.engagement),
          treatment: asText(saved?.treatment),
          testing: asText(saved?.testing),
          newOffending: asText(saved?.newOffending),
          recommendation: asText(saved?.recommendation),
          proposedAmendment: asText(saved?.proposedAmendment),
          appointmentsOffered: asText(saved ? saved.appointmentsOffered : provider?.appointmentsOffered),
          appointmentsKept: asText(saved ? saved.appointmentsKept : provider?.appointmentsKept),
        })
    render(req, res, 'pages/progress/report-form', {
      title: 'Progress report',
      personName: view.person.name,
      crn: view.person.crn,
      reviewDate: formatDate(view.review.reviewDate),
      dueAt: view.review.reportDueAt ? formatDateTime(view.review.reportDueAt) : null,
      tag: reportTag(view.status),
      submittedVersion: view.report?.submittedVersion ?? 0,
      changedSinceSubmission: view.changedSinceSubmission,
      form,
      values,
      recommendationItems: recommendationItems('proposed-amendment'),
      maxText: REPORT_TEXT_MAX,
      ...evidence(ctx),
      action: paths.reports.edit(view.review.id),
      viewHref: paths.reports.show(view.review.id),
      backHref: paths.caseload,
    })
  })

  // "Submit report" checks the answers by the submission's rules and shows them back before anything is
  // sent (GOV.UK "check answers"); "Save draft" stores them as they are, without that step.
  route.post('/reviews/:id/report', ['probation'], async (req, res) => {
    const { input, values } = parseReportForm(req.body ?? {})
    const id = req.params.id
    try {
      if (input.submit) await reports.checkSubmission(req.user!, id, input)
      else await reports.save(req.user!, id, input)
    } catch (err) {
      keepForm(req, formKey(id), err, values)
      return res.redirect(303, paths.reports.edit(id))
    }
    if (input.submit) {
      keepPending(req, id, values)
      return res.redirect(303, paths.reports.check(id))
    }
    dropPending(req, id)
    flash(req, 'Draft saved. The court cannot see it until you submit it.')
    res.redirect(303, paths.reports.edit(id))
  })

  route.get('/reviews/:id/report/view', ['probation', 'clerk'], async (req, res) => {
    const view = await reports.forReview(req.user!, req.params.id)
    const { providerUpdates } = evidence(await reports.context(req.user!, req.params.id))
    render(req, res, 'pages/progress/report-view', {
      providerUpdates,
      title: 'Progress report',
      personName: view.person.name,
      crn: view.person.crn,
      reviewDate: formatDate(view.review.reviewDate),
      dueAt: view.review.reportDueAt ? formatDateTime(view.review.reportDueAt) : null,
      tag: reportTag(view.status),
      amended: view.amended,
      late: view.late,
      hasCurrent: view.versions.length > 0,
      currentRows: view.versions.length ? contentRows(view.versions[view.versions.length - 1].content) : [],
      draftOnly: !view.versions.length && Boolean(view.report),
      changedSinceSubmission: view.changedSinceSubmission && view.canEdit,
      versions: versionCards(view),
      editHref: view.canEdit ? paths.reports.edit(view.review.id) : null,
      currentAttributes: { 'data-qa': 'current-report' },
    })
  })
}
