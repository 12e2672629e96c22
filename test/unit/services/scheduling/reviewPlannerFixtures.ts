import { planReviews, type PlanInput, type SittingSlotInfo } from '../../../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, addDays, isWorkingDay, weekdayOf, type IsoDate } from '../../../../server/utils/dates'

// Shared bank holidays, sittings and plan inputs for the reviewPlanner unit tests.

// England and Wales bank holidays, 2026-2028 (gov.uk/bank-holidays.json).
export const BANK_HOLIDAYS: ReadonlySet<IsoDate> = new Set([
  '2026-01-01',
  '2026-04-03', // Good Friday
  '2026-04-06', // Easter Monday
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28', // Boxing Day (substitute day)
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27', // Christmas Day (substitute day)
  '2027-12-28', // Boxing Day (substitute day), a Tuesday
  '2028-01-03', // New Year's Day (substitute day)
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
])

export const NO_HOLIDAYS: ReadonlySet<IsoDate> = new Set()

export const TUESDAY = 2

export function aSitting(date: IsoDate, overrides: Partial<SittingSlotInfo> = {}): SittingSlotInfo {
  return {
    id: `sitting-${date}`,
    date,
    startTime: '10:00',
    slotMinutes: 20,
    capacity: 8,
    booked: 0,
    benchUserIds: ['magistrate-1', 'magistrate-2', 'magistrate-3'],
    ...overrides,
  }
}

/** A review court that sits every week on `first`'s weekday, from `first` to `last` (bank holidays too, as set up). */
export function weeklySittings(
  first: IsoDate,
  last: IsoDate,
  overrides: Partial<SittingSlotInfo> = {},
): SittingSlotInfo[] {
  const sittings: SittingSlotInfo[] = []
  for (let date = first; date <= last; date = addDays(date, 7)) sittings.push(aSitting(date, overrides))
  return sittings
}

/** A court that sits every working day from `first` to `last`. */
export function dailySittings(first: IsoDate, last: IsoDate, holidays: ReadonlySet<IsoDate>): SittingSlotInfo[] {
  const sittings: SittingSlotInfo[] = []
  for (let date = first; date <= last; date = addDays(date, 1)) {
    if (isWorkingDay(date, holidays)) sittings.push(aSitting(date))
  }
  return sittings
}

/** A court that sits on the second Tuesday of each month, for `months` months from `year`-`month`. */
export function secondTuesdays(year: number, month: number, months: number): SittingSlotInfo[] {
  return Array.from({ length: months }, (_, i) => {
    // The second Tuesday is the first Tuesday on or after the 8th.
    let date = addCalendarMonths(`${year}-${String(month).padStart(2, '0')}-08`, i)
    while (weekdayOf(date) !== TUESDAY) date = addDays(date, 1)
    return aSitting(date)
  })
}

export function aPlan(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    intervalMonths: 1,
    mode: 'hearing',
    from: '2026-01-06',
    endsOn: '2026-07-05',
    firstSequence: 1,
    // Every Tuesday of 2026.
    sittings: weeklySittings('2026-01-06', '2026-12-29'),
    holidays: BANK_HOLIDAYS,
    ...overrides,
  }
}

export const datesOf = (input: PlanInput) => planReviews(input).map(r => [r.targetDate, r.date, r.status])
