import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { projectRoot } from '../../../../server/config'
import { createPackPrinter } from '../../../../server/services/hearing/packPrinter'
import type { PdfOptions, PdfRenderer } from '../../../../server/services/hearing/pdfRenderer'

/** A renderer that records what it was asked to print. */
function fakeRenderer(available = true) {
  const printed: { html: string; opts?: PdfOptions }[] = []
  const renderer: PdfRenderer = {
    render: async (html, opts) => {
      printed.push({ html, opts })
      return Buffer.from('%PDF-fake')
    },
    available: () => available,
    close: async () => undefined,
  }
  return { renderer, printed }
}

describe('the pack printer', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-css-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('when a pack is printed, then the pack’s CSS goes with it, read once, the footer is not fixed and the page’s own marking is hidden (the PDF header prints it)', async () => {
    const cssFile = path.join(dir, 'pack.css')
    fs.writeFileSync(cssFile, '.pack { color: black }')
    const { renderer, printed } = fakeRenderer()
    const printer = createPackPrinter(renderer, cssFile)

    expect((await printer.print('<p>one</p>')).toString()).toBe('%PDF-fake')
    fs.writeFileSync(cssFile, 'changed')
    await printer.print('<p>two</p>')

    expect(printed.map(p => p.html)).toEqual(['<p>one</p>', '<p>two</p>'])
    for (const p of printed)
      expect(p.opts?.css).toBe(
        '.pack { color: black }\n@media print { .pack-footer { position: static; } .pack-marking { display: none; } }',
      )
  })

  it('when Chromium is not installed, then the printer says so', () => {
    expect(createPackPrinter(fakeRenderer(false).renderer).available()).toBe(false)
    expect(createPackPrinter(fakeRenderer(true).renderer).available()).toBe(true)
  })

  it('when no CSS file is named, then it prints with the project’s pack CSS', async () => {
    const { renderer, printed } = fakeRenderer()
    await createPackPrinter(renderer).print('<p/>')
    const packCss = fs.readFileSync(path.join(projectRoot, 'assets/pack.css'), 'utf8')
    expect(packCss.length).toBeGreaterThan(0)
    expect(printed[0].opts?.css?.startsWith(`${packCss}\n`)).toBe(true)
  })
})
