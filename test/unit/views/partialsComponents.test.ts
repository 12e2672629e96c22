import { HOSTILE, HOSTILE_ESCAPED, normalise, render } from './partialsSupport'

// views/partials display components: button, tag, summary list, block partials, pagination and MoJ partials.

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
