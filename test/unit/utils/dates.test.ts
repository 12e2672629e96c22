import fc from 'fast-check'
import { DateTime } from 'luxon'
import {
  addCalendarMonths,
  addDays,
  compareDates,
  daysBetween,
  isWeekend,
  isWorkingDay,
  maxDate,
  minDate,
  nextWorkingDayOnOrAfter,
  previousWorkingDayOnOrBefore,
  weekdayOf,
  workingDaysBefore,
} from '../../../server/utils/dates'

// Calendar arithmetic in server/utils/dates: calendar months, days and working days.

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
