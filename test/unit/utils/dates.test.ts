import fc from 'fast-check'
import { DateTime } from 'luxon'
import { FixedClock } from '../../../server/utils/clock'
import {
  addCalendarMonths,
  addDays,
  compareDates,
  daysBetween,
  endOfLocalDay,
  formatDate,
  formatDateTime,
  formatShortDate,
  formatTime,
  isIsoDate,
  isTime,
  isWeekend,
  isWorkingDay,
  localDateOf,
  localInstant,
  localTimeOf,
  maxDate,
  minDate,
  nextWorkingDayOnOrAfter,
  parseDateParts,
  previousWorkingDayOnOrBefore,
  slotStartsAt,
  todayIn,
  toLocalIso,
  toUtcIso,
  weekdayOf,
  workingDaysBefore,
  ZONE,
} from '../../../server/utils/dates'

// England and Wales bank holidays, 2026 (gov.uk/bank-holidays.json). Boxing Day falls on a
// Saturday, so the substitute day is Monday 28 December.
const HOLIDAYS_2026 = new Set([
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
])

const millisBetween = (a: string, b: string) => Date.parse(b) - Date.parse(a)

describe('calendar months', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('when %s plus %i month(s), then %s', (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected)
  })

  it('when a month is added twice from 31 January, then the second lands on 28 March, not 31 March', () => {
    // Each review counts from the previous review's date, not from the order date.
    expect(addCalendarMonths(addCalendarMonths('2026-01-31', 1), 1)).toBe('2026-03-28')
  })

  it('when months is not a whole number, then it refuses', () => {
    expect(() => addCalendarMonths('2026-01-31', 1.5)).toThrow(RangeError)
  })

  it('when the date is not a real calendar date, then it refuses', () => {
    expect(() => addCalendarMonths('2026-02-30', 1)).toThrow(RangeError)
    expect(() => addCalendarMonths('2026-2-3', 1)).toThrow(RangeError)
  })

  it('when compared with luxon plus({ months }) for any date and month count, then they agree', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -60, max: 60 }),
        (when, months) => {
          const date = DateTime.fromJSDate(when, { zone: 'utc' }).toISODate()!
          expect(addCalendarMonths(date, months)).toBe(
            DateTime.fromISO(date, { zone: 'utc' }).plus({ months }).toISODate(),
          )
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('days', () => {
  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-10-24', 2, '2026-10-26'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
  ])('when %s plus %i day(s), then %s (clock changes and leap years included)', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected)
  })

  it('when counting days across a clock change or a leap day, then each calendar day counts once', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2)
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2)
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
    expect(daysBetween('2026-04-07', '2026-04-01')).toBe(-6)
  })

  it('when compared with luxon for any date and step, then addDays, daysBetween and weekdayOf agree', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -2000, max: 2000 }),
        (when, days) => {
          const start = DateTime.fromJSDate(when, { zone: 'utc' }).startOf('day')
          const date = start.toISODate()!
          const expected = start.plus({ days })
          expect(addDays(date, days)).toBe(expected.toISODate())
          expect(daysBetween(date, expected.toISODate()!)).toBe(days)
          expect(weekdayOf(date)).toBe(start.weekday)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('when dates are compared, then earlier sorts first', () => {
    expect(compareDates('2026-04-06', '2026-04-07')).toBeLessThan(0)
    expect(compareDates('2026-04-07', '2026-04-07')).toBe(0)
    expect(compareDates('2027-01-01', '2026-12-31')).toBeGreaterThan(0)
    expect(['2026-04-07', '2025-12-31', '2026-01-01'].sort(compareDates)).toEqual([
      '2025-12-31',
      '2026-01-01',
      '2026-04-07',
    ])
    expect(maxDate('2026-04-07', '2026-04-01')).toBe('2026-04-07')
    expect(minDate('2026-04-07', '2026-04-01')).toBe('2026-04-01')
  })
})

