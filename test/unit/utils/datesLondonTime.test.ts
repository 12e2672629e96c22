import fc from 'fast-check'
import { DateTime } from 'luxon'
import { FixedClock } from '../../../server/utils/clock'
import {
  addDays,
  daysBetween,
  endOfLocalDay,
  localDateOf,
  localInstant,
  localTimeOf,
  slotStartsAt,
  todayIn,
  toLocalIso,
  toUtcIso,
  ZONE,
} from '../../../server/utils/dates'

// London wall-clock instants in server/utils/dates (GMT/BST, slots, storage conversions), and FixedClock.

const millisBetween = (a: string, b: string) => Date.parse(b) - Date.parse(a)

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

  it.each([
    // The clock's changes (01:00 UTC on the last Sundays of March and October), either side of midnight.
    ['2026-03-29T00:59:59.999Z', '2026-03-29'],
    ['2026-03-28T23:59:59.999Z', '2026-03-28'],
    ['2026-10-24T22:59:59.999Z', '2026-10-24'],
    ['2026-10-24T23:00:00.000Z', '2026-10-25'],
    ['2026-10-25T00:59:59.999Z', '2026-10-25'],
    ['2026-10-25T23:59:59.999Z', '2026-10-25'],
    ['2026-10-25T00:00:00.000Z', '2026-10-25'],
    ['1970-06-01T23:30:00Z', '1970-06-02'], // British Standard Time: an hour ahead all year
  ])('when the clock reads %s, then today in London is %s', (now, date) => {
    expect(todayIn(new FixedClock(now))).toBe(date)
    expect(localDateOf(new Date(now))).toBe(date)
  })

  it('when an instant is given as a Date, then its London date is luxon’s, for any instant (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }),
        d => localDateOf(d) === DateTime.fromJSDate(d, { zone: ZONE }).toISODate(),
      ),
      { numRuns: 2000 },
    )
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
