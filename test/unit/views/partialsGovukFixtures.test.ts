import { govukFixture, normalise, render, zeroBasedItemIds } from './partialsSupport'

// views/partials render the same HTML as govuk-frontend's own fixtures
// (node_modules/govuk-frontend/dist/govuk/components/<name>/fixtures.json).

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