describe('working days', () => {
  it('when a date is a Saturday or Sunday, then it is a weekend', () => {
    expect(isWeekend('2026-04-04')).toBe(true)
    expect(isWeekend('2026-04-05')).toBe(true)
    expect(isWeekend('2026-04-03')).toBe(false)
    expect(weekdayOf('2026-04-07')).toBe(2)
  })

  it('when a weekday is a bank holiday, then it is not a working day', () => {
    expect(isWorkingDay('2026-04-03', HOLIDAYS_2026)).toBe(false)
    expect(isWorkingDay('2026-04-06', HOLIDAYS_2026)).toBe(false)
    expect(isWorkingDay('2026-04-07', HOLIDAYS_2026)).toBe(true)
    expect(isWorkingDay('2026-04-06')).toBe(true)
  })

  it('when looking for the next working day from Good Friday, then it skips the Easter weekend and Monday', () => {
    expect(nextWorkingDayOnOrAfter('2026-04-03', HOLIDAYS_2026)).toBe('2026-04-07')
    expect(nextWorkingDayOnOrAfter('2026-04-07', HOLIDAYS_2026)).toBe('2026-04-07')
    expect(nextWorkingDayOnOrAfter('2026-12-25', HOLIDAYS_2026)).toBe('2026-12-29')
  })

  it('when looking for the previous working day from Easter Monday, then it is the Thursday before Good Friday', () => {
    expect(previousWorkingDayOnOrBefore('2026-04-06', HOLIDAYS_2026)).toBe('2026-04-02')
  })

  it.each([
    [0, '2026-04-07'],
    [1, '2026-04-02'],
    [2, '2026-04-01'],
    [3, '2026-03-31'],
    [5, '2026-03-27'],
  ])('when %i working day(s) before Tuesday 7 April 2026 (after Easter), then %s', (n, expected) => {
    expect(workingDaysBefore('2026-04-07', n, HOLIDAYS_2026)).toBe(expected)
  })

  it('when no bank holidays are given, then only weekends are skipped', () => {
    expect(workingDaysBefore('2026-04-07', 1)).toBe('2026-04-06')
    expect(workingDaysBefore('2026-04-06', 1)).toBe('2026-04-03')
  })

  it('when n is 0 and the date is not a working day, then it is the working day before', () => {
    expect(workingDaysBefore('2026-04-06', 0, HOLIDAYS_2026)).toBe('2026-04-02')
    expect(workingDaysBefore('2026-04-05', 0)).toBe('2026-04-03')
  })

  it('when n is negative or fractional, then it refuses', () => {
    expect(() => workingDaysBefore('2026-04-07', -1, HOLIDAYS_2026)).toThrow(RangeError)
    expect(() => workingDaysBefore('2026-04-07', 1.5, HOLIDAYS_2026)).toThrow(RangeError)
  })
})

