import { ValidationError } from '../../../../server/errors'
import { sittingInput } from '../../../../server/services/scheduling/sittingService'
import {
  normaliseTime,
  parseCancelForm,
  parseSeriesForm,
  parseSittingChangeForm,
  parseSittingForm,
  refuseIfInvalid,
} from '../../../../server/routes/sittings/sittingForm'
import { parseBookingForm } from '../../../../server/routes/sittings/bookingForm'

const ORDER = ['courtId', 'date', 'startTime', 'courtroom', 'capacity', 'slotMinutes', 'benchUserIds']

describe('parseSittingForm', () => {
  it('when every answer is given, then the service gets an ISO date, numbers and a list of bench ids', () => {
    const parsed = parseSittingForm({
      courtId: 'c1',
      date: { day: '4', month: 'Mar', year: '2027' },
      startTime: '9.30',
      courtroom: '3',
      capacity: '12',
      slotMinutes: '15',
      benchUserIds: 'u1',
    })

    expect(parsed.errors).toEqual([])
    expect(parsed.courtId).toBe('c1')
    expect(parsed.input).toEqual({
      date: '2027-03-04',
      startTime: '09:30',
      courtroom: '3',
      capacity: 12,
      slotMinutes: 15,
      benchUserIds: ['u1'],
    })
  })

  it('when the date is not a real date and no court is chosen, then both are problems and the typed date is kept', () => {
    const parsed = parseSittingForm({ date: { day: '30', month: '2', year: '2027' } })

    expect(parsed.errors).toEqual([
      { field: 'courtId', message: 'Select the court' },
      { field: 'date', message: 'Date of the sitting must be a real date' },
    ])
    expect(parsed.values).toEqual(
      expect.objectContaining({ date: { day: '30', month: '2', year: '2027' }, dateErrorFields: ['day'] }),
    )
  })

  it('when numbers are blank, then they go to the service as missing, not as zero', () => {
    const parsed = parseSittingForm({ courtId: 'c1', capacity: ' ', slotMinutes: '' })

    expect(parsed.input.capacity).toBeUndefined()
    expect(parsed.input.slotMinutes).toBeUndefined()
  })
})

describe('parseSeriesForm', () => {
  it('when both dates are given, then the series runs from the first to the last', () => {
    const parsed = parseSeriesForm({
      courtId: 'c1',
      from: { day: '1', month: '4', year: '2027' },
      to: { day: '', month: '', year: '' },
    })

    expect(parsed.input.from).toBe('2027-04-01')
    expect(parsed.errors).toEqual([{ field: 'to', message: 'Enter date of the last sitting' }])
  })
})

describe('normaliseTime', () => {
  it.each([
    ['9:30', '09:30'],
    ['0930', '09:30'],
    ['14.00', '14:00'],
    [' 10:00 ', '10:00'],
    ['ten', 'ten'],
  ])('when %p is typed, then the service gets %p', (typed, expected) => {
    expect(normaliseTime(typed)).toBe(expected)
  })
})

describe('refuseIfInvalid', () => {
  it('when the form found a problem, then the schema’s problems are added in form order, one per field', () => {
    const parsed = parseSittingForm({
      courtId: 'c1',
      date: { day: '31', month: '4', year: '2027' },
      startTime: '25:00',
    })

    let thrown: unknown
    try {
      refuseIfInvalid(parsed, sittingInput, ORDER)
    } catch (err) {
      thrown = err
    }

    expect(thrown).toBeInstanceOf(ValidationError)
    expect((thrown as ValidationError).errors.map(e => e.field)).toEqual([
      'date',
      'startTime',
      'courtroom',
      'capacity',
      'slotMinutes',
    ])
    expect((thrown as ValidationError).errors[0].message).toBe('Date of the sitting must be a real date')
  })

  it('when the form found nothing wrong, then the service is left to check the rest', () => {
    const parsed = parseSittingForm({ courtId: 'c1', date: { day: '1', month: '4', year: '2027' } })

    expect(() => refuseIfInvalid(parsed, sittingInput, ORDER)).not.toThrow()
  })
})

describe('the change and cancel forms', () => {
  it('when a sitting is changed, then capacity and version are numbers and the bench a list', () => {
    expect(parseSittingChangeForm({ courtroom: '2', capacity: '8', version: '3' }).input).toEqual({
      courtroom: '2',
      capacity: 8,
      benchUserIds: [],
      version: 3,
    })
  })

  it('when a cancellation has no reason, then the reason is asked for', () => {
    expect(parseCancelForm({ reason: '   ', version: '2' }).errors).toEqual([
      { field: 'reason', message: 'Enter the reason for cancelling the sitting' },
    ])
  })

  it('when a cancellation reason is too long, then it is refused', () => {
    expect(parseCancelForm({ reason: 'x'.repeat(501), version: '2' }).errors).toEqual([
      { field: 'reason', message: 'Reason must be 500 characters or fewer' },
    ])
  })
})

describe('parseBookingForm', () => {
  it('when an adjournment leaves the sitting blank, then the scheduler is asked to choose', () => {
    expect(parseBookingForm({ sittingId: '', reason: 'Ill', version: '4' }, 'adjourn').input).toEqual({
      sittingId: undefined,
      reason: 'Ill',
      version: 4,
    })
  })

  it('when a review is vacated, then only the reason and version are sent', () => {
    expect(parseBookingForm({ sittingId: 's1', reason: 'Error', version: '1' }, 'vacate').input).toEqual({
      reason: 'Error',
      version: 1,
    })
  })
})
