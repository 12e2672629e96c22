import type { Request, Response } from 'express'
import type { Services } from '../../services'
import type { PackActions, PackDocument } from '../../services/hearing/packService'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { PDF_UNAVAILABLE, PdfUnavailableError } from '../../services/hearing/pdfRenderer'
import { sendPackHtml, sendPackPdf } from './send'
import { packIssueRoutes } from './issue'

// A sentencer reads packs only for sittings they sit on (a 404 otherwise); other roles get a 403.
const readers = ['clerk', 'sentencer'] as const

/** Hearing packs: HTML (printable), PDF, and the clerk's "issue to the bench". */
export function packRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { packs } = services

  async function pdf(req: Request, res: Response, load: () => Promise<PackDocument>) {
    try {
      await sendPackPdf(res, await load())
    } catch (err) {
      if (!(err instanceof PdfUnavailableError)) throw err
      render(req, res, 'pages/error', { title: 'PDF is not available', status: 503, message: err.message }, 503)
    }
  }

  function actions(req: Request, res: Response, pdfHref: string, backHref: string, issueHref?: string): PackActions {
    const printable = packs.pdfAvailable()
    return {
      backHref,
      pdfHref: printable ? pdfHref : undefined,
      pdfUnavailable: printable ? undefined : PDF_UNAVAILABLE,
      issueHref: req.user!.role === 'clerk' ? issueHref : undefined,
      csrfToken: res.locals.csrfToken as string | undefined,
    }
  }

  route.get('/sittings/:id/pack', readers, async (req, res) => {
    const id = req.params.id
    const links = actions(req, res, paths.packs.sittingPdf(id), paths.sittings.show(id), paths.packs.issue(id))
    sendPackHtml(res, await packs.sittingPack(req.user!, id, { actions: links }))
  })

  route.get('/sittings/:id/pack.pdf', readers, async (req, res) => {
    await pdf(req, res, () => packs.sittingPack(req.user!, req.params.id, { pdf: true }))
  })

  route.get('/reviews/:id/pack', readers, async (req, res) => {
    const id = req.params.id
    const links = actions(req, res, paths.packs.reviewPdf(id), paths.home)
    sendPackHtml(res, await packs.reviewPack(req.user!, id, { actions: links }))
  })

  route.get('/reviews/:id/pack.pdf', readers, async (req, res) => {
    await pdf(req, res, () => packs.reviewPack(req.user!, req.params.id, { pdf: true }))
  })

  packIssueRoutes(route, services, render)
}
