import type { Response } from 'express'
import type { PackDocument } from '../../services/hearing/packService'

export function sendPackHtml(res: Response, doc: PackDocument) {
  res.setHeader('Cache-Control', 'no-store')
  res
    .status(200)
    .type('html')
    .send(doc.bytes ?? doc.html)
}

/** Send a pack read with `{ pdf: true }` (a missing Chromium threw PdfUnavailableError, 503, before this). */
export async function sendPackPdf(res: Response, doc: PackDocument) {
  const pdf = doc.pdf
  if (!pdf) throw new Error('The pack was not read as PDF')
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Disposition', `inline; filename="${doc.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
  res.status(200).type('application/pdf').send(pdf)
}
