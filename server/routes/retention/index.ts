import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { PdfUnavailableError } from '../../services/hearing/pdfRenderer'
import { flash, keepForm, str, takeForm } from '../forms'
import { dueModel, holdModel, settingsModel } from './retentionModel'

const admin = ['admin'] as const

/**
 * Retention and subject access for administrators (Data Protection Act 2018 Part 3): the records due for
 * deletion (s.39(2): periodic review), the periods (s.39(1)), legal holds (s.47(2)), and everything held
 * about a person as a ZIP (s.45). Thin: each handler reads the form, calls one service, renders.
 */
export function retentionRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { retention, subjectAccess } = services

  route.get(paths.retention.due, admin, async (req, res) => {
    render(req, res, 'pages/retention/due', {
      title: 'Records due for deletion',
      ...dueModel(await retention.due(req.user!)),
    })
  })

  route.get(paths.retention.settings, admin, async (req, res) => {
    const rows = await retention.settingRows(req.user!)
    const form = takeForm(req, 'retention-settings')
    render(req, res, 'pages/retention/settings', { title: 'How long records are kept', ...settingsModel(rows, form) })
  })

  route.post(paths.retention.settings, admin, async (req, res) => {
    const values = Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, str(v)]))
    try {
      await retention.updateSettings(req.user!, values)
      flash(req, 'Retention periods saved. The daily job uses them from its next run.')
      res.redirect(303, paths.retention.due)
    } catch (err) {
      keepForm(req, 'retention-settings', err, values)
      res.redirect(303, paths.retention.settings)
    }
  })

  route.get('/admin/retention/people/:id', admin, async (req, res) => {
    const holds = await retention.holds(req.user!, req.params.id)
    const form = takeForm(req, `legal-hold-${holds.person.id}`)
    render(req, res, 'pages/retention/hold', { title: `Legal hold: ${holds.person.name}`, ...holdModel(holds, form) })
  })

  route.post('/admin/retention/people/:id/hold', admin, async (req, res) => {
    const id = req.params.id
    const values = { reason: str(req.body.reason) }
    try {
      await retention.placeHold(req.user!, id, values.reason)
      flash(req, 'Legal hold placed. Nothing of this person’s is deleted or anonymised until it is lifted.')
      res.redirect(303, paths.retention.person(id))
    } catch (err) {
      keepForm(req, `legal-hold-${id}`, err, values)
      res.redirect(303, paths.retention.person(id))
    }
  })

  route.post('/admin/retention/people/:id/hold/lift', admin, async (req, res) => {
    const id = req.params.id
    const values = { liftReason: str(req.body.liftReason) }
    try {
      await retention.liftHold(req.user!, id, values.liftReason)
      flash(req, 'Legal hold lifted. Records past their date go at the next daily run.')
      res.redirect(303, paths.retention.person(id))
    } catch (err) {
      keepForm(req, `legal-hold-${id}`, err, values)
      res.redirect(303, paths.retention.person(id))
    }
  })

  // A download, like the pack's PDF: a GET, recorded in the audit log by the service before it is made.
  route.get('/people/:id/subject-access.zip', admin, async (req, res) => {
    try {
      const { zip, filename } = await subjectAccess.exportZip(req.user!, req.params.id)
      res.type('application/zip').attachment(filename).send(zip)
    } catch (err) {
      if (!(err instanceof PdfUnavailableError)) throw err
      render(req, res, 'pages/error', { title: 'PDF is not available', status: 503, message: err.message }, 503)
    }
  })
}
