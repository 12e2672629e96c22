import fs from 'node:fs'
import { chromium, type Browser, type Route } from 'playwright-core'
import { AppError } from '../../errors'

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * The PDF browser's own flags: every host name and address resolves to nothing, so nothing a pack
 * holds can reach the network, even what request interception does not see (link prefetch,
 * preconnect, DNS prefetch).
 */
export const PDF_CHROMIUM_FLAGS = [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP * ~NOTFOUND']

export const PDF_UNAVAILABLE =
  'PDF is not available on this server: Chromium is not installed. Use Print on the HTML pack instead.'

/** Chromium is not installed (or will not start): routes answer 503, the HTML pack still works. */
export class PdfUnavailableError extends AppError {
  constructor(message = PDF_UNAVAILABLE) {
    super(503, message, [], 'Service unavailable')
  }
}

export class PdfTimeoutError extends AppError {
  constructor() {
    super(503, 'The PDF took too long to prepare. Try again, or use Print on the HTML pack.', [], 'Service unavailable')
  }
}

export interface PdfOptions {
  /** CSS added to the page after its HTML (setContent has no origin to load /assets from). */
  css?: string
  headerText?: string
}

/** HTML to PDF. Built once in main.ts (a test builds its own, or a fake) and closed at shutdown. */
export interface PdfRenderer {
  render(html: string, opts?: PdfOptions): Promise<Buffer>
  /** False when Chromium is not installed: PDFs answer 503, the HTML pack still works. */
  available(): boolean
  /** Closes the browser, if one was launched; the next render launches another. */
  close(): Promise<void>
}

/** The only addresses a page may load: the document itself (set from a string) and inline data. */
const LOCAL_ONLY = /^(about|data):/i

/** Lets the document and inline data load; any other request never leaves the browser. */
function onlyTheDocument(route: Route): Promise<void> {
  const request = route.request()
  if (LOCAL_ONLY.test(request.url())) return route.continue()
  // A navigation away (a meta refresh) answered 204 No Content leaves the pack where it is.
  if (request.isNavigationRequest()) return route.fulfill({ status: 204 })
  return route.abort('blockedbyclient')
}

const small = 'font-size:8px;width:100%;text-align:center;font-family:Arial,sans-serif;'

/**
 * One warm Chromium, launched on first use and relaunched if it dies; at most `maxConcurrent`
 * pages rendering at once; each render bounded by `timeoutMs`.
 */
export function createPdfRenderer(
  options: { executablePath?: string; maxConcurrent?: number; timeoutMs?: number } = {},
): PdfRenderer {
  const executablePath = options.executablePath ?? CHROMIUM_PATH
  const maxConcurrent = options.maxConcurrent ?? 2
  const timeoutMs = options.timeoutMs ?? 20000
  let browser: Promise<Browser> | null = null
  let active = 0
  const waiting: (() => void)[] = []

  const available = () => fs.existsSync(executablePath)

  function launch(): Promise<Browser> {
    if (!browser) {
      const launching = chromium.launch({ executablePath, args: PDF_CHROMIUM_FLAGS, headless: true })
      browser = launching
      launching.then(
        b =>
          b.on('disconnected', () => {
            if (browser === launching) browser = null
          }),
        () => {
          if (browser === launching) browser = null
        },
      )
    }
    return browser
  }

  async function acquire() {
    if (active < maxConcurrent) {
      active += 1
      return
    }
    await new Promise<void>(resolve => waiting.push(resolve))
  }
  function release() {
    const next = waiting.shift()
    if (next) next()
    else active -= 1
  }

  async function render(html: string, opts: PdfOptions = {}): Promise<Buffer> {
    if (!available()) throw new PdfUnavailableError()
    await acquire()
    let timer: NodeJS.Timeout | undefined
    let page: Awaited<ReturnType<Browser['newPage']>> | null = null
    try {
      const b = await launch().catch(() => {
        throw new PdfUnavailableError('PDF is not available on this server: Chromium would not start.')
      })
      const work = (async () => {
        // Locked down: no script runs, and nothing is fetched (ASVS 5.0 1.3.6, 15.2.5). The pack is
        // set from a string, so the page itself is about:blank; every other request is aborted.
        page = await b.newPage({ javaScriptEnabled: false })
        // (A route answered after the page was closed, on a timeout, is of no consequence.)
        await page.route('**/*', route => onlyTheDocument(route).catch(() => undefined))
        await page.setContent(withStyle(html, opts.css), { waitUntil: 'load', timeout: timeoutMs })
        const label = opts.headerText ?? 'OFFICIAL-SENSITIVE'
        // Tagged (headings, tables and reading order for a screen reader) with an outline (bookmarks
        // from the headings). The marking is printed once a page, in the header; the footer numbers pages.
        return page.pdf({
          format: 'A4',
          printBackground: true,
          tagged: true,
          outline: true,
          displayHeaderFooter: true,
          margin: { top: '18mm', bottom: '18mm', left: '15mm', right: '15mm' },
          headerTemplate: `<div style="${small}"><strong>${escapeHtml(label)}</strong></div>`,
          footerTemplate: `<div style="${small}">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
        })
      })()
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PdfTimeoutError()), timeoutMs)
      })
      return await Promise.race([work, timeout])
    } finally {
      if (timer) clearTimeout(timer)
      const p = page as { close(): Promise<void> } | null
      if (p) await p.close().catch(() => undefined)
      release()
    }
  }

  async function close() {
    const b = browser
    browser = null
    if (b) await (await b.catch(() => null))?.close()
  }

  return { render, close, available }
}

/**
 * The CSS as a <style> at the end of the head, where addStyleTag would put it (addStyleTag runs a
 * script in the page, which cannot run here).
 */
export function withStyle(html: string, css: string | undefined): string {
  if (!css) return html
  const style = `<style>${css.replace(/<\/(style)/gi, '<\\/$1')}</style>`
  const head = /<\/head\s*>/i.exec(html)
  return head ? html.slice(0, head.index) + style + html.slice(head.index) : html + style
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
