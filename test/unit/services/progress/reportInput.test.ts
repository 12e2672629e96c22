import { parseReport } from '../../../../server/services/progress/reportContent'
import { ValidationError } from '../../../../server/errors'

const FULL = {
  attendance: 'Attended',
  engagement: 'Engaged',
  treatment: 'Stable',
  testing: 'Negative',
  recommendation: 'continue',
}

function fieldsRefused(input: unknown): string[] {
  try {
    parseReport(input)
  } catch (err) {
    if (err instanceof ValidationError) return err.errors.map(e => e.field).sort()
    throw err
  }
  return []
}

describe('parseReport', () => {
  it('when a draft has only some sections, then it is accepted as written', () => {
    expect(parseReport({ attendance: '  half a thought ', submit: false })).toEqual({
      attendance: '  half a thought ',
      submit: false,
    })
  })

  it('when a report is submitted with sections blank, then each blank section and the recommendation are named', () => {
    expect(fieldsRefused({ attendance: ' ', submit: true })).toEqual([
      'attendance',
      'engagement',
      'recommendation',
      'testing',
      'treatment',
    ])
  })

  it('when amend is recommended without the change, then proposedAmendment is named, even beside a malformed count', () => {
    expect(fieldsRefused({ ...FULL, recommendation: 'amend', appointmentsOffered: -1, submit: true })).toEqual([
      'appointmentsOffered',
      'proposedAmendment',
    ])
  })

  it('when more appointments are kept than offered, then appointmentsKept is named', () => {
    expect(fieldsRefused({ ...FULL, appointmentsOffered: 2, appointmentsKept: 3, submit: true })).toEqual([
      'appointmentsKept',
    ])
  })

  it('when text is 10000 characters (counted by code point, not UTF-16 unit), then it is accepted; one more is refused', () => {
    const emoji = '👍🏽'.repeat(5000)
    expect(parseReport({ ...FULL, treatment: emoji, submit: true }).treatment).toBe(emoji)
    expect(fieldsRefused({ ...FULL, treatment: `${emoji}x`, submit: true })).toEqual(['treatment'])
  })

  it('when the recommendation is not one of the four or submit is not a boolean, then both are named', () => {
    expect(fieldsRefused({ ...FULL, recommendation: 'prison', submit: 'yes' })).toEqual(['recommendation', 'submit'])
  })
})
