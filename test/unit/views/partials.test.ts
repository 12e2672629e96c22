import fs from 'node:fs'
import path from 'node:path'
import Handlebars from 'handlebars'
import { createViews } from '../../../server/views'

const ROOT = path.resolve(__dirname, '../../..')
const PARTIALS_DIR = path.join(ROOT, 'views/partials')
const GOVUK_COMPONENTS = path.join(ROOT, 'node_modules/govuk-frontend/dist/govuk/components')

const HOSTILE = `<script>alert("x")</script> & 'Llŷr Siôn' 🚨`
const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Llŷr Siôn&#x27; 🚨'

function partialFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return partialFiles(full)
    return entry.name.endsWith('.hbs') ? [full] : []
  })
}

function partialName(file: string): string {
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

function render(template: string, context: Record<string, unknown> = {}): string {
  return createEnvironment().compile(template, COMPILE_OPTIONS)(context)
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1
}

/** Drops indentation (whitespace runs with a line break) so markup compares regardless of template layout. */
function normalise(html: string): string {
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

function govukFixture(component: string, name: string): Fixture {
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
function zeroBasedItemIds(prefix: string): (html: string) => string {
  return html =>
    html.replace(new RegExp(`${prefix}-(\\d+)(?=["-])`, 'g'), (_, n: string) => `${prefix}-${Number(n) - 1}`)
}

describe('views/partials', () => {
  const files = partialFiles(PARTIALS_DIR)

  it('when any partial is read, then it never uses triple-stash output', () => {
    const offenders = files.filter(file => fs.readFileSync(file, 'utf8').includes('{{{'))

    expect(offenders).toEqual([])
  })

  it('when the partials are registered, then every documented partial exists and compiles', () => {
    const names = files.map(partialName)
    const documented = [
      'govuk/error-summary',
      'govuk/input',
      'govuk/textarea',
      'govuk/date-input',
      'govuk/radios',
      'govuk/checkboxes',
      'govuk/select',
      'govuk/button',
      'govuk/summary-list',
      'govuk/summary-card',
      'govuk/table',
      'govuk/table-open',
      'govuk/table-close',
      'govuk/tag',
      'govuk/notification-banner',
      'govuk/inset-text',
      'govuk/warning-text',
      'govuk/back-link',
      'govuk/breadcrumbs',
      'govuk/pagination',
      'govuk/details',
      'govuk/panel',
      'govuk/file-upload',
      'govuk/hidden-csrf',
      'moj/timeline',
      'moj/badge',
      'moj/sub-navigation',
    ]

    expect(names).toEqual(expect.arrayContaining(documented))
    for (const file of files) {
      expect(() => Handlebars.precompile(fs.readFileSync(file, 'utf8'))).not.toThrow()
    }
  })

  it('when every partial is in the README, then its table names them all', () => {
    const readme = fs.readFileSync(path.join(PARTIALS_DIR, 'README.md'), 'utf8')

    const missing = files.map(partialName).filter(name => !readme.includes(`\`${name}\``))

    expect(missing).toEqual([])
  })
})

describe('escaping hostile values', () => {
  const h = HOSTILE
  const items = [
    { value: h, text: h, hint: h },
    { value: 'b', text: 'B' },
  ]
  const cases: { partial: string; call: string; context?: Record<string, unknown>; expected: number }[] = [
    {
      partial: 'govuk/input',
      call: '{{> govuk/input name="crn" label=h hint=h error=h value=h prefix=h suffix=h}}',
      expected: 6,
    },
    {
      partial: 'govuk/textarea',
      call: '{{> govuk/textarea name="notes" label=h hint=h error=h value=h}}',
      expected: 4,
    },
    {
      partial: 'govuk/select',
      call: '{{> govuk/select name="court" label=h hint=h error=h items=items}}',
      expected: 5,
    },
    {
      partial: 'govuk/file-upload',
      call: '{{> govuk/file-upload name="report" label=h hint=h error=h accept=h}}',
      expected: 4,
    },
    {
      partial: 'govuk/date-input',
      call: '{{> govuk/date-input name="hearingDate" legend=h hint=h error=h day=h month=h year=h}}',
      expected: 6,
    },
    {
      partial: 'govuk/radios',
      call: '{{> govuk/radios name="outcome" legend=h hint=h error=h items=items}}',
      expected: 6,
    },
    {
      partial: 'govuk/checkboxes',
      call: '{{> govuk/checkboxes name="tests" legend=h hint=h error=h items=items values=selected}}',
      context: { selected: [h] },
      expected: 6,
    },
    { partial: 'govuk/error-summary', call: '{{> govuk/error-summary errorList=list description=h}}', expected: 4 },
    { partial: 'govuk/button', call: '{{> govuk/button text=h name=h value=h}}', expected: 3 },
    { partial: 'govuk/button (link)', call: '{{> govuk/button text=h href=h}}', expected: 2 },
    { partial: 'govuk/summary-list', call: '{{> govuk/summary-list rows=rows}}', expected: 5 },
    { partial: 'govuk/summary-card', call: '{{> govuk/summary-card title=h rows=rows actions=actions}}', expected: 10 },
    { partial: 'govuk/table', call: '{{> govuk/table caption=h head=head rows=cells}}', expected: 4 },
    {
      partial: 'govuk/table-open',
      call: '{{> govuk/table-open caption=h head=head}}{{> govuk/table-close}}',
      expected: 2,
    },
    { partial: 'govuk/tag', call: '{{> govuk/tag text=h colour="green"}}', expected: 1 },
    { partial: 'govuk/notification-banner', call: '{{> govuk/notification-banner title=h text=h}}', expected: 2 },
    { partial: 'govuk/inset-text', call: '{{> govuk/inset-text text=h}}', expected: 1 },
    { partial: 'govuk/warning-text', call: '{{> govuk/warning-text text=h}}', expected: 1 },
    { partial: 'govuk/back-link', call: '{{> govuk/back-link href=h text=h}}', expected: 2 },
    { partial: 'govuk/breadcrumbs', call: '{{> govuk/breadcrumbs items=links}}', expected: 3 },
    {
      partial: 'govuk/pagination',
      call: '{{> govuk/pagination previous=link next=link items=pages}}',
      context: { link: { href: h, text: h }, pages: [{ number: h, href: h, current: true }] },
      expected: 7,
    },
    { partial: 'govuk/details', call: '{{> govuk/details summary=h text=h}}', expected: 2 },
    { partial: 'govuk/panel', call: '{{> govuk/panel title=h text=h}}', expected: 2 },
    { partial: 'govuk/hidden-csrf', call: '{{> govuk/hidden-csrf csrfToken=h}}', expected: 1 },
    { partial: 'moj/timeline', call: '{{> moj/timeline items=events}}', expected: 5 },
    { partial: 'moj/badge', call: '{{> moj/badge text=h label=h}}', expected: 2 },
    { partial: 'moj/sub-navigation', call: '{{> moj/sub-navigation label=h items=links}}', expected: 4 },
  ]
  const shared = {
    h,
    items,
    list: [{ text: h, href: h }, { text: h }],
    rows: [
      { key: h, value: h, href: h },
      { key: 'Lines', value: [h, 'second line'] },
    ],
    actions: [{ text: h, href: h }],
    head: [h],
    cells: [[h], [h]],
    links: [
      { text: h, href: h },
      { text: h, href: '/b', active: true },
    ],
    events: [{ label: h, byline: h, date: h, datetime: h, text: h }],
  }

  it.each(cases)('when $partial gets hostile text, then it is escaped everywhere and never markup', testCase => {
    const html = render(testCase.call, { ...shared, ...testCase.context })

    expect(html).not.toMatch(/<script/i)
    expect(html).not.toContain('alert("x")')
    expect(html).not.toContain(`'Llŷr`)
    expect(occurrences(html, HOSTILE_ESCAPED)).toBe(testCase.expected)
  })

  it('when an attribute value holds a quote, then it cannot open a new attribute', () => {
    const html = render('{{> govuk/input name="crn" label="CRN" value=value}}', {
      value: '" autofocus onfocus="alert(1)',
    })

    expect(html).toContain('value="&quot; autofocus onfocus&#x3D;&quot;alert(1)"')
    expect(html).not.toContain(' onfocus="')
  })
})

describe('error states', () => {
  const message = 'Enter a CRN, like X123456'
  const items = [
    { value: 'yes', text: 'Yes' },
    { value: 'no', text: 'No' },
  ]
  const cases: { partial: string; call: string; describedBy: RegExp; errorClass: string }[] = [
    {
      partial: 'govuk/input',
      call: '{{> govuk/input name="crn" label="CRN" hint="Hint" error=errors.crn}}',
      describedBy: /<input class="govuk-input govuk-input--error" id="crn"[^>]* aria-describedby="crn-hint crn-error"/,
      errorClass: 'govuk-input--error',
    },
    {
      partial: 'govuk/textarea',
      call: '{{> govuk/textarea name="crn" label="Notes" error=errors.crn}}',
      describedBy: /<textarea class="govuk-textarea govuk-textarea--error"[^>]* aria-describedby="crn-error"/,
      errorClass: 'govuk-textarea--error',
    },
    {
      partial: 'govuk/select',
      call: '{{> govuk/select name="crn" label="Court" items=items error=errors.crn}}',
      describedBy: /<select class="govuk-select govuk-select--error"[^>]* aria-describedby="crn-error"/,
      errorClass: 'govuk-select--error',
    },
    {
      partial: 'govuk/file-upload',
      call: '{{> govuk/file-upload name="crn" label="Report" error=errors.crn}}',
      describedBy: /<input class="govuk-file-upload govuk-file-upload--error"[^>]* aria-describedby="crn-error"/,
      errorClass: 'govuk-file-upload--error',
    },
    {
      partial: 'govuk/radios',
      call: '{{> govuk/radios name="crn" legend="Consent?" items=items error=errors.crn}}',
      describedBy: /<fieldset class="govuk-fieldset" aria-describedby="crn-error">/,
      errorClass: 'govuk-form-group--error',
    },
    {
      partial: 'govuk/checkboxes',
      call: '{{> govuk/checkboxes name="crn" legend="Tests" items=items error=errors.crn}}',
      describedBy: /<fieldset class="govuk-fieldset" aria-describedby="crn-error">/,
      errorClass: 'govuk-form-group--error',
    },
    {
      partial: 'govuk/date-input',
      call: '{{> govuk/date-input name="crn" legend="Date" hint="For example, 27 3 2026" error=errors.crn}}',
      describedBy: /<fieldset class="govuk-fieldset" role="group" aria-describedby="crn-hint crn-error">/,
      errorClass: 'govuk-input--error',
    },
  ]

  it.each(cases)('when $partial has an error, then it shows the message and links it to the control', testCase => {
    const html = render(testCase.call, { errors: { crn: message }, items })

    expect(html).toContain('<div class="govuk-form-group govuk-form-group--error">')
    expect(html).toContain(`<p id="crn-error" class="govuk-error-message">`)
    expect(html).toContain(`<span class="govuk-visually-hidden">Error:</span> ${message}`)
    expect(html).toMatch(testCase.describedBy)
    expect(html).toContain(testCase.errorClass)
  })

  it.each(cases)('when $partial has no error, then it shows no error state', testCase => {
    const html = render(testCase.call, { errors: {}, items })

    expect(html).not.toContain('error')
    expect(html).not.toContain('Error:')
  })

  it('when a checkbox group has no legend, then each checkbox is described by the hint and error', () => {
    const html = render('{{> govuk/checkboxes name="confirm" hint="Hint" error="Confirm it" items=items}}', {
      items: [{ value: 'yes', text: 'I confirm' }],
    })

    expect(html).not.toContain('<fieldset')
    expect(html).toContain('value="yes" aria-describedby="confirm-hint confirm-error">')
  })
})

describe('govuk/error-summary', () => {
  it('when there are errors, then it lists each as a link to its field', () => {
    const html = render('{{> govuk/error-summary errorList=errorList}}', {
      errorList: [
        { text: 'Enter a CRN', href: '#crn' },
        { text: 'Enter the hearing date', href: '#hearingDate-day' },
      ],
    })

    expect(html).toContain('<div class="govuk-error-summary" data-module="govuk-error-summary">')
    expect(html).toContain('<h2 class="govuk-error-summary__title">\n      There is a problem\n    </h2>')
    expect(html).toContain('<a href="#crn">Enter a CRN</a>')
    expect(html).toContain('<a href="#hearingDate-day">Enter the hearing date</a>')
  })

  it.each([[[]], [undefined]])('when the error list is %p, then it renders nothing', errorList => {
    const html = render('{{> govuk/error-summary errorList=errorList}}', { errorList })

    expect(html.trim()).toBe('')
  })

  it('when the page has its own title, then the summary is still titled There is a problem', () => {
    const html = render('{{> govuk/error-summary}}', { title: 'Add a case', errorList: [{ text: 'Enter a CRN' }] })

    expect(html).toContain('There is a problem')
    expect(html).not.toContain('Add a case')
  })
})

describe('choices', () => {
  const items = [
    { value: 'adjourned', text: 'Adjourned' },
    { value: 'reviewed', text: 'Reviewed' },
    { value: 'revoked', text: 'Revoked' },
  ]

  it('when radios get a value, then only that radio is checked', () => {
    const html = render('{{> govuk/radios name="outcome" legend="Outcome" items=items value="reviewed"}}', { items })

    expect(occurrences(html, ' checked')).toBe(1)
    expect(html).toContain('id="outcome-1" name="outcome" type="radio" value="reviewed" checked>')
    expect(html).toContain(
      '<input class="govuk-radios__input" id="outcome" name="outcome" type="radio" value="adjourned">',
    )
  })

  it('when an item says checked false, then it stays unchecked even if it matches the value', () => {
    const html = render('{{> govuk/radios name="outcome" items=items value="reviewed"}}', {
      items: [{ value: 'reviewed', text: 'Reviewed', checked: false }],
    })

    expect(html).not.toContain(' checked')
  })

  it('when an item has a conditional reveal, then its content follows it, tied by data-aria-controls, hidden (once JavaScript runs) until chosen', () => {
    const template =
      '{{#*inline "why"}}<p>Why: {{@root.reason}}</p>{{/inline}}{{> govuk/radios name="outcome" legend="Outcome" items=items value=value}}'
    const withReveal = [{ value: 'adjourned', text: 'Adjourned', conditional: 'why' }, ...items.slice(1)]

    const closed = render(template, { items: withReveal, value: 'reviewed', reason: HOSTILE })
    const open = render(template, { items: withReveal, value: 'adjourned', reason: HOSTILE })

    expect(closed).toContain('value="adjourned" data-aria-controls="conditional-outcome">')
    expect(normalise(closed)).toContain(
      `<div class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-outcome"><p>Why: ${HOSTILE_ESCAPED}</p></div>`,
    )
    expect(normalise(open)).toContain('<div class="govuk-radios__conditional" id="conditional-outcome"><p>Why:')
    expect(occurrences(open, 'govuk-radios__conditional')).toBe(1)
  })

  it('when the first item reveals radios of its own, then both groups render, the inner one inside the reveal', () => {
    const template =
      '{{#*inline "powers"}}{{> govuk/radios name="power" legend="Power" items=@root.powers value=@root.power}}{{/inline}}' +
      '{{> govuk/radios name="proved" legend="Proved?" items=items value=value}}'
    const html = render(template, {
      items: [
        { value: 'yes', text: 'Yes', conditional: 'powers' },
        { value: 'no', text: 'No' },
      ],
      value: 'yes',
      powers: [
        { value: 'fine', text: 'A fine' },
        { value: 'revoke', text: 'Revoke' },
      ],
      power: 'fine',
    })
    expect(html).toContain('name="proved" type="radio" value="yes" checked')
    expect(normalise(html)).toMatch(/id="conditional-proved">[\s\S]*name="power" type="radio" value="fine" checked/)
    expect(html).toContain('name="proved" type="radio" value="no"')
  })

  it('when radios are inline with the legend as page heading, then they use the inline class and an h1', () => {
    const html = render(
      '{{> govuk/radios name="outcome" legend="Outcome" legendIsPageHeading=true legendClasses="govuk-fieldset__legend--l" inline=true items=items}}',
      { items },
    )

    expect(html).toContain('<div class="govuk-radios govuk-radios--inline" data-module="govuk-radios">')
    expect(html).toContain('<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">')
    expect(html).toContain('<h1 class="govuk-fieldset__heading">')
  })

  it('when checkboxes get several values, then each of those is checked', () => {
    const html = render('{{> govuk/checkboxes name="drugs" legend="Drugs" items=items values=values}}', {
      items,
      values: ['adjourned', 'revoked'],
    })

    expect(occurrences(html, ' checked')).toBe(2)
    expect(html).toContain('value="adjourned" checked>')
    expect(html).toContain('value="revoked" checked>')
    expect(html).toContain('value="reviewed">')
  })

  it('when a select gets a value, then only that option is selected', () => {
    const html = render('{{> govuk/select name="outcome" label="Outcome" items=items value="revoked"}}', { items })

    expect(occurrences(html, ' selected')).toBe(1)
    expect(html).toContain('<option value="revoked" selected>Revoked</option>')
  })
})

describe('govuk/date-input', () => {
  it('when given a name and parts, then fields post as name[part] with ids name-part', () => {
    const html = render('{{> govuk/date-input name="hearingDate" legend="Hearing date" day="7" month="4" year="2026"}}')

    expect(html).toContain('<div class="govuk-date-input" id="hearingDate">')
    expect(html).toContain('id="hearingDate-day" name="hearingDate[day]" type="text" value="7" inputmode="numeric">')
    expect(html).toContain(
      'id="hearingDate-month" name="hearingDate[month]" type="text" value="4" inputmode="numeric">',
    )
    expect(html).toContain(
      'id="hearingDate-year" name="hearingDate[year]" type="text" value="2026" inputmode="numeric">',
    )
    expect(html).toContain('<label class="govuk-label govuk-date-input__label" for="hearingDate-day">')
  })

  it('when errorFields names one part, then only that input is marked as in error', () => {
    const html = render(
      '{{> govuk/date-input name="d" legend="Date" error="Month must be 1 to 12" errorFields=fields}}',
      {
        fields: ['month'],
      },
    )

    expect(occurrences(html, 'govuk-input--error')).toBe(1)
    expect(html).toContain('govuk-input--error govuk-input--width-2" id="d-month"')
  })
})

describe('govuk/button', () => {
  it('when rendered with defaults, then it submits and prevents double clicks', () => {
    const html = render('{{> govuk/button text="Save"}}')

    expect(html).toContain(
      '<button type="submit" data-prevent-double-click="true" class="govuk-button" data-module="govuk-button">',
    )
  })

  it('when preventDoubleClick is false, then it says so', () => {
    expect(render('{{> govuk/button text="Save" preventDoubleClick=false}}')).toContain(
      'data-prevent-double-click="false"',
    )
  })

  it('when given an href, then it is a link styled as a button', () => {
    const html = render('{{> govuk/button text="Add a case" href="/cases/new" secondary=true}}')

    expect(html).toContain(
      '<a href="/cases/new" role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button">',
    )
    expect(html).not.toContain('<button')
  })

  it('when warning is set, then it uses the warning style', () => {
    expect(render('{{> govuk/button text="Revoke" warning=true}}')).toContain(
      'class="govuk-button govuk-button--warning"',
    )
  })
})

describe('govuk/tag', () => {
  it.each([
    ['green', 'govuk-tag govuk-tag--green'],
    ['grey', 'govuk-tag govuk-tag--grey'],
    ['blue', 'govuk-tag'],
    ['light-blue', 'govuk-tag govuk-tag--teal'],
    ['turquoise', 'govuk-tag govuk-tag--teal'],
    ['pink', 'govuk-tag govuk-tag--magenta'],
  ])('when the colour is %s, then the classes are %s', (colour, classes) => {
    expect(render('{{> govuk/tag text="Due" colour=colour}}', { colour })).toContain(`<strong class="${classes}">`)
  })
})

describe('govuk/summary-list', () => {
  it('when some rows have a change link, then the others are marked as having no actions', () => {
    const html = render('{{> govuk/summary-list rows=rows}}', {
      rows: [
        { key: 'CRN', value: 'X123456', href: '/cases/1/crn' },
        { key: 'Name', value: 'Llŷr Siôn' },
      ],
    })

    expect(html).toContain(
      '<a class="govuk-link" href="/cases/1/crn">Change<span class="govuk-visually-hidden"> CRN</span></a>',
    )
    expect(html).toContain('<div class="govuk-summary-list__row govuk-summary-list__row--no-actions">')
  })

  it('when no row has an action, then no row is marked', () => {
    const html = render('{{> govuk/summary-list rows=rows}}', { rows: [{ key: 'CRN', value: 'X123456' }] })

    expect(html).not.toContain('no-actions')
    expect(html).not.toContain('govuk-summary-list__actions')
  })

  it('when a value is a list, then each item is its own line', () => {
    const html = render('{{> govuk/summary-list rows=rows}}', {
      rows: [{ key: 'Address', value: ['1 High St', 'Cardiff'] }],
    })

    expect(html).toContain('1 High St<br>Cardiff')
  })
})

describe('block partials', () => {
  it('when a table is called as a block on a page with its own rows, then it renders the block', () => {
    const html = render(
      '{{#> govuk/table caption="Reviews" head=head}}<tr class="govuk-table__row"><td class="govuk-table__cell"><a href="{{link}}">{{name}}</a></td></tr>{{/govuk/table}}',
      { head: ['Name'], rows: [['from the page']], link: '/cases/1', name: HOSTILE },
    )

    expect(html).toContain(`<a href="/cases/1">${HOSTILE_ESCAPED}</a>`)
    expect(html).not.toContain('from the page')
  })

  it('when details are called as a block, then the caller markup is the body', () => {
    const html = render('{{#> govuk/details summary="Help"}}<p class="govuk-body">{{tip}}</p>{{/govuk/details}}', {
      tip: 'Use the CRN',
    })

    expect(html).toMatch(/<div class="govuk-details__text">\s*<p class="govuk-body">Use the CRN<\/p>/)
  })

  it('when table-open and table-close wrap page rows, then the table is whole', () => {
    const html = render('{{> govuk/table-open head=head}}<tr class="govuk-table__row"></tr>{{> govuk/table-close}}', {
      head: ['Name'],
    })

    expect(normalise(html)).toBe(
      '<table class="govuk-table"><thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Name</th></tr></thead><tbody class="govuk-table__body"><tr class="govuk-table__row"></tr></tbody></table>',
    )
  })
})

describe('govuk/pagination', () => {
  it('when there are no page numbers, then it is the block style', () => {
    const html = render('{{> govuk/pagination previous=previous next=next}}', {
      previous: { href: '/week/1' },
      next: { href: '/week/3', labelText: 'Week 3' },
    })

    expect(html).toContain('<nav class="govuk-pagination govuk-pagination--block" aria-label="Pagination">')
    expect(html).toContain('<span class="govuk-pagination__link-label">Week 3</span>')
  })

  it('when there is nothing to link to, then it renders nothing', () => {
    expect(render('{{> govuk/pagination items=items}}', { items: [] }).trim()).toBe('')
  })
})

describe('moj partials', () => {
  it('when a timeline has events, then each uses the MoJ timeline markup', () => {
    const html = render('{{> moj/timeline items=items}}', {
      items: [
        {
          label: 'Progress report received',
          byline: 'Llŷr Siôn',
          date: 'Tuesday 7 April 2026 at 10:20am',
          datetime: '2026-04-07T09:20:00Z',
          text: 'Negative test',
        },
      ],
    })

    expect(normalise(html)).toBe(
      '<div class="moj-timeline"><div class="moj-timeline__item"><div class="moj-timeline__header">' +
        '<h2 class="moj-timeline__title">Progress report received</h2><p class="moj-timeline__byline">by Llŷr Siôn</p></div>' +
        '<p class="moj-timeline__date"><time datetime="2026-04-07T09:20:00Z">Tuesday 7 April 2026 at 10:20am</time></p>' +
        '<div class="moj-timeline__description">Negative test</div></div></div>',
    )
  })

  it('when a sub-navigation item is active, then it is the current page', () => {
    const html = render('{{> moj/sub-navigation label="Case" items=items}}', {
      items: [
        { text: 'Overview', href: '/cases/1', active: true },
        { text: 'Reports', href: '/cases/1/reports' },
      ],
    })

    expect(html).toContain('<a class="moj-sub-navigation__link" aria-current="page" href="/cases/1">Overview</a>')
    expect(html).toContain('<a class="moj-sub-navigation__link" href="/cases/1/reports">Reports</a>')
  })

  it('when a badge has a colour, then it uses the MoJ modifier', () => {
    expect(render('{{> moj/badge text="Urgent" colour="red"}}').trim()).toBe(
      '<span class="moj-badge moj-badge--red">Urgent</span>',
    )
  })
})

describe('matches govuk-frontend fixtures', () => {
  // Each call reads the fixture's own options as `o`, so the expected HTML is govuk-frontend's, not ours.
  type Options = Record<string, unknown>
  // Reshape the fixture's { text } / { format } objects into the partials' plain params.
  const itemsWithTextHints = (o: Options) => ({
    items: (o.items as Options[]).map(item => ({
      ...item,
      hint: (item.hint as { text: string } | undefined)?.text,
      exclusive: item.behaviour === 'exclusive',
    })),
  })
  const summaryRows = (o: Options) => ({
    rows: (o.rows as { key: { text: string }; value: { text: string } }[]).map(row => ({
      key: row.key.text,
      value: row.value.text,
    })),
  })
  const tableCells = (o: Options) => ({
    head: (o.head as { text: string }[]).map(cell => cell.text),
    cells: (o.rows as { text: string }[][]).map(row => row.map(cell => cell.text)),
    numeric: (o.head as { format?: string }[]).flatMap((cell, index) => (cell.format === 'numeric' ? [index] : [])),
  })
  const cases: {
    component: string
    fixture: string
    call: string
    reshape?: (o: Options) => Options
    adjust?: (html: string) => string
  }[] = [
    { component: 'input', fixture: 'default', call: '{{> govuk/input name=o.name label=o.label.text}}' },
    {
      component: 'input',
      fixture: 'with error and hint',
      call: '{{> govuk/input id=o.id name=o.name label=o.label.text hint=o.hint.text error=o.errorMessage.text}}',
    },
    {
      component: 'input',
      fixture: 'with width-10 class',
      call: '{{> govuk/input id=o.id name=o.name label=o.label.text hint=o.hint.text width="10"}}',
    },
    {
      component: 'input',
      fixture: 'with label as page heading',
      call: '{{> govuk/input id=o.id name=o.name label=o.label.text labelClasses=o.label.classes labelIsPageHeading=true}}',
    },
    {
      component: 'input',
      fixture: 'with prefix and suffix and error',
      call: '{{> govuk/input id=o.id name=o.name label=o.label.text prefix=o.prefix.text suffix=o.suffix.text error=o.errorMessage.text}}',
    },
    {
      component: 'input',
      fixture: 'value',
      call: '{{> govuk/input id=o.id name=o.name label=o.label.text value=o.value}}',
    },
    {
      component: 'input',
      fixture: 'inputmode',
      call: '{{> govuk/input id=o.id name=o.name label=o.label.text inputmode=o.inputmode}}',
    },
    {
      component: 'input',
      fixture: 'with autocomplete attribute',
      call: '{{> govuk/input id=o.id name=o.name label=o.label.text autocomplete=o.autocomplete}}',
    },
    {
      component: 'textarea',
      fixture: 'with hint and error message',
      call: '{{> govuk/textarea id=o.id name=o.name label=o.label.text hint=o.hint.text error=o.errorMessage.text}}',
    },
    {
      component: 'textarea',
      fixture: 'with custom rows',
      call: '{{> govuk/textarea id=o.id name=o.name label=o.label.text rows=o.rows}}',
    },
    {
      component: 'character-count',
      fixture: 'with hint',
      call: '{{> govuk/textarea id=o.id name=o.name label=o.label.text hint=o.hint.text maxlength=o.maxlength}}',
    },
    {
      component: 'character-count',
      fixture: 'with hint and error',
      call: '{{> govuk/textarea id=o.id name=o.name label=o.label.text hint=o.hint.text error=o.errorMessage.text maxlength=o.maxlength}}',
    },
    {
      component: 'select',
      fixture: 'with hint text and error message',
      call: '{{> govuk/select id=o.id name=o.name label=o.label.text hint=o.hint.text error=o.errorMessage.text items=o.items}}',
    },
    {
      component: 'select',
      fixture: 'with selected value',
      call: '{{> govuk/select id=o.id name=o.name label=o.label.text items=o.items value=o.value}}',
    },
    {
      component: 'file-upload',
      fixture: 'with error message and hint',
      call: '{{> govuk/file-upload id=o.id name=o.name label=o.label.text hint=o.hint.text error=o.errorMessage.text}}',
    },
    {
      component: 'file-upload',
      fixture: 'attributes',
      call: '{{> govuk/file-upload id=o.id name=o.name label=o.label.text accept=o.attributes.accept}}',
    },
    {
      component: 'radios',
      fixture: 'with hint and error message',
      call: '{{> govuk/radios name=o.name legend=o.fieldset.legend.text hint=o.hint.text error=o.errorMessage.text items=o.items}}',
      adjust: zeroBasedItemIds('example-error-message-hint'),
    },
    {
      component: 'radios',
      fixture: 'with hints on items',
      call: '{{> govuk/radios name=o.name legend=o.fieldset.legend.text legendClasses=o.fieldset.legend.classes legendIsPageHeading=true items=items}}',
      reshape: itemsWithTextHints,
    },
    {
      component: 'radios',
      fixture: 'inline',
      call: '{{> govuk/radios name=o.name legend=o.fieldset.legend.text hint=o.hint.text inline=true items=o.items}}',
      adjust: zeroBasedItemIds('example'),
    },
    {
      component: 'radios',
      fixture: 'prechecked using value',
      call: '{{> govuk/radios name=o.name items=o.items value=o.value}}',
      adjust: zeroBasedItemIds('example-default'),
    },
    {
      component: 'radios',
      fixture: 'with a divider',
      call: '{{> govuk/radios id=o.idPrefix name=o.name legend=o.fieldset.legend.text items=o.items}}',
      adjust: zeroBasedItemIds('example-divider'),
    },
    {
      component: 'checkboxes',
      fixture: 'with error message and hint',
      call: '{{> govuk/checkboxes name=o.name legend=o.fieldset.legend.text hint=o.hint.text error=o.errorMessage.text items=o.items}}',
      adjust: zeroBasedItemIds('example'),
    },
    {
      component: 'checkboxes',
      fixture: 'with divider and None',
      call: '{{> govuk/checkboxes name=o.name legend=o.fieldset.legend.text items=items}}',
      reshape: itemsWithTextHints,
      adjust: zeroBasedItemIds('with-divider-and-none'),
    },
    {
      component: 'date-input',
      fixture: 'with error on day input',
      call: '{{> govuk/date-input name=o.id legend=o.fieldset.legend.text hint=o.hint.text error=o.errorMessage.text errorFields=days}}',
      reshape: () => ({ days: ['day'] }),
      adjust: html => html.replace(/name="(day|month|year)"/g, 'name="dob-day-error[$1]"'),
    },
    {
      component: 'date-input',
      fixture: 'with values',
      call: '{{> govuk/date-input name=o.id legend=o.fieldset.legend.text hint=o.hint.text day=o.values.day month=o.values.month year=o.values.year}}',
      adjust: html => html.replace(/name="(day|month|year)"/g, 'name="with-values[$1]"'),
    },
    {
      component: 'error-summary',
      fixture: 'mixed with and without links',
      call: '{{> govuk/error-summary errorList=o.errorList}}',
    },
    { component: 'button', fixture: 'prevent double click', call: '{{> govuk/button text=o.text}}' },
    {
      component: 'button',
      fixture: "don't prevent double click",
      call: '{{> govuk/button text=o.text preventDoubleClick=false}}',
    },
    { component: 'button', fixture: 'link', call: '{{> govuk/button text=o.text href=o.href}}' },
    {
      component: 'summary-list',
      fixture: 'as a summary card with actions',
      call: '{{> govuk/summary-card title=o.card.title.text actions=o.card.actions.items rows=rows}}',
      reshape: summaryRows,
    },
    {
      component: 'summary-list',
      fixture: 'summary card with only 1 action',
      call: '{{> govuk/summary-card title=o.card.title.text actions=o.card.actions.items rows=rows}}',
      reshape: summaryRows,
    },
    {
      component: 'table',
      fixture: 'with head and caption',
      call: '{{> govuk/table caption=o.caption captionClasses=o.captionClasses head=head rows=cells numericColumns=numeric firstCellIsHeader=true}}',
      reshape: tableCells,
    },
    { component: 'tag', fixture: 'grey', call: '{{> govuk/tag text=o.text colour="grey"}}' },
    { component: 'notification-banner', fixture: 'default', call: '{{> govuk/notification-banner text=o.text}}' },
    {
      component: 'notification-banner',
      fixture: 'with type as success',
      call: '{{> govuk/notification-banner text=o.text success=true}}',
    },
    {
      component: 'notification-banner',
      fixture: 'custom title',
      call: '{{> govuk/notification-banner title=o.titleText text=o.text}}',
    },
    { component: 'inset-text', fixture: 'id', call: '{{> govuk/inset-text id=o.id text=o.text}}' },
    { component: 'warning-text', fixture: 'default', call: '{{> govuk/warning-text text=o.text}}' },
    {
      component: 'back-link',
      fixture: 'with custom text and link',
      call: '{{> govuk/back-link href=o.href text=o.text}}',
    },
    {
      component: 'breadcrumbs',
      fixture: 'with last breadcrumb as current page',
      call: '{{> govuk/breadcrumbs items=o.items}}',
    },
    {
      component: 'pagination',
      fixture: 'with many pages',
      call: '{{> govuk/pagination previous=o.previous next=o.next items=o.items}}',
    },
    {
      component: 'pagination',
      fixture: 'with prev and next only and labels',
      call: '{{> govuk/pagination previous=o.previous next=o.next}}',
    },
    {
      component: 'details',
      fixture: 'expanded',
      call: '{{> govuk/details id=o.id summary=o.summaryText text=o.text open=o.open}}',
    },
    { component: 'panel', fixture: 'body html as text', call: '{{> govuk/panel title=o.titleText text=o.text}}' },
    {
      component: 'panel',
      fixture: 'custom heading level',
      call: '{{> govuk/panel title=o.titleText text=o.text headingLevel=o.headingLevel}}',
    },
  ]

  it.each(cases)('when $component "$fixture" is rendered, then it is the govuk-frontend markup', testCase => {
    const fixture = govukFixture(testCase.component, testCase.fixture)
    const o = fixture.options
    const context = { o, ...testCase.reshape?.(o) }
    const adjust = testCase.adjust ?? ((html: string) => html)

    const html = render(testCase.call, context)

    expect(normalise(html)).toBe(normalise(adjust(fixture.html)))
  })
})

describe("with the app's view engine", () => {
  it('when partials render through server/views.ts, then the output is the same as in these tests', () => {
    const template = [
      '{{> govuk/input name="crn" label="CRN" hint="For example, X123456" error=errors.crn value=values.crn}}',
      '{{> govuk/radios name="outcome" legend="Outcome" items=items value=values.outcome}}',
      '{{> govuk/checkboxes name="tests" items=items values=values.tests error=errors.tests}}',
      '{{> govuk/date-input name="hearingDate" legend="Hearing date" error=errors.hearingDate errorFields=fields}}',
      '{{> govuk/summary-list rows=rows}}',
      '{{> govuk/pagination previous=previous items=pages}}',
      '{{> govuk/error-summary}}',
    ].join('')
    const context = {
      errors: { crn: 'Enter a CRN', tests: 'Select a test', hearingDate: 'Enter a real date' },
      errorList: [{ text: 'Enter a CRN', href: '#crn' }],
      values: { crn: HOSTILE, outcome: 'no', tests: ['yes'] },
      items: [
        { value: 'yes', text: 'Yes' },
        { value: 'no', text: 'No' },
      ],
      fields: [],
      rows: [
        { key: 'CRN', value: 'X123456', href: '/cases/1/crn' },
        { key: 'Name', value: 'Llŷr Siôn' },
      ],
      previous: { href: '/page/1' },
      pages: [],
    }
    const app = createViews(path.join(ROOT, 'views')).handlebars.compile(template)

    expect(app(context)).toBe(render(template, context))
  })
})
