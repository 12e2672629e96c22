import fs from 'node:fs'
import path from 'node:path'
import Handlebars from 'handlebars'
import { createViews } from '../../../server/views'
import {
  HOSTILE,
  HOSTILE_ESCAPED,
  occurrences,
  partialFiles,
  partialName,
  PARTIALS_DIR,
  render,
  ROOT,
} from './partialsSupport'

// views/partials: every partial is documented and compiles, escapes hostile values, and renders the same
// through the app's view engine. Error states and form inputs, other components, and govuk-frontend's
// fixtures are in partialsForms, partialsComponents and partialsGovukFixtures tests.

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
