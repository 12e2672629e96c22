import fs from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../config'
import type { PdfRenderer } from './pdfRenderer'

// In the PDF the running header (the marking) and footer (page numbers) come from Chromium, so the
// printed HTML footer sits at the end of the document rather than on every page, and the marking
// is printed once a page, by the header, not again in the page's own header and footer.
export const PDF_EXTRA_CSS = '@media print { .pack-footer { position: static; } .pack-marking { display: none; } }'

/**
 * A pack as PDF, with the pack's print CSS (a page set from a string cannot load /assets), read
 * from `cssFile` when first printed.
 */
export function createPackPrinter(pdf: PdfRenderer, cssFile = path.join(projectRoot, 'assets/pack.css')) {
  let css: string | null = null
  return {
    /** False when Chromium is not installed: the page offers Print on the HTML instead. */
    available: () => pdf.available(),
    print: (html: string): Promise<Buffer> =>
      pdf.render(html, { css: `${(css ??= fs.readFileSync(cssFile, 'utf8'))}\n${PDF_EXTRA_CSS}` }),
  }
}

export type PackPrinter = ReturnType<typeof createPackPrinter>
