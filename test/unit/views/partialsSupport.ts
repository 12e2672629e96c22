import fs from 'node:fs'
import path from 'node:path'
import Handlebars from 'handlebars'

// Shared set-up for the views/partials tests: a Handlebars environment with every partial and the app's
// helpers, rendering, hostile input, and govuk-frontend's fixtures.

export const ROOT = path.resolve(__dirname, '../../..')
export const PARTIALS_DIR = path.join(ROOT, 'views/partials')
const GOVUK_COMPONENTS = path.join(ROOT, 'node_modules/govuk-frontend/dist/govuk/components')

export const HOSTILE = `<script>alert("x")</script> & 'Llŷr Siôn' 🚨`
export const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Llŷr Siôn&#x27; 🚨'

export function partialFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return partialFiles(full)
    return entry.name.endsWith('.hbs') ? [full] : []
  })
}

export function partialName(file: string): string {
  return path
    .relative(PARTIALS_DIR, file)
    .replace(/\.hbs$/, '')
    .split(path.sep)
    .join('/')
}

const COMPILE_OPTIONS = { strict: false, preventIndent: true }

/** A fresh environment with every partial and the app's helpers, as the view engine registers them. */
function createEnvironment(): typeof Handlebars {
  const hbs = Handlebars.create()
  for (const file of partialFiles(PARTIALS_DIR)) {
    // Compiled once with preventIndent, as server/views.ts registers them: a standalone partial's lines are not
    // re-indented (which would also have shifted the text inside a textarea or pre).
    hbs.registerPartial(partialName(file), hbs.compile(fs.readFileSync(file, 'utf8'), COMPILE_OPTIONS))
  }
  // As server/views.ts registers them: `or` and `and` answer true or false, never an operand, so partials use
  // them only in conditions. Helpers get Handlebars' options object as their last argument.
  hbs.registerHelper({
    eq: (a: unknown, b: unknown) => a === b,
    ne: (a: unknown, b: unknown) => a !== b,
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    not: (a: unknown) => !a,
    includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
    concat: (...args: unknown[]) => args.slice(0, -1).join(''),
    json: (value: unknown) => JSON.stringify(value),
    formatNumber: (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-GB') : ''),
  })
  return hbs
}

export function render(template: string, context: Record<string, unknown> = {}): string {
  return createEnvironment().compile(template, COMPILE_OPTIONS)(context)
}

export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1
}

/** Drops indentation (whitespace runs with a line break) so markup compares regardless of template layout. */
export function normalise(html: string): string {
  return html
    .replace(/&#39;/g, '&#x27;')
    .replace(/\s*\n\s*/g, '')
    .replace(/>\s+</g, '><')
    .trim()
}

interface Fixture {
  name: string
  options: Record<string, unknown>
  html: string
}

export function govukFixture(component: string, name: string): Fixture {
  const file = path.join(GOVUK_COMPONENTS, component, 'fixtures.json')
  const { fixtures } = JSON.parse(fs.readFileSync(file, 'utf8')) as { fixtures: Fixture[] }
  const fixture = fixtures.find(candidate => candidate.name === name)
  if (!fixture) throw new Error(`No govuk-frontend fixture "${name}" for ${component}`)
  return fixture
}

/**
 * GOV.UK numbers the 2nd radio or checkbox <prefix>-2 (Nunjucks' loop.index); Handlebars only has a 0-based
 * @index, so ours is <prefix>-1. The first item, the one the error summary links to, is <prefix> in both.
 */
export function zeroBasedItemIds(prefix: string): (html: string) => string {
  return html =>
    html.replace(new RegExp(`${prefix}-(\\d+)(?=["-])`, 'g'), (_, n: string) => `${prefix}-${Number(n) - 1}`)
}
