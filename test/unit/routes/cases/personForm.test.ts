import { parsePersonForm, personFormValues } from '../../../../server/routes/cases/personForm'

describe('parsePersonForm', () => {
  it('when every box is filled in, then the service gets a calendar date and the typed text', () => {
    const form = parsePersonForm({
      name: 'Llŷr Siôn',
      dateOfBirth: { day: '7', month: 'Apr', year: '1991' },
      crn: 'x123456',
      pnc: '',
    })

    expect(form.errors).toEqual([])
    expect(form.input).toEqual({
      name: 'Llŷr Siôn',
      dateOfBirth: '1991-04-07',
      crn: 'x123456',
      pnc: '',
      sex: '',
      ethnicity: '',
    })
    expect(form.values.dateOfBirth).toEqual({ day: '7', month: 'Apr', year: '1991' })
  })

  it('when the date of birth is missing a part, then the error names it and marks only that box', () => {
    const form = parsePersonForm({ name: 'A', dateOfBirth: { day: '7', month: '', year: '1991' }, crn: 'X123456' })

    expect(form.input.dateOfBirth).toBeUndefined()
    expect(form.errors).toEqual([{ field: 'dateOfBirth', message: 'Date of birth must include a month' }])
    expect(form.values.dateOfBirth).toEqual({ day: '7', month: '', year: '1991', errorParts: ['month'] })
  })

  it('when fields are missing or not text, then they are read as blank', () => {
    const form = parsePersonForm({ name: ['a', 'b'], dateOfBirth: 'nonsense' })

    expect(form.input).toEqual({ name: '', dateOfBirth: undefined, crn: '', pnc: '', sex: '', ethnicity: '' })
    expect(form.errors).toEqual([{ field: 'dateOfBirth', message: 'Enter date of birth' }])
  })
})

describe('personFormValues', () => {
  it('when a saved person is changed, then the date boxes show the date without leading zeros', () => {
    const values = personFormValues({
      id: 'p1',
      name: 'Sam',
      dateOfBirth: '1990-05-07',
      crn: 'X123456',
      pnc: null,
      version: 3,
    })

    expect(values).toEqual({
      name: 'Sam',
      dateOfBirth: { day: '7', month: '5', year: '1990' },
      crn: 'X123456',
      pnc: '',
      sex: '',
      ethnicity: '',
    })
  })
})
