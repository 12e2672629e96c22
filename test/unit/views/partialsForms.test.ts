import { HOSTILE, HOSTILE_ESCAPED, normalise, occurrences, render } from './partialsSupport'

// views/partials form components: error states, the error summary, radios and checkboxes, and the date input.

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
