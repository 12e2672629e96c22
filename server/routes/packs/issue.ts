import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { NotFoundError } from '../../errors'
import { formatDate, formatTime } from '../../utils/dates'
import { flash, str } from '../forms'

const clerk = ['clerk'] as const

/**
 * "Issue to the bench": the pack goes at once when every report is in. When the pack warns that reports
 * are missing, the clerk first sees which (GOV.UK warning text) and confirms issuing without them.
 */
export function packIssueRoutes(route: RouteDeclarer, services: Services, render: Render) {
  /** The sitting's reviews whose progress report has not been submitted: what the pack warns of. */
  async function missingReports(req: Request, sittingId: string) {
    const sitting = await services.sittings.find(sittingId)
    if (!sitting) throw new NotFoundError('Sitting not found')
    const rows = await services.notes.missingReports(req.user!, {
      courtId: sitting.courtId,
      from: sitting.date,
      to: sitting.date,
    })
    return { sitting, missing: rows.filter(r => r.sittingId === sitting.id) }
  }

  route.get('/sittings/:id/pack/issue', clerk, async (req, res) => {
    const { sitting, missing } = await missingReports(req, req.params.id)
    render(req, res, 'pages/packs/issue-confirm', {
      title: missing.length ? 'Issue the pack without these reports?' : 'Issue the pack to the bench',
      caption: `${formatDate(sitting.date)}, ${formatTime(sitting.startsAt)}, courtroom ${sitting.courtroom}`,
      missing: missing.map(m => ({
        personName: m.personName,
        crn: m.crn,
        status:
          { draft: 'draft not yet submitted', late: 'overdue, not submitted' }[m.reportStatus as string] ??
          'no report started',
      })),
      warning: missing.length
        ? `${missing.length === 1 ? '1 progress report is' : `${missing.length} progress reports are`} missing. The bench will see a warning in the pack for each.`
        : null,
      buttonText: missing.length ? 'Issue to the bench without them' : 'Issue to the bench',
      action: paths.packs.issue(sitting.id),
      packHref: paths.packs.sitting(sitting.id),
      missingHref: `${paths.reports.missing}?${new URLSearchParams({ court: sitting.courtId, from: sitting.date, to: sitting.date }).toString()}`,
    })
  })

  route.post('/sittings/:id/pack/issue', clerk, async (req, res) => {
    const id = req.params.id
    if (str(req.body?.confirm) !== 'yes' && (await missingReports(req, id)).missing.length)
      return res.redirect(303, paths.packs.issue(id))
    const { version, created } = await services.packs.issue(req.user!, id)
    flash(
      req,
      created
        ? `Hearing pack version ${version} issued to the bench.`
        : `The pack has not changed since version ${version} was issued, so no new version was made.`,
    )
    res.redirect(303, paths.sittings.show(id))
  })
}
