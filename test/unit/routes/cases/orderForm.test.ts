import { orderFieldFor, parseOrderForm, ORDER_FIELDS } from '../../../../server/routes/cases/orderForm'
import { formErrors } from '../../../../server/routes/cases/formErrors'

const filled = {
  courtId: 'court-1',
  kind: 'community',
  madeOn: { day: '2', month: '3', year: '2026' },
  endsOn: { day: '', month: '', year: '' },
  caseReference: '01BH0123456',
  requirementKind: 'DRR',
  months: '18',
  reviewIntervalMonths: '1',
  residential: 'no',
  providerOrganisationId: 'org-1',
  responsibleOfficerId: 'user-1',
  willingToComply: 'yes',
  psrText: '',
}

describe('parseOrderForm', () => {
  it('when the form is filled in, then the service gets one order with one requirement', () => {
    const form = parseOrderForm(filled, 'person-1')

    expect(form.errors).toEqual([])
    expect(form.endsOnGiven).toBe(false)
    expect(form.input).toEqual({
      personId: 'person-1',
      courtId: 'court-1',
      kind: 'community',
      madeOn: '2026-03-02',
      endsOn: undefined,
      caseReference: '01BH0123456',
      requirements: [
        {
          kind: 'DRR',
          months: 18,
          reviewIntervalMonths: 1,
          residential: false,
          providerOrganisationId: 'org-1',
          responsibleOfficerId: 'user-1',
          willingToComply: true,
        },
      ],
      psrText: null,
    })
  })

  it('when the review interval is blank, then the requirement has no reviews (null), not a zero interval', () => {
    const form = parseOrderForm({ ...filled, reviewIntervalMonths: '  ' }, 'p')

    expect(form.input.requirements[0].reviewIntervalMonths).toBeNull()
  })

  it('when numbers are not numbers, then the service sees NaN and the typed text is kept', () => {
    const form = parseOrderForm({ ...filled, months: 'six', reviewIntervalMonths: 'two' }, 'p')

    expect(form.input.requirements[0].months).toBeNaN()
    expect(form.input.requirements[0].reviewIntervalMonths).toBeNaN()
    expect(form.values.months).toBe('six')
  })

  it('when willingness is not ticked and residential is not answered, then they are false and left to the service', () => {
    const form = parseOrderForm({ ...filled, willingToComply: undefined, residential: undefined }, 'p')

    expect(form.input.requirements[0].willingToComply).toBe(false)
    expect(form.input.requirements[0].residential).toBeUndefined()
    expect(form.values.willingToComply).toEqual([])
  })

  it('when an end date is typed but not real, then it is an error and the order is not sent without it', () => {
    const form = parseOrderForm({ ...filled, endsOn: { day: '31', month: '4', year: '2027' } }, 'p')

    expect(form.endsOnGiven).toBe(true)
    expect(form.input.endsOn).toBeUndefined()
    expect(form.errors).toEqual([{ field: 'endsOn', message: 'The date the order ends must be a real date' }])
    expect(form.values.endsOn.errorParts).toEqual(['day'])
  })

  it('when PSR text is only spaces, then no text is sent', () => {
    expect(parseOrderForm({ ...filled, psrText: ' \n ' }, 'p').input.psrText).toBeNull()
    expect(parseOrderForm({ ...filled, psrText: 'Report' }, 'p').input.psrText).toBe('Report')
  })
})

describe('orderFieldFor', () => {
  it.each([
    ['requirements.0.months', true, 'months'],
    ['requirements.0.kind', true, 'requirementKind'],
    ['requirements.0.reviewIntervalMonths', true, 'reviewIntervalMonths'],
    ['requirements', true, 'requirementKind'],
    ['courtId', true, 'courtId'],
    ['endsOn', true, 'endsOn'],
    ['endsOn', false, 'months'],
  ])('when the service names %s (end date given: %s), then the form field is %s', (field, given, expected) => {
    expect(orderFieldFor(field, given)).toBe(expected)
  })
})

describe('formErrors', () => {
  it('when the form and the service both find problems, then the form’s win, fields follow the page and unknown ones go to the form', () => {
    const errors = formErrors(
      ORDER_FIELDS,
      [{ field: 'madeOn', message: 'The date the order was made must be a real date' }],
      [
        { field: 'requirements.0.months', message: 'Enter the length' },
        { field: 'madeOn', message: 'Enter the date the order was made' },
        { field: 'courtId', message: 'Select the court' },
        { field: 'somethingElse', message: 'Try again' },
      ],
      f => orderFieldFor(f, false),
    )

    expect(errors).toEqual([
      { field: 'form', message: 'Try again' },
      { field: 'courtId', message: 'Select the court' },
      { field: 'madeOn', message: 'The date the order was made must be a real date' },
      { field: 'months', message: 'Enter the length' },
    ])
  })
})
