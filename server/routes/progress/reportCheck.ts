import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { NotFoundError } from '../../errors'
import { formatDate } from '../../utils/dates'
import { flash, keepForm, takeForm } from '../forms'
import { parseReportForm } from './reportForm'
import { checkRows } from './reportModel'

// The officer's answers between "Submit report" and confirming them: kept in the session, never stored.
const pendingKey = (reviewId: string) => `report-pending-${reviewId}`

export const pendingOf = (req: Request, reviewId: string) => req.session.forms?.[pendingKey(reviewId)]?.values ?? null

export function keepPending(req: Request, reviewId: string, values: Record<string, unknown>) {
  req.session.forms = { ...(req.session.forms ?? {}), [pendingKey(reviewId)]: { errors: {}, values } }
}

export function dropPending(req: Request, reviewId: string) {
  if (req.session.forms) delete req.session.forms[pendingKey(reviewId)]
}

/** GOV.UK "check answers" for a progress report: every section with a Change link, then submit. */
export function reportCheckPages(route: RouteDeclarer, services: Services, render: Render) {
  const { reports } = services

  route.get('/reviews/:id/report/check', ['probation'], async (req, res) => {
    const id = req.params.id
    const values = pendingOf(req, id)
    if (!values) {
      // Nothing waiting to check: to the form, if the report is theirs to write (else a 404 here).
      if (!(await reports.forReview(req.user!, id)).canEdit) throw new NotFoundError('Report not found')
      return res.redirect(303, paths.reports.edit(id))
    }
    let checked: Awaited<ReturnType<typeof reports.checkSubmission>>
    try {
      checked = await reports.checkSubmission(req.user!, id, parseReportForm(values).input)
    } catch (err) {
      // The rules or the review changed since the form was sent: back to the form, answers and errors kept.
      keepForm(req, `report-${id}`, err, values)
      return res.redirect(303, paths.reports.edit(id))
    }
    render(req, res, 'pages/progress/report-check', {
      title: 'Check your report before submitting it',
      personName: checked.person.name,
      crn: checked.person.crn,
      reviewDate: formatDate(checked.review.reviewDate),
      rows: checkRows(checked.content, values, paths.reports.edit(id)),
      listAttributes: { 'data-qa': 'check-answers' },
      nextVersion: checked.submittedVersion + 1,
      form: takeForm(req, `report-check-${id}`),
      action: paths.reports.check(id),
      backHref: paths.reports.edit(id),
    })
  })

  route.post('/reviews/:id/report/check', ['probation'], async (req, res) => {
    const id = req.params.id
    const values = pendingOf(req, id)
    // Nothing waiting: already submitted (a second click, another tab) or never checked. Nothing is stored twice;
    // someone else's review is a 404, as everywhere.
    if (!values) {
      if (!(await reports.forReview(req.user!, id)).canEdit) throw new NotFoundError('Report not found')
      return res.redirect(303, paths.reports.show(id))
    }
    const { input } = parseReportForm(values)
    let saved: Awaited<ReturnType<typeof reports.save>>
    try {
      saved = await reports.save(req.user!, id, { ...input, submit: true })
    } catch (err) {
      keepForm(req, `report-${id}`, err, values)
      return res.redirect(303, paths.reports.edit(id))
    }
    dropPending(req, id)
    const n = saved.report!.submittedVersion
    flash(req, n > 1 ? `Report amended: version ${n} submitted to the court.` : 'Report submitted to the court.')
    res.redirect(303, paths.reports.show(id))
  })
}
