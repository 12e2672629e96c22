import { providerUpdateInput } from '../../../../server/services/progress/providerInput'
import { fieldErrors } from '../../../../server/services/validation'

const fields = (input: unknown) => {
  const r = providerUpdateInput.safeParse(input)
  return r.success ? [] : fieldErrors(r.error).map(e => e.field)
}

describe('providerUpdateInput', () => {
  it('when the update is complete, then it passes with the view trimmed', () => {
    const r = providerUpdateInput.parse({
      treatmentView: '  Doing well  ',
      appointmentsOffered: 3,
      appointmentsKept: 3,
    })
    expect(r.treatmentView).toBe('Doing well')
  })

  it.each([
    [{ treatmentView: '', appointmentsOffered: 1, appointmentsKept: 0 }, ['treatmentView']],
    [{ treatmentView: 'x'.repeat(10001), appointmentsOffered: 1, appointmentsKept: 0 }, ['treatmentView']],
    [{ treatmentView: 'x', appointmentsOffered: -1, appointmentsKept: 0 }, ['appointmentsOffered']],
    [{ treatmentView: 'x', appointmentsOffered: 2, appointmentsKept: 1.5 }, ['appointmentsKept']],
    [{ treatmentView: 'x', appointmentsOffered: 2, appointmentsKept: 3 }, ['appointmentsKept']],
  ])('when the update is %j, then the fields %j are refused', (input, expected) => {
    expect(fields(input)).toEqual(expected)
  })
})
