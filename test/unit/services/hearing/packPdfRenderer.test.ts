import fs from 'node:fs'
import {
  CHROMIUM_PATH,
  PdfTimeoutError,
  PdfUnavailableError,
  createPdfRenderer,
} from '../../../../server/services/hearing/pdfRenderer'

const withChromium = fs.existsSync(CHROMIUM_PATH) ? it : it.skip

describe('the PDF renderer', () => {
  it('refuses with a typed 503 error when Chromium is not installed', async () => {
    const renderer = createPdfRenderer({ executablePath: '/nonexistent/chromium' })
    expect(renderer.available()).toBe(false)
    const err = await renderer.render('<p>hello</p>').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PdfUnavailableError)
    expect((err as PdfUnavailableError).status).toBe(503)
  })

  withChromium('renders with one warm browser, relaunches after it is closed, and times out', async () => {
    const renderer = createPdfRenderer({ timeoutMs: 10000 })
    try {
      const pdfs = await Promise.all([1, 2, 3].map(n => renderer.render(`<p>page ${n}</p>`)))
      for (const pdf of pdfs) expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF')
      await renderer.close()
      expect((await renderer.render('<p>again</p>')).subarray(0, 4).toString('latin1')).toBe('%PDF')
    } finally {
      await renderer.close()
    }
    const slow = createPdfRenderer({ timeoutMs: 1 })
    try {
      await expect(slow.render('<p>slow</p>')).rejects.toBeInstanceOf(PdfTimeoutError)
    } finally {
      await slow.close()
    }
  })
})
