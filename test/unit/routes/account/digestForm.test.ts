import { parseDigestForm } from '../../../../server/routes/account/digestForm'
import { ValidationError } from '../../../../server/errors'

describe('parseDigestForm', () => {
  it('when the answer is yes or no, then it says whether the digest is wanted', () => {
    expect(parseDigestForm({ digest: 'yes' })).toBe(true)
    expect(parseDigestForm({ digest: 'no' })).toBe(false)
  })

  it.each([{}, { digest: '' }, { digest: 'YES' }, { digest: ['yes', 'no'] }])(
    'when the answer is %p, then it asks for one on the digest field',
    body => {
      expect(() => parseDigestForm(body)).toThrow(ValidationError)
      try {
        parseDigestForm(body)
      } catch (err) {
        expect((err as ValidationError).errors).toEqual([
          { field: 'digest', message: 'Select yes if you want the daily digest email' },
        ])
      }
    },
  )
})
