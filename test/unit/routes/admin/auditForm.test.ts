import fc from 'fast-check'
import { filterQuery, pagination, parseAuditFilter, showingText } from '../../../../server/routes/admin/auditForm'

// The audit log's filter as the query string carries it, and its pages.

const PERSON = '01a24e33-d987-7165-b975-b1d732b0e7d6'
const USER = '01a24e33-d95c-7ed9-af3d-f98adb780db6'

describe('reading the audit filter', () => {
  it('when every filter is given, then the query has the person, user, action and London dates, and the typed values are kept', () => {
    const form = parseAuditFilter({
      person: PERSON,
      user: USER,
      action: 'view_person',
      'from[day]': '1',
      'from[month]': 'mar',
      'from[year]': '2026',
      'to[day]': ' 31 ',
      'to[month]': '3',
      'to[year]': '2026',
      page: '3',
    })

    expect(form.errors).toEqual([])
    expect(form.query).toEqual({
      personId: PERSON,
      userId: USER,
      action: 'view_person',
      from: '2026-03-01',
      to: '2026-03-31',
    })
    expect(form.values.from).toEqual({ day: '1', month: 'mar', year: '2026' })
    expect(form.page).toBe(3)
  })

  it('when nothing is given, then there is no filter and no error: the whole log, page 1', () => {
    const form = parseAuditFilter({})

    expect(form).toEqual(
      expect.objectContaining({
        query: { personId: undefined, userId: undefined, action: undefined, from: undefined, to: undefined },
        errors: [],
        page: 1,
      }),
    )
  })

  it('when a date is part-typed, not real, or the range runs backwards, then each error names its field in the GOV.UK words', () => {
    expect(parseAuditFilter({ 'from[day]': '30', 'from[month]': '2', 'from[year]': '2026' }).errors).toEqual([
      { field: 'from', message: 'From date must be a real date' },
    ])
    expect(parseAuditFilter({ 'to[day]': '3', 'to[year]': '2026' }).errors).toEqual([
      { field: 'to', message: 'To date must include a month' },
    ])
    expect(
      parseAuditFilter({
        'from[day]': '2',
        'from[month]': '3',
        'from[year]': '2026',
        'to[day]': '1',
        'to[month]': '3',
        'to[year]': '2026',
      }).errors,
    ).toEqual([{ field: 'to', message: 'To date must be the same as or after the from date' }])
  })

  it('when the person or user is not an id, then it is refused, never passed on', () => {
    const form = parseAuditFilter({ person: "1' OR '1'='1", user: 'x' })

    expect(form.query.personId).toBeUndefined()
    expect(form.query.userId).toBeUndefined()
    expect(form.errors.map(e => e.field)).toEqual(['personSearch', 'user'])
  })

  it('when the page is not a positive whole number, then page 1', () => {
    for (const page of ['0', '-2', 'abc', '', undefined]) expect(parseAuditFilter({ page }).page).toBe(1)
  })

  it('property: the filter written as a query string reads back as the same filter', () => {
    const digits = (max: number) => fc.integer({ min: 1, max }).map(String)
    fc.assert(
      fc.property(
        fc.record({
          person: fc.constantFrom('', PERSON),
          user: fc.constantFrom('', USER),
          action: fc.constantFrom('', 'view_person', 'drug-test.export'),
          from: fc.record({ day: digits(28), month: digits(12), year: fc.constant('2026') }),
          to: fc.record({ day: digits(28), month: digits(12), year: fc.constant('2027') }),
        }),
        v => {
          const values = { ...v, personSearch: '' }
          const again = parseAuditFilter(Object.fromEntries(new URLSearchParams(filterQuery(values))))
          expect(again.values).toEqual(values)
        },
      ),
    )
  })
})

describe('the pages of the log', () => {
  const href = (n: number) => `/admin/audit?page=${n}`

  it('when there is one page, then no pagination', () => {
    expect(pagination(1, 1, href)).toEqual({ previous: null, next: null, items: null })
  })

  it('when in the middle of many pages, then the first, the last, this one and its neighbours, with an ellipsis for each gap', () => {
    const p = pagination(10, 25, href)

    expect(p.previous).toEqual({ href: href(9) })
    expect(p.next).toEqual({ href: href(11) })
    expect(p.items!.map(i => ('ellipsis' in i ? '…' : `${i.number}${i.current ? '*' : ''}`))).toEqual([
      '1',
      '…',
      '9',
      '10*',
      '11',
      '…',
      '25',
    ])
  })

  it('when counting what is shown, then "Showing 51 to 100 of 1,234 events"', () => {
    expect(showingText(51, 100, 1234)).toBe('Showing 51 to 100 of 1,234 events')
    expect(showingText(0, 0, 0)).toBe('No events')
  })
})
