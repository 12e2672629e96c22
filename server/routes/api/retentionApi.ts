import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { PdfUnavailableError } from '../../services/hearing/pdfRenderer'
import { sendProblem } from './problem'

/** API.md, "The person": subject access (Data Protection Act 2018 s.45), for administrators; audited. */
export function retentionApi(api: DeclareApi, services: Services) {
  const { subjectAccess } = services
  api(
    {
      method: 'get',
      path: '/people/:id/export',
      access: ['admin'],
      summary:
        'Everything held about the person (DPA 2018 s.45) as a ZIP: a readable PDF, and JSON with every person-linked table’s rows for them, what is withheld and why, and their documents. Audited as export_subject_access; 503 if Chromium is not installed',
      produces: 'application/zip',
    },
    async (req, res) => {
      try {
        const { zip, filename } = await subjectAccess.exportZip(req.user!, req.params.id)
        res.type('application/zip').attachment(filename).send(zip)
      } catch (err) {
        if (!(err instanceof PdfUnavailableError)) throw err
        sendProblem(res, 503, err.message)
      }
    },
  )
}
