import { EQUALITY_ITEMS, parsePersonForm, personFormValues } from '../../../../server/routes/cases/personForm'
import { personInput } from '../../../../server/services/caseService'

/** Issue 22 point 4: the person form's optional equality monitoring questions. */
describe('equality monitoring on the person form', () => {
  const base = { name: 'Sam Hill', dateOfBirth: { day: '7', month: '5', year: '1990' }, crn: 'X123456', pnc: '' }

  it('when answers are chosen, then the service gets their codes; when none, not recorded', () => {
    const chosen = parsePersonForm({ ...base, sex: 'female', ethnicity: 'mixed' })
    expect(personInput.parse(chosen.input)).toMatchObject({ sex: 'female', ethnicity: 'mixed' })
    const none = parsePersonForm({ ...base, sex: '', ethnicity: '' })
    expect(personInput.parse(none.input)).toMatchObject({ sex: null, ethnicity: null })
  })

  it('when a code is not one of the categories, then the error names the question', () => {
    const form = parsePersonForm({ ...base, sex: 'm', ethnicity: 'White British' })
    const result = personInput.safeParse(form.input)
    expect(result.success).toBe(false)
    const messages = result.error!.issues.map(i => [String(i.path[0]), i.message])
    expect(messages).toEqual(
      expect.arrayContaining([
        ['sex', 'Sex must be one of the answers listed, or not recorded'],
        ['ethnicity', 'Ethnic group must be one of the groups listed, or not recorded'],
      ]),
    )
  })

  it('offers the MoJ categories, "Prefer not to say", and a way to leave the question unanswered', () => {
    expect(EQUALITY_ITEMS.sex.map(i => ('text' in i ? i.text : i.divider))).toEqual([
      'Male',
      'Female',
      'Prefer not to say',
      'or',
      'Not recorded',
    ])
    expect(EQUALITY_ITEMS.ethnicity.map(i => ('value' in i ? i.value : '|'))).toEqual([
      'asian',
      'black',
      'mixed',
      'white',
      'other',
      'prefer_not_to_say',
      '|',
      '',
    ])
  })

  it('shows saved answers back on the clerk’s form, and blank when not recorded', () => {
    const person = { id: 'p', name: 'Sam', dateOfBirth: '1990-05-07', crn: 'X123456', pnc: null, version: 1 }
    expect(personFormValues(person, { sex: 'male', ethnicity: null })).toMatchObject({ sex: 'male', ethnicity: '' })
  })
})
