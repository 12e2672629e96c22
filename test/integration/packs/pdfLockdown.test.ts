import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { execFileSync } from 'node:child_process'
import {
  CHROMIUM_PATH,
  createPdfRenderer,
  withStyle,
  type PdfRenderer,
} from '../../../server/services/hearing/pdfRenderer'

const hasChromium = fs.existsSync(CHROMIUM_PATH)
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

// On a developer machine without Chromium (or poppler's pdftotext) these are skipped, saying so; in
// CI (.ci/run installs both) they always run, so a missing browser fails the build.
const canRender = (hasChromium && hasPdftotext) || Boolean(process.env.CI)
if (!canRender)
  console.warn(
    `PDF lockdown tests skipped: ${hasChromium ? '' : `no Chromium at ${CHROMIUM_PATH} `}` +
      `${hasPdftotext ? '' : 'no pdftotext '}(apt-get install chromium poppler-utils)`,
  )
const withChromium = canRender ? it : it.skip

function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-lockdown-'))
  try {
    fs.writeFileSync(path.join(dir, 'pack.pdf'), pdf)
    return execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'pack.pdf'), '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** A local HTTP server that counts every connection and request made to it. */
let server: http.Server
const seen = { connections: 0, requests: [] as string[] }
let base = ''
let renderer: PdfRenderer

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.requests.push(`${req.method} ${req.url}`)
    res.setHeader('Content-Type', req.url?.endsWith('.css') ? 'text/css' : 'image/svg+xml')
    res.end(req.url?.endsWith('.css') ? 'body { color: red }' : '<svg xmlns="http://www.w3.org/2000/svg"/>')
  })
  server.on('connection', () => (seen.connections += 1))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  renderer = createPdfRenderer({ timeoutMs: 20000 })
})

afterAll(async () => {
  await renderer.close()
  await new Promise(resolve => server.close(resolve))
})

beforeEach(() => {
  seen.connections = 0
  seen.requests = []
})

/** Anything a connection or request made during the render has time to arrive. */
const settle = () => new Promise(resolve => setTimeout(resolve, 300))

describe('the PDF browser is locked down', () => {
  withChromium(
    'ASVS 5.0 15.2.5: when a pack holds a <script> that writes into the page, then the PDF has the pack’s text and not the script’s',
    async () => {
      const html =
        '<!DOCTYPE html><html><head><title>Pack</title></head><body><p>Pack text before</p>' +
        "<script>document.body.insertAdjacentHTML('beforeend', '<p>Written by a script</p>')</script>" +
        '<script>document.title = "x"; document.write("<p>Written by document.write</p>")</script>' +
        '<p>Pack text after</p></body></html>'

      const text = pdfText(await renderer.render(html))

      expect(text).toContain('Pack text before')
      expect(text).toContain('Pack text after')
      expect(text).toContain('OFFICIAL-SENSITIVE')
      expect(text).not.toContain('Written by')
    },
  )

  withChromium(
    'ASVS 5.0 1.3.6: when a pack points at another server (img, stylesheet, @import, CSS url, font, iframe, object, prefetch, preconnect, meta refresh, script src, fetch), then that server receives no connection and no request, and the PDF is still made',
    async () => {
      const at = (p: string) => `${base}${p}`
      const local = at('').replace('127.0.0.1', 'localhost')
      const html =
        '<!DOCTYPE html><html><head><title>Pack</title>' +
        `<link rel="stylesheet" href="${at('/link.css')}">` +
        `<link rel="stylesheet" href="${local}/localhost.css">` +
        `<link rel="prefetch" href="${at('/prefetch')}"><link rel="preload" as="image" href="${at('/preload.svg')}">` +
        `<link rel="preconnect" href="${at('/')}"><link rel="dns-prefetch" href="${local}/">` +
        `<link rel="icon" href="${at('/favicon.svg')}">` +
        `<style>@import url("${at('/import.css')}"); body { background: url("${at('/background.svg')}") }` +
        `@font-face { font-family: Remote; src: url("${at('/font.woff2')}") } p { font-family: Remote }</style>` +
        `<meta http-equiv="refresh" content="0;url=${at('/refresh')}">` +
        `<script src="${at('/script.js')}"></script>` +
        `</head><body><p>Pack text</p><img src="${at('/img.svg')}" alt="">` +
        `<img srcset="${at('/srcset.svg')} 1x" alt=""><iframe src="${at('/iframe')}"></iframe>` +
        `<object data="${at('/object')}"></object><video poster="${at('/poster.svg')}"></video>` +
        `<svg><image href="${at('/svg-image.svg')}"/></svg>` +
        `<script>fetch("${at('/fetch')}"); new Image().src = "${at('/script-image.svg')}"</script>` +
        '</body></html>'

      const pdf = await renderer.render(html)
      await settle()

      expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF')
      expect(pdfText(pdf)).toContain('Pack text')
      expect(seen).toEqual({ connections: 0, requests: [] })
    },
  )

  withChromium(
    'ASVS 5.0 1.3.6: when the local server is asked for directly, then it answers (so the zero above is the lockdown, not a dead server)',
    async () => {
      const res = await fetch(`${base}/img.svg`)
      await res.text()

      expect(res.status).toBe(200)
      expect(seen.requests).toEqual(['GET /img.svg'])
    },
  )

  withChromium(
    'when the pack’s print CSS is given, then it still applies with scripts off (it is written into the page, not added by a script)',
    async () => {
      const html =
        '<!DOCTYPE html><html><head><title>Pack</title></head><body><p>Shown</p>' +
        '<p class="screen-only">Hidden by the print CSS</p></body></html>'

      const text = pdfText(await renderer.render(html, { css: '.screen-only { display: none }' }))

      expect(text).toContain('Shown')
      expect(text).not.toContain('Hidden by the print CSS')
    },
  )
})

describe('withStyle', () => {
  it('puts the CSS at the end of the head, where addStyleTag would, and cannot close its own <style> early', () => {
    expect(withStyle('<html><head><title>t</title></HEAD><body>x</body></html>', 'p{}')).toBe(
      '<html><head><title>t</title><style>p{}</style></HEAD><body>x</body></html>',
    )
    expect(withStyle('<p>no head</p>', 'p{}')).toBe('<p>no head</p><style>p{}</style>')
    expect(withStyle('<p>x</p>', undefined)).toBe('<p>x</p>')
    expect(withStyle('<head></head>', 'a{}</style><script>x</script>')).toBe(
      '<head><style>a{}<\\/style><script>x</script></style></head>',
    )
  })
})
