import type { SittingRow } from '../../../../server/data/sittingRepository'
import {
  calendarHref,
  continuityText,
  mondayOf,
  monthGrid,
  monthName,
  monthOf,
  monthRange,
  orderCourts,
  shiftMonth,
  sittingOption,
  weekDays,
  weekOf,
} from '../../../../server/routes/sittings/calendarModel'
import { continuityLabel, courtListRows } from '../../../../server/routes/sittings/courtListModel'
import { localInstant, toUtcIso } from '../../../../server/utils/dates'

const sitting = (date: string, time: string, overrides: Partial<SittingRow> = {}): SittingRow => ({
  id: `s-${date}-${time}`,
  courtId: 'c1',
  date,
  startTime: time,
  startsAt: toUtcIso(localInstant(date, time)),
  courtroom: '3',
  capacity: 4,
  slotMinutes: 15,
  status: 'open',
  seriesId: null,
  version: 1,
  benchUserIds: [],
  booked: 1,
  slotsInUse: 1,
  ...overrides,
})

describe('months and weeks', () => {
  it('when the month asked for is not YYYY-MM, then the current month is shown', () => {
    expect(monthOf('2027-03', '2026-05-02')).toBe('2027-03')
    expect(monthOf('2027-13', '2026-05-02')).toBe('2026-05')
    expect(monthOf(['2027-03'], '2026-05-02')).toBe('2026-05')
  })

  it('when months are shifted across a year end, then the year changes', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2027-01', -1)).toBe('2026-12')
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(monthName('2027-03')).toBe('March 2027')
  })

  it('when a week is asked for by any of its days, then it starts on the Monday', () => {
    expect(mondayOf('2026-05-17')).toBe('2026-05-11')
    expect(weekOf('2026-05-13', '2026-01-01')).toBe('2026-05-11')
    expect(weekOf('2026-02-30', '2026-05-13')).toBe('2026-05-11')
  })

  it('when links are built, then the court and month travel in the query string', () => {
    expect(calendarHref('c 1', '2027-03')).toBe('/calendar?court=c+1&month=2027-03')
    expect(calendarHref('c1')).toBe('/calendar?court=c1')
  })
})

describe('monthGrid', () => {
  it('when a month starts on a Saturday, then its first row is the week of its first weekday', () => {
    const weeks = monthGrid('2026-08', [], new Map(), '2026-08-03')

    expect(weeks[0].monday).toBe('2026-08-03')
    expect(weeks.at(-1)!.days.map(d => [d.date, d.inMonth])).toEqual([
      ['2026-08-31', true],
      ['2026-09-01', false],
      ['2026-09-02', false],
      ['2026-09-03', false],
      ['2026-09-04', false],
    ])
  })

  it('when a day has sittings and a bank holiday, then they are on that day, sittings in time order', () => {
    const weeks = monthGrid(
      '2026-08',
      [sitting('2026-08-06', '14:00'), sitting('2026-08-06', '10:00', { booked: 4 })],
      new Map([['2026-08-31', 'Summer bank holiday']]),
      '2026-08-06',
    )
    const thursday = weeks[0].days[3]

    expect(thursday.isToday).toBe(true)
    expect(thursday.sittings.map(s => [s.time, s.bookedText, s.full])).toEqual([
      ['10am', '4 of 4 booked', true],
      ['2pm', '1 of 4 booked', false],
    ])
    expect(weeks.at(-1)!.days[0].holiday).toBe('Summer bank holiday')
  })

  it('when a week is shown, then it is Monday to Friday', () => {
    expect(weekDays('2026-05-11', [], new Map(), '2026-05-11').map(d => d.label)).toEqual([
      'Monday 11 May 2026',
      'Tuesday 12 May 2026',
      'Wednesday 13 May 2026',
      'Thursday 14 May 2026',
      'Friday 15 May 2026',
    ])
  })
})

describe('labels', () => {
  it('when a sitting is offered in a select, then it says when, where and how many places are free', () => {
    expect(sittingOption(sitting('2028-04-06', '14:00', { courtroom: '5', booked: 1 }))).toBe(
      'Thursday 6 April 2028, 2pm, courtroom 5 — 3 of 4 places free',
    )
    expect(sittingOption(sitting('2028-04-06', '10:30', { capacity: 1, booked: 0 }))).toBe(
      'Thursday 6 April 2028, 10:30am, courtroom 3 — 1 of 1 place free',
    )
    expect(sittingOption(sitting('2028-04-06', '14:00', { booked: 4 }))).toBe(
      'Thursday 6 April 2028, 2pm, courtroom 3 — full',
    )
  })

  it('when continuity is measured, then it reads as counts and rounded percentages beside the 2011 mark', () => {
    expect(continuityText({ eligible: 9, partial: 7, full: 5 })).toBe(
      'Continuity of bench on 9 held hearings: at least one member in common with the person’s previous hearing 7 (78%); the same bench 5 (56%). The 2011 evaluation’s mark: 90% with a member in common.',
    )
    expect(continuityText({ eligible: 0, partial: 0, full: 0 })).toBeNull()
    expect([true, false, null].map(continuityLabel)).toEqual(['Yes', 'No', '—'])
  })

  it('when a clerk has courts of their own, then they come first', () => {
    const courts = [
      { id: 'a', name: 'Avon' },
      { id: 'b', name: 'Bath' },
      { id: 'c', name: 'Crewe' },
    ]
    expect(orderCourts(courts, ['c']).map(c => c.id)).toEqual(['c', 'a', 'b'])
  })

  it('when a sentencer reads the list, then rows carry no links to people or actions', () => {
    const rows = courtListRows(
      [
        {
          review: { id: 'r1', startsAt: '2026-04-02T09:15:00.000Z' } as never,
          personId: 'p1',
          personName: 'Jo',
          dateOfBirth: '1990-05-17',
          crn: 'X123456',
          caseReference: 'CR1',
          requirementKind: 'DRR',
          n: 2,
          m: 6,
          reportStatus: 'late',
          continuity: true,
          breachProceedings: false,
        },
      ],
      false,
      true,
      '2026-04-02',
    )

    expect(rows[0]).toEqual(
      expect.objectContaining({
        time: '10:15am',
        born: '17 May 1990',
        reviewOf: '2 of 6',
        report: { text: 'Late', colour: 'red' },
        continuity: 'Yes',
        personHref: null,
        moveHref: null,
        outcomeHref: null,
      }),
    )
  })

  it('when a clerk reads the list before the hearing day, then no outcome can be recorded yet; from that day it can', () => {
    const row = (today: string) =>
      courtListRows(
        [
          {
            review: {
              id: 'r1',
              status: 'scheduled',
              reviewDate: '2026-04-02',
              startsAt: '2026-04-02T09:15:00.000Z',
            } as never,
            personId: 'p1',
            personName: 'Jo',
            dateOfBirth: '1990-05-17',
            crn: 'X123456',
            caseReference: 'CR1',
            requirementKind: 'DRR',
            n: 2,
            m: 6,
            reportStatus: 'submitted',
            continuity: null,
            breachProceedings: true,
          },
        ],
        true,
        false,
        today,
      )[0]

    expect(row('2026-04-01')).toEqual(expect.objectContaining({ outcomeHref: null, breachProceedings: true }))
    expect(row('2026-04-02').outcomeHref).toBe('/reviews/r1/outcome')
    expect(row('2026-04-03').outcomeHref).toBe('/reviews/r1/outcome')
  })
})
