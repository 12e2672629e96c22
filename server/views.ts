import fs from 'node:fs'
import path from 'node:path'
import Handlebars from 'handlebars'
import { formatDate, formatDateTime, formatShortDate, formatTime } from './utils/dates'
import { ROLE_NAMES, isRole } from './roles'
import { paths } from './paths'
import { newId } from './utils/ids'
import { createRenderMemo } from './renderMemo'

type Context = Record<string, unknown>

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? listFiles(full) : e.name.endsWith('.hbs') ? [full] : []
  })
}

const COMPILE_OPTIONS = { strict: false, preventIndent: true }

const safeFormat = (fn: (v: string) => string) => (value: unknown) =>
  typeof value === 'string' && value ? fn(value) : ''

/**
 * Handlebars, compiled once and cached. Every page is rendered into views/layouts/main.hbs.
 * Templates escape with {{ }}; the only {{{ }}} is the layout's body, which is itself escaped output.
 */
export function createViews(viewsRoot: string, options: { verifyKept?: boolean } = {}) {
  const hbs = Handlebars.create()
  // The one-time form id govuk/hidden-csrf writes beside the CSRF token (middleware/formOnce.ts reads
  // it back): a new id on every render, told to the render being recorded for renderPageKept.
  let recordFormId: ((id: string) => void) | null = null
  hbs.registerHelper({
    eq: (a: unknown, b: unknown) => a === b,
    ne: (a: unknown, b: unknown) => a !== b,
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    not: (a: unknown) => !a,
    gt: (a: number, b: number) => a > b,
    includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
    concat: (...args: unknown[]) => args.slice(0, -1).join(''),
    json: (value: unknown) => JSON.stringify(value),
    formatDate: safeFormat(formatDate),
    formatShortDate: safeFormat(formatShortDate),
    formatTime: safeFormat(formatTime),
    formatDateTime: safeFormat(formatDateTime),
    roleName: (role: unknown) => (isRole(role) ? ROLE_NAMES[role] : ''),
    plural: (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`,
    add: (a: number, b: number) => Number(a) + Number(b),
    formatNumber: (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-GB') : ''),
    newFormId: () => {
      const id = newId()
      recordFormId?.(id)
      return id
    },
  })
  const partialsDir = path.join(viewsRoot, 'partials')
  for (const file of listFiles(partialsDir)) {
    const name = path
      .relative(partialsDir, file)
      .replace(/\\/g, '/')
      .replace(/\.hbs$/, '')
    // Registered compiled, not as a string: Handlebars compiles a string partial on first use and
    // keeps the result in the partials object of that call, which a block partial ({{#> …}}) makes
    // afresh each render, so every partial used inside one was parsed again on every request.
    const partial = hbs.compile(fs.readFileSync(file, 'utf8'), COMPILE_OPTIONS)
    hbs.registerPartial(name, partial)
  }
  const cache = new Map<string, Handlebars.TemplateDelegate>()
  const template = (file: string) => {
    let t = cache.get(file)
    if (!t) {
      t = hbs.compile(fs.readFileSync(file, 'utf8'), COMPILE_OPTIONS)
      cache.set(file, t)
    }
    return t
  }

  /** Render a template under views/ (e.g. 'pages/sign-in') with no layout. */
  function renderBare(name: string, context: Context): string {
    return template(path.join(viewsRoot, `${name}.hbs`))(context)
  }

  /** Render a page into a layout. */
  function renderPage(name: string, context: Context, layout = 'layouts/main'): string {
    const body = renderBare(name, context)
    return renderBare(layout, { ...context, body })
  }

  // Pages rendered from the same context again are written out, not rendered again (renderMemo.ts).
  const kept = createRenderMemo({
    maxEntries: 200,
    maxBytes: 32 * 2 ** 20,
    verify: options.verifyKept ?? false,
    escape: value => hbs.Utils.escapeExpression(value),
    newFormId: newId,
  })

  /**
   * renderPage, reusing an earlier render of the same page from an equal context. `perRequest` are
   * the values that differ on every request though the page does not (the CSRF token, the CSP nonce):
   * left out of the comparison and written in afresh, as are the one-time form ids.
   */
  function renderPageKept(name: string, context: Context, perRequest: readonly string[]): string | Buffer {
    // The addresses every page is given are the same on every page: left out of the comparison.
    const compared = context.paths === paths ? { ...context, paths: null } : context
    return kept.render(name, compared, perRequest, record => {
      recordFormId = record
      try {
        return renderPage(name, context)
      } finally {
        recordFormId = null
      }
    })
  }

  return { renderBare, renderPage, renderPageKept, keptStats: () => kept.stats(), handlebars: hbs }
}

export type Views = ReturnType<typeof createViews>