describe('London instants', () => {
  it.each([
    ['2026-03-28', '10:00', '2026-03-28T10:00:00+00:00'],
    ['2026-03-29', '10:00', '2026-03-29T10:00:00+01:00'],
    ['2026-03-31', '10:00', '2026-03-31T10:00:00+01:00'],
    ['2026-10-24', '10:00', '2026-10-24T10:00:00+01:00'],
    ['2026-10-25', '10:00', '2026-10-25T10:00:00+00:00'],
    ['2026-01-15', '14:30', '2026-01-15T14:30:00+00:00'],
  ])('when %s at %s London time, then %s', (date, time, expected) => {
    expect(localInstant(date, time)).toBe(expected)
  })

  it('when a time does not exist because the clocks went forward, then it moves forward by the hour skipped', () => {
    expect(localInstant('2026-03-29', '01:30')).toBe('2026-03-29T02:30:00+01:00')
  })

  it('when the date or time is malformed, then it refuses', () => {
    expect(() => localInstant('2026-02-30', '10:00')).toThrow(RangeError)
    expect(() => localInstant('2026-03-31', '9:00')).toThrow(RangeError)
    expect(() => localInstant('2026-03-31', '24:00')).toThrow(RangeError)
  })

  it('when the same slot series is produced in GMT and in BST, then the wall-clock times match and only the offset differs', () => {
    const series = (date: string) => [0, 1, 2, 3].map(i => slotStartsAt(date, '10:00', 20, i))

    const winter = series('2026-03-24')
    const summer = series('2026-03-31')

    expect(winter).toEqual([
      '2026-03-24T10:00:00+00:00',
      '2026-03-24T10:20:00+00:00',
      '2026-03-24T10:40:00+00:00',
      '2026-03-24T11:00:00+00:00',
    ])
    expect(summer).toEqual([
      '2026-03-31T10:00:00+01:00',
      '2026-03-31T10:20:00+01:00',
      '2026-03-31T10:40:00+01:00',
      '2026-03-31T11:00:00+01:00',
    ])
    expect(toUtcIso(summer[0])).toBe('2026-03-31T09:00:00.000Z')
  })

  it('when a sitting runs across the spring clock change, then slots stay slotMinutes apart in real time', () => {
    const first = slotStartsAt('2026-03-29', '00:30', 60, 0)
    const second = slotStartsAt('2026-03-29', '00:30', 60, 1)

    expect(first).toBe('2026-03-29T00:30:00+00:00')
    expect(second).toBe('2026-03-29T02:30:00+01:00')
    expect(millisBetween(first, second)).toBe(60 * 60 * 1000)
  })

  it('when a sitting runs across the autumn clock change, then the repeated hour is a separate slot', () => {
    const slots = [0, 1, 2].map(i => slotStartsAt('2026-10-25', '00:30', 60, i))

    expect(slots).toEqual(['2026-10-25T00:30:00+01:00', '2026-10-25T01:30:00+01:00', '2026-10-25T01:30:00+00:00'])
  })

  it('when slots start at any time from 9am to 4pm on any day in 2025 to 2028, then the offset follows British Summer Time and slots are slotMinutes apart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: daysBetween('2025-01-01', '2028-12-31') }),
        fc.integer({ min: 9 * 60, max: 16 * 60 }),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 0, max: 12 }),
        (dayOffset, startMinute, slotMinutes, index) => {
          const date = addDays('2025-01-01', dayOffset)
          const time = `${String(Math.floor(startMinute / 60)).padStart(2, '0')}:${String(startMinute % 60).padStart(2, '0')}`
          const slot = slotStartsAt(date, time, slotMinutes, index)
          const next = slotStartsAt(date, time, slotMinutes, index + 1)
          const inDst = DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).isInDST

          expect(slot.endsWith(inDst ? '+01:00' : '+00:00')).toBe(true)
          expect(millisBetween(slot, next)).toBe(slotMinutes * 60 * 1000)
          expect(slotStartsAt(date, time, slotMinutes, 0)).toBe(localInstant(date, time))
          expect(localInstant(date, time).slice(0, 16)).toBe(`${date}T${time}`)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('when the slot length or index is invalid, then it refuses', () => {
    expect(() => slotStartsAt('2026-03-31', '10:00', 0, 1)).toThrow(RangeError)
    expect(() => slotStartsAt('2026-03-31', '10:00', 20, -1)).toThrow(RangeError)
  })

  it('when asked for the end of a London day, then it is 23:59:59 with that day’s offset', () => {
    expect(endOfLocalDay('2026-04-01')).toBe('2026-04-01T23:59:59+01:00')
    expect(endOfLocalDay('2026-01-15')).toBe('2026-01-15T23:59:59+00:00')
    expect(endOfLocalDay('2026-03-29')).toBe('2026-03-29T23:59:59+01:00')
    expect(endOfLocalDay('2026-10-25')).toBe('2026-10-25T23:59:59+00:00')
  })

  it('when converting to UTC for storage, then the result is a fixed-width Z instant', () => {
    expect(toUtcIso('2026-03-31T10:00:00+01:00')).toBe('2026-03-31T09:00:00.000Z')
    expect(toUtcIso('2026-01-15T10:00:00+00:00')).toBe('2026-01-15T10:00:00.000Z')
    expect(toUtcIso(new Date(Date.UTC(2026, 3, 7, 9, 20)))).toBe('2026-04-07T09:20:00.000Z')
  })

  it('when an instant has no offset, then it is read as London time, not the server’s zone', () => {
    expect(toUtcIso('2026-07-01T10:00')).toBe('2026-07-01T09:00:00.000Z')
  })

  it('when converting a stored UTC instant for the API, then it is London time with offset and no milliseconds', () => {
    expect(toLocalIso('2026-03-31T09:00:00.000Z')).toBe('2026-03-31T10:00:00+01:00')
    expect(toLocalIso('2026-01-15T09:00:00.123Z')).toBe('2026-01-15T09:00:00+00:00')
    expect(toLocalIso(new Date(Date.UTC(2026, 9, 25, 0, 30)))).toBe('2026-10-25T01:30:00+01:00')
  })

  it('when an instant string is not an instant, then it refuses', () => {
    expect(() => toUtcIso('next Tuesday')).toThrow(RangeError)
  })

  it('when an instant is late evening UTC in summer, then its London date and time are the next morning', () => {
    expect(localDateOf('2026-06-30T23:30:00Z')).toBe('2026-07-01')
    expect(localTimeOf('2026-06-30T23:30:00Z')).toBe('00:30')
  })

  it('when the clock reads late evening UTC, then today is the London date', () => {
    expect(todayIn(new FixedClock('2026-01-31T23:30:00Z'))).toBe('2026-01-31')
    expect(todayIn(new FixedClock('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
  })

  it('when the zone is asked for, then it is London', () => {
    expect(ZONE).toBe('Europe/London')
  })
})

describe('FixedClock', () => {
  it('when advanced by minutes or days, then it moves by that much elapsed time and no more', () => {
    const clock = new FixedClock('2026-03-28T12:00:00Z')

    clock.advance({ minutes: 30 })
    expect(clock.now().toISOString()).toBe('2026-03-28T12:30:00.000Z')
    clock.advance({ days: 1 })
    expect(clock.now().toISOString()).toBe('2026-03-29T12:30:00.000Z')
    clock.advance(1000)
    expect(clock.now().toISOString()).toBe('2026-03-29T12:30:01.000Z')
  })

  it('when set, then it reads the new instant; when a caller mutates what it returned, then the clock does not move', () => {
    const clock = new FixedClock(new Date(Date.UTC(2026, 0, 1)))

    clock.set('2026-04-07T09:20:00Z')
    clock.now().setUTCFullYear(1999)

    expect(clock.now().toISOString()).toBe('2026-04-07T09:20:00.000Z')
  })

  it('when given something that is not an instant, then it refuses', () => {
    expect(() => new FixedClock('soon')).toThrow()
  })
})

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
