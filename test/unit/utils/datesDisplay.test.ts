import {
  formatDate,
  formatDateTime,
  formatShortDate,
  formatTime,
  isIsoDate,
  isTime,
  parseDateParts,
} from '../../../server/utils/dates'

// GOV.UK display formats, date-part parsing and format checks in server/utils/dates.

describe('GOV.UK display formats', () => {
  it('when formatting a date, then it reads "Tuesday 7 April 2026" or "7 April 2026"', () => {
    expect(formatDate('2026-04-07')).toBe('Tuesday 7 April 2026')
    expect(formatShortDate('2026-04-07')).toBe('7 April 2026')
    expect(formatShortDate('2026-10-25')).toBe('25 October 2026')
  })

  it('when a date is given as a stored instant, then it shows the London date of that instant', () => {
    expect(formatDate('2026-06-30T23:30:00.000Z')).toBe('Wednesday 1 July 2026')
    expect(formatShortDate(new Date(Date.UTC(2026, 0, 31, 23, 30)))).toBe('31 January 2026')
  })

  it.each([
    ['2026-04-07T09:00:00Z', '10am'],
    ['2026-04-07T09:20:00Z', '10:20am'],
    ['2026-04-07T11:00:00Z', '12pm'],
    ['2026-01-07T14:05:00Z', '2:05pm'],
    ['2026-01-07T00:00:00Z', '12am'],
    ['2026-01-07T12:45:00+00:00', '12:45pm'],
  ])('when formatting the time of %s, then it reads %s in London', (instant, expected) => {
    expect(formatTime(instant)).toBe(expected)
  })

  it('when formatting a date and time, then it reads "7 April 2026 at 10:20am" in London', () => {
    expect(formatDateTime('2026-04-07T09:20:00.000Z')).toBe('7 April 2026 at 10:20am')
    expect(formatDateTime('2026-06-30T23:30:00Z')).toBe('1 July 2026 at 12:30am')
  })
})

describe('parseDateParts', () => {
  it('when day, month and year make a real date, then it returns the ISO date', () => {
    expect(parseDateParts({ day: '7', month: '4', year: '2026' })).toEqual({ date: '2026-04-07' })
    expect(parseDateParts({ day: ' 07 ', month: '04', year: '2026' })).toEqual({ date: '2026-04-07' })
    expect(parseDateParts({ day: 29, month: 2, year: 2028 })).toEqual({ date: '2028-02-29' })
  })

  it('when the month is written as a name or abbreviation, then it is accepted', () => {
    expect(parseDateParts({ day: '7', month: 'April', year: '2026' }).date).toBe('2026-04-07')
    expect(parseDateParts({ day: '7', month: 'apr', year: '2026' }).date).toBe('2026-04-07')
    expect(parseDateParts({ day: '7', month: 'Sept', year: '2026' }).date).toBe('2026-09-07')
    expect(parseDateParts({ day: '7', month: 'Aprill', year: '2026' }).error).toBe('Date must be a real date')
  })

  it('when nothing is entered, then it asks for the date by its label', () => {
    expect(parseDateParts({ day: '', month: '', year: '' }, 'Date of birth')).toEqual({
      error: 'Enter date of birth',
      errorParts: ['day', 'month', 'year'],
    })
    expect(parseDateParts({}, 'PSR date').error).toBe('Enter PSR date')
  })

  it('when parts are missing, then it says which, prefixed by the label', () => {
    expect(parseDateParts({ day: '7', month: '', year: '2026' }, 'Date of birth')).toEqual({
      error: 'Date of birth must include a month',
      errorParts: ['month'],
    })
    expect(parseDateParts({ day: '', month: '', year: '2026' }, 'Order date')).toEqual({
      error: 'Order date must include a day and month',
      errorParts: ['day', 'month'],
    })
    expect(parseDateParts({ day: '7', month: '4' }).error).toBe('Date must include a year')
  })

  it.each([
    ['31', '2', '2026', 'day'],
    ['29', '2', '2026', 'day'],
    ['0', '4', '2026', 'day'],
    ['x', '4', '2026', 'day'],
    ['1', '13', '2026', 'month'],
  ])('when the date is %s/%s/%s, then it is not a real date and the %s is marked', (day, month, year, part) => {
    expect(parseDateParts({ day, month, year }, 'Date of birth')).toEqual({
      error: 'Date of birth must be a real date',
      errorParts: [part],
    })
  })

  it('when the year is not 4 numbers, then it says so', () => {
    expect(parseDateParts({ day: '7', month: '4', year: '26' })).toEqual({
      error: 'Year must include 4 numbers',
      errorParts: ['year'],
    })
  })
})

describe('format checks', () => {
  it('when a string is a real YYYY-MM-DD date, then isIsoDate says so', () => {
    expect(isIsoDate('2026-04-07')).toBe(true)
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('2026-4-7')).toBe(false)
    expect(isIsoDate('2026-04-07T10:00')).toBe(false)
    expect(isIsoDate(20260407)).toBe(false)
  })

  it('when a string is a 24-hour HH:mm time, then isTime says so', () => {
    expect(isTime('09:00')).toBe(true)
    expect(isTime('23:59')).toBe(true)
    expect(isTime('9:00')).toBe(false)
    expect(isTime('24:00')).toBe(false)
    expect(isTime('10:60')).toBe(false)
  })
})
