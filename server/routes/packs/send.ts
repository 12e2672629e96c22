import type { Response } from 'express'
import type { PackDocument } from '../../services/hearing/packService'
import { packCss } from '../../services/hearing/packService'
import { pdfRenderer } from '../../services/hearing/pdfRenderer'

// In the PDF the running header and footer (with page numbers) come from Chromium, so the
// printed HTML footer sits at the end of the document rather than on every page.
const PDF_EXTRA_CSS = '@media print { .pack-footer { position: static; } }'

export function sendPackHtml(res: Response, doc: PackDocument) {
  res.setHeader('Cache-Control', 'no-store')
  res.status(200).type('html').send(doc.html)
}

/** Render and send a pack as PDF; a missing Chromium throws PdfUnavailableError (503) for the caller. */
export async function sendPackPdf(res: Response, doc: PackDocument) {
  const pdf = await pdfRenderer().render(doc.html, { css: `${packCss()}\n${PDF_EXTRA_CSS}` })
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Disposition', `inline; filename="${doc.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
  res.status(200).type('application/pdf').send(pdf)
}
