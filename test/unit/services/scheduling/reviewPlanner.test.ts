import {
  chooseSitting,
  CONTINUITY_WINDOW_DAYS,
  decidedWithin,
  lookAheadRanges,
  LOOK_AHEAD_DAYS,
  mergeRanges,
  plan,
  planReviews,
  rangesNotRead,
  reportDueDate,
  type PlanInput,
  type SittingSlotInfo,
} from '../../../../server/services/scheduling/reviewPlanner'
import {
  addCalendarMonths,
  addDays,
  daysBetween,
  isWorkingDay,
  weekdayOf,
  type IsoDate,
} from '../../../../server/utils/dates'

// England and Wales bank holidays, 2026-2028 (gov.uk/bank-holidays.json).
const BANK_HOLIDAYS: ReadonlySet<IsoDate> = new Set([
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

const NO_HOLIDAYS: ReadonlySet<IsoDate> = new Set()

const TUESDAY = 2

function aSitting(date: IsoDate, overrides: Partial<SittingSlotInfo> = {}): SittingSlotInfo {
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
function weeklySittings(first: IsoDate, last: IsoDate, overrides: Partial<SittingSlotInfo> = {}): SittingSlotInfo[] {
  const sittings: SittingSlotInfo[] = []
  for (let date = first; date <= last; date = addDays(date, 7)) sittings.push(aSitting(date, overrides))
  return sittings
}

/** A court that sits every working day from `first` to `last`. */
function dailySittings(first: IsoDate, last: IsoDate, holidays: ReadonlySet<IsoDate>): SittingSlotInfo[] {
  const sittings: SittingSlotInfo[] = []
  for (let date = first; date <= last; date = addDays(date, 1)) {
    if (isWorkingDay(date, holidays)) sittings.push(aSitting(date))
  }
  return sittings
}

/** A court that sits on the second Tuesday of each month, for `months` months from `year`-`month`. */
function secondTuesdays(year: number, month: number, months: number): SittingSlotInfo[] {
  return Array.from({ length: months }, (_, i) => {
    // The second Tuesday is the first Tuesday on or after the 8th.
    let date = addCalendarMonths(`${year}-${String(month).padStart(2, '0')}-08`, i)
    while (weekdayOf(date) !== TUESDAY) date = addDays(date, 1)
    return aSitting(date)
  })
}

function aPlan(overrides: Partial<PlanInput> = {}): PlanInput {
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

const datesOf = (input: PlanInput) => planReviews(input).map(r => [r.targetDate, r.date, r.status])

describe('planReviews in hearing mode: targets chain from what is listed', () => {
  it('when an 18-month monthly DRR made on Friday 4 December 2026 is planned at a court sitting every Tuesday, then every review is listed within 7 days of its target, each target a month after the review before', () => {
    // The DRR runs to 3 June 2028; the court sits every Tuesday from 1 December 2026 to August 2028.
    const input = aPlan({
      from: '2026-12-04',
      endsOn: '2028-06-03',
      sittings: weeklySittings('2026-12-01', '2028-08-29'),
      previousBench: ['magistrate-1'],
    })

    const reviews = planReviews(input)

    expect(reviews.map(r => [r.sequence, r.targetDate, r.date])).toEqual([
      [1, '2027-01-04', '2027-01-05'], // 4 Dec 2026 + 1 month = Mon 4 Jan 2027 → Tue 5 Jan
      [2, '2027-02-05', '2027-02-09'], // 5 Jan + 1 month = Fri 5 Feb → Tue 9 Feb
      [3, '2027-03-09', '2027-03-09'], // 9 Feb + 1 month = 9 Mar, itself a Tuesday
      [4, '2027-04-09', '2027-04-13'], // Fri 9 Apr → Tue 13 Apr
      [5, '2027-05-13', '2027-05-18'], // Thu 13 May → Tue 18 May
      [6, '2027-06-18', '2027-06-22'], // Fri 18 Jun → Tue 22 Jun
      [7, '2027-07-22', '2027-07-27'], // Thu 22 Jul → Tue 27 Jul
      [8, '2027-08-27', '2027-08-31'], // Fri 27 Aug → Tue 31 Aug (Mon 30 Aug is a bank holiday)
      [9, '2027-09-30', '2027-10-05'], // 31 Aug + 1 month = Thu 30 Sep (September has 30 days) → Tue 5 Oct
      [10, '2027-11-05', '2027-11-09'], // Fri 5 Nov → Tue 9 Nov
      [11, '2027-12-09', '2027-12-14'], // Thu 9 Dec → Tue 14 Dec
      [12, '2028-01-14', '2028-01-18'], // Fri 14 Jan 2028 → Tue 18 Jan
      [13, '2028-02-18', '2028-02-22'], // Fri 18 Feb → Tue 22 Feb
      [14, '2028-03-22', '2028-03-28'], // Wed 22 Mar → Tue 28 Mar
      [15, '2028-04-28', '2028-05-02'], // Fri 28 Apr → Tue 2 May (Mon 1 May is a bank holiday)
      // 2 May + 1 month = Fri 2 June; the next Tuesday, 6 June, is after the end: no review 16.
    ])
    expect(reviews.every(r => r.status === 'scheduled' && r.sittingId === `sitting-${r.date}`)).toBe(true)
    expect(reviews.every(r => r.continuity === true)).toBe(true)
    for (const [i, review] of reviews.entries()) {
      expect(daysBetween(review.targetDate, review.date)).toBeLessThanOrEqual(7)
      // No review is listed on or after the date the next one is due: it never drifts into the next month.
      const next = reviews[i + 1]
      if (next) {
        expect(next.targetDate).toBe(addCalendarMonths(review.date, 1))
        expect(review.date < next.targetDate).toBe(true)
      }
    }
  })

  it('when the court sits only on the second Tuesday of each month, then the gaps alternate between one and two months, yet every review is at least a month after the one before and none is lost', () => {
    // A 12-month DRR made on Monday 5 January 2026, to 4 January 2027.
    const reviews = planReviews(
      aPlan({ from: '2026-01-05', endsOn: '2027-01-04', sittings: secondTuesdays(2026, 1, 20) }),
    )

    expect(reviews.map(r => [r.targetDate, r.date, r.status])).toEqual([
      ['2026-02-05', '2026-02-10', 'scheduled'], // Thu 5 Feb → February's sitting, 10 Feb
      ['2026-03-10', '2026-03-10', 'scheduled'], // 10 Mar is March's sitting
      ['2026-04-10', '2026-04-14', 'scheduled'], // Fri 10 Apr → 14 Apr
      ['2026-05-14', '2026-06-09', 'scheduled'], // Thu 14 May: May's sitting (12 May) is too early → 9 Jun
      ['2026-07-09', '2026-07-14', 'scheduled'], // Thu 9 Jul → 14 Jul
      ['2026-08-14', '2026-09-08', 'scheduled'], // Fri 14 Aug: August's (11 Aug) too early → 8 Sep
      ['2026-10-08', '2026-10-13', 'scheduled'], // Thu 8 Oct → 13 Oct
      ['2026-11-13', '2026-12-08', 'scheduled'], // Fri 13 Nov: November's (10 Nov) too early → 8 Dec
      // 8 Dec + 1 month = 8 Jan 2027, after the end.
    ])
    for (const [i, review] of reviews.entries())
      if (i > 0) expect(review.date >= addCalendarMonths(reviews[i - 1].date, 1)).toBe(true)
  })

  it('when the interval is two months, then each target is two months after the review before', () => {
    const reviews = planReviews(aPlan({ intervalMonths: 2, endsOn: '2026-12-31' }))

    expect(reviews.map(r => [r.targetDate, r.date])).toEqual([
      ['2026-03-06', '2026-03-10'], // 6 Jan + 2 months = Fri 6 Mar → Tue 10 Mar
      ['2026-05-10', '2026-05-12'], // 10 Mar + 2 months = Sun 10 May → Tue 12 May
      ['2026-07-12', '2026-07-14'], // Sun 12 Jul → Tue 14 Jul
      ['2026-09-14', '2026-09-15'], // Mon 14 Sep → Tue 15 Sep
      ['2026-11-15', '2026-11-17'], // Sun 15 Nov → Tue 17 Nov; 17 Jan 2027 is after the end
    ])
  })

  it('when a sitting falls on the order’s cadence but less than a month after the review before, then it is skipped', () => {
    // Review 1 is listed on 10 Feb, so review 2 is due on 10 Mar, not on 6 Mar (6 Jan + 2 months).
    const sittings = [aSitting('2026-02-10'), aSitting('2026-03-06'), aSitting('2026-03-09'), aSitting('2026-03-10')]

    const reviews = planReviews(aPlan({ endsOn: '2026-03-31', sittings }))

    expect(reviews.map(r => [r.targetDate, r.sittingId])).toEqual([
      ['2026-02-06', 'sitting-2026-02-10'],
      ['2026-03-10', 'sitting-2026-03-10'],
    ])
  })

  it('when the sittings fit the cadence badly, then the next review chains from the late listing and no review is planned that could not be held', () => {
    // The example the listing integration tests rely on: sittings on 3 Feb, 2 Mar, 6 Apr and 4 May 2028.
    const sittings = ['2028-02-03', '2028-03-02', '2028-04-06', '2028-05-04'].map(date =>
      aSitting(date, { capacity: 4 }),
    )

    const result = plan(aPlan({ from: '2028-01-03', endsOn: '2028-05-02', sittings, holidays: NO_HOLIDAYS }))

    expect(result.reviews).toEqual([
      {
        sequence: 1,
        targetDate: '2028-02-03',
        mode: 'hearing',
        sittingId: 'sitting-2028-02-03',
        date: '2028-02-03',
        status: 'scheduled',
        continuity: null,
        // With no bench to follow, the first free sitting settles it.
        searchedTo: '2028-02-03',
      },
      {
        // 3 Feb + 1 month = 3 Mar: 2 March is too early, so 6 April.
        sequence: 2,
        targetDate: '2028-03-03',
        mode: 'hearing',
        sittingId: 'sitting-2028-04-06',
        date: '2028-04-06',
        status: 'scheduled',
        continuity: true,
        // No free sitting in the week after 3 March: the first one after it settles it.
        searchedTo: '2028-04-06',
      },
      // 6 Apr + 1 month = 6 May, after the end: no review 3.
    ])
    expect(result.dependsOn).toEqual([
      ['2028-02-03', '2028-02-03'],
      ['2028-03-03', '2028-04-06'],
    ])
  })

  it('when the target falls exactly on the end date, then the last review is planned on it', () => {
    const reviews = planReviews(aPlan({ from: '2026-01-10', endsOn: '2026-02-10', sittings: [aSitting('2026-02-10')] }))

    expect(reviews.map(r => [r.targetDate, r.date])).toEqual([['2026-02-10', '2026-02-10']])
  })

  it('when the end date comes before the first target, then no review is planned', () => {
    expect(plan(aPlan({ endsOn: '2026-02-05' }))).toEqual({ reviews: [], dependsOn: [] })
  })

  it('when re-planning after review 3, then numbering continues from the first sequence given and targets chain from review 3’s date', () => {
    // Review 3 was listed on Tue 14 Apr: 14 May (Thu) → Tue 19 May; 19 Jun (Fri) → Tue 23 Jun; 23 Jul is after the end.
    const reviews = planReviews(aPlan({ firstSequence: 4, from: '2026-04-14' }))

    expect(reviews.map(r => [r.sequence, r.targetDate, r.date])).toEqual([
      [4, '2026-05-14', '2026-05-19'],
      [5, '2026-06-19', '2026-06-23'],
    ])
  })
})

describe('planReviews in hearing mode: the end of the plan', () => {
  // A monthly DRR made on Friday 6 March 2026, to Friday 12 June 2026, at a Tuesday court:
  // Mon 6 Apr (Easter Monday) → Tue 7 Apr; Thu 7 May → Tue 12 May; then Fri 12 June, the end date itself.
  const input = aPlan({ from: '2026-03-06', endsOn: '2026-06-12' })

  it('when no sitting could take the last review before the end although the calendar reaches the end, then that review is not planned', () => {
    const result = plan({ ...input, sittings: weeklySittings('2026-03-03', '2026-06-30') })

    // The next Tuesday after 12 June is 16 June, after the end.
    expect(result.reviews.map(r => [r.targetDate, r.date, r.status])).toEqual([
      ['2026-04-06', '2026-04-07', 'scheduled'],
      ['2026-05-07', '2026-05-12', 'scheduled'],
    ])
    // The plan ended because the calendar from 12 June to the end had nothing.
    expect(result.dependsOn.at(-1)).toEqual(['2026-06-12', '2026-06-12'])
  })

  it('when the court’s calendar stops before the end, then that review is unlisted on its target instead', () => {
    // The last sitting set up is Tue 9 June: a sitting may yet be added for 12 June.
    const reviews = planReviews({ ...input, sittings: weeklySittings('2026-03-03', '2026-06-09') })

    expect(reviews.map(r => [r.targetDate, r.date, r.status])).toEqual([
      ['2026-04-06', '2026-04-07', 'scheduled'],
      ['2026-05-07', '2026-05-12', 'scheduled'],
      ['2026-06-12', '2026-06-12', 'unlisted'],
    ])
  })

  it('when the calendar stops short of the end, then each review after it is unlisted on its target, each chained from the target before', () => {
    // Tuesdays to 31 March only. 6 Feb → 10 Feb; 10 Mar → 10 Mar; then nothing from 10 Apr.
    const reviews = planReviews(aPlan({ sittings: weeklySittings('2026-01-06', '2026-03-31') }))

    expect(reviews).toEqual([
      expect.objectContaining({ sequence: 1, targetDate: '2026-02-06', date: '2026-02-10', status: 'scheduled' }),
      expect.objectContaining({ sequence: 2, targetDate: '2026-03-10', date: '2026-03-10', status: 'scheduled' }),
      // 10 Mar + 1 month.
      {
        sequence: 3,
        targetDate: '2026-04-10',
        mode: 'hearing',
        sittingId: null,
        date: '2026-04-10',
        status: 'unlisted',
        continuity: null,
        // No free sitting to the end: the choice rested on the whole calendar.
        searchedTo: null,
      },
      // 10 Apr (the unlisted review's target stands in for its date) + 1 month = Sun 10 May, then Wed 10 June;
      // 10 July is after the end (5 July).
      expect.objectContaining({ sequence: 4, targetDate: '2026-05-10', date: '2026-05-10', status: 'unlisted' }),
      expect.objectContaining({ sequence: 5, targetDate: '2026-06-10', date: '2026-06-10', status: 'unlisted' }),
    ])
  })

  it('when the court has no sittings at all (horizon null), then every review is unlisted on its chained target', () => {
    expect(datesOf(aPlan({ sittings: [], horizon: null }))).toEqual([
      ['2026-02-06', '2026-02-06', 'unlisted'],
      ['2026-03-06', '2026-03-06', 'unlisted'],
      ['2026-04-06', '2026-04-06', 'unlisted'],
      ['2026-05-06', '2026-05-06', 'unlisted'],
      ['2026-06-06', '2026-06-06', 'unlisted'],
    ])
  })

  it('when the horizon is not given, then the latest sitting passed decides whether the calendar reaches the end, even one after the end', () => {
    // As above, but the court also sits on Tue 7 July, after the end (5 July): its calendar reaches the
    // end, so review 3 (due 10 April, no sitting to the end) could never be held.
    const sittings = [...weeklySittings('2026-01-06', '2026-03-31'), aSitting('2026-07-07')]

    expect(datesOf(aPlan({ sittings }))).toEqual([
      ['2026-02-06', '2026-02-10', 'scheduled'],
      ['2026-03-10', '2026-03-10', 'scheduled'],
    ])
  })

  it('when the horizon given is the end date, then the calendar reaches the end; one day before, it stops short', () => {
    const sittings = weeklySittings('2026-01-06', '2026-03-31')

    expect(datesOf(aPlan({ sittings, horizon: '2026-07-05' }))).toHaveLength(2)
    expect(datesOf(aPlan({ sittings, horizon: '2026-07-04' })).map(([, , status]) => status)).toEqual([
      'scheduled',
      'scheduled',
      'unlisted',
      'unlisted',
      'unlisted',
    ])
  })

  it('when every sitting from the target to the end is full, then the review is unlisted on its target although the calendar reaches the end', () => {
    // Tuesdays all year, full from March. 6 Feb → 10 Feb; 10 Mar: every Tuesday to the end (30 Apr) is full;
    // 10 Apr: likewise; 10 May is after the end.
    const sittings = weeklySittings('2026-01-06', '2026-12-29').map(s =>
      s.date >= '2026-03-01' ? { ...s, booked: s.capacity } : s,
    )

    expect(datesOf(aPlan({ endsOn: '2026-04-30', sittings }))).toEqual([
      ['2026-02-06', '2026-02-10', 'scheduled'],
      ['2026-03-10', '2026-03-10', 'unlisted'],
      ['2026-04-10', '2026-04-10', 'unlisted'],
    ])
  })

  it('when one sitting before the end still has a place, then the review waits for it, however late', () => {
    // As above, but Tue 21 April has a place: review 2 (due 10 March) takes it; 21 May is after the end.
    const sittings = weeklySittings('2026-01-06', '2026-12-29').map(s =>
      s.date >= '2026-03-01' && s.date !== '2026-04-21' ? { ...s, booked: s.capacity } : s,
    )

    expect(datesOf(aPlan({ endsOn: '2026-04-30', sittings }))).toEqual([
      ['2026-02-06', '2026-02-10', 'scheduled'],
      ['2026-03-10', '2026-04-21', 'scheduled'],
    ])
  })

  it('when the only free sitting is after the end date, then it is not used and nothing is planned after the end date', () => {
    // The calendar reaches the end (10 Feb is after it) but nothing from 6 Feb to 9 Feb: not planned.
    expect(planReviews(aPlan({ endsOn: '2026-02-09', sittings: [aSitting('2026-02-10')] }))).toEqual([])
    // With no calendar to the end, the review waits, unlisted.
    expect(datesOf(aPlan({ endsOn: '2026-02-09', sittings: [aSitting('2026-02-10')], horizon: '2026-02-06' }))).toEqual(
      [['2026-02-06', '2026-02-06', 'unlisted']],
    )
  })
})

describe('planReviews in hearing mode: 31 January orders', () => {
  it('when the order is made on 31 January 2026 at a court sitting every working day, then the first target is 28 February and each next one chains from the listed date', () => {
    const sittings = dailySittings('2026-02-01', '2026-07-31', BANK_HOLIDAYS)

    expect(datesOf(aPlan({ from: '2026-01-31', endsOn: '2026-06-30', sittings }))).toEqual([
      ['2026-02-28', '2026-03-02', 'scheduled'], // 31 Jan + 1 month = Sat 28 Feb → Mon 2 Mar
      ['2026-04-02', '2026-04-02', 'scheduled'], // 2 Mar + 1 month = Thu 2 Apr (not 31 March)
      ['2026-05-02', '2026-05-05', 'scheduled'], // Sat 2 May; Mon 4 May is a bank holiday → Tue 5 May
      ['2026-06-05', '2026-06-05', 'scheduled'], // Fri 5 Jun; 5 July is after the end
    ])
  })

  it('when the order is made on 31 January 2028, a leap year, then the first target is Tuesday 29 February', () => {
    const sittings = weeklySittings('2028-01-04', '2028-08-29')

    expect(datesOf(aPlan({ from: '2028-01-31', endsOn: '2028-07-30', sittings }))).toEqual([
      ['2028-02-29', '2028-02-29', 'scheduled'], // 31 Jan + 1 month = 29 Feb, a Tuesday
      ['2028-03-29', '2028-04-04', 'scheduled'], // Wed 29 Mar → Tue 4 Apr
      ['2028-05-04', '2028-05-09', 'scheduled'], // Thu 4 May → Tue 9 May
      ['2028-06-09', '2028-06-13', 'scheduled'], // Fri 9 Jun → Tue 13 Jun
      ['2028-07-13', '2028-07-18', 'scheduled'], // Thu 13 Jul → Tue 18 Jul; 18 Aug is after the end
    ])
  })
})

describe('planReviews in hearing mode: sittings, capacity and calendar', () => {
  it('when a sitting falls on a weekend or a bank holiday, then it is never used', () => {
    // 3 Mar + 1 month = Fri 3 Apr (Good Friday); Sat 4 Apr and Mon 6 Apr (Easter Monday) are passed over.
    const sittings = [aSitting('2026-04-03'), aSitting('2026-04-04'), aSitting('2026-04-06'), aSitting('2026-04-07')]

    const [review] = planReviews(aPlan({ from: '2026-03-03', endsOn: '2026-04-30', sittings }))

    expect(review).toMatchObject({ targetDate: '2026-04-03', sittingId: 'sitting-2026-04-07' })
  })

  it('when a weekly court’s sitting day is a bank holiday, then the review goes to the next week', () => {
    // A Tuesday court in December 2027: Tue 28 Dec is a bank holiday. 24 Nov + 1 month = Fri 24 Dec → Tue 4 Jan 2028.
    const sittings = weeklySittings('2027-11-30', '2028-02-29')

    const [review] = planReviews(aPlan({ from: '2027-11-24', endsOn: '2028-01-31', sittings }))

    expect(review).toMatchObject({ targetDate: '2027-12-24', date: '2028-01-04' })
  })

  it('when the earliest sitting is full from earlier bookings, then the review goes to the next with a free slot', () => {
    const sittings = [aSitting('2026-02-10', { capacity: 6, booked: 6 }), aSitting('2026-02-12', { booked: 7 })]

    const [review] = planReviews(aPlan({ endsOn: '2026-02-28', sittings }))

    expect(review.sittingId).toBe('sitting-2026-02-12')
  })

  it('when a sitting has no places at all, then it is never used', () => {
    const sittings = [aSitting('2026-02-10', { capacity: 0 }), aSitting('2026-02-17')]

    const [review] = planReviews(aPlan({ endsOn: '2026-02-28', sittings }))

    expect(review.sittingId).toBe('sitting-2026-02-17')
  })

  it('when sittings are before the order date, then they are never used', () => {
    const sittings = [aSitting('2025-12-30'), ...weeklySittings('2026-02-03', '2026-03-31')]

    expect(planReviews(aPlan({ endsOn: '2026-02-28', sittings })).map(r => r.date)).toEqual(['2026-02-10'])
  })

  it('when planning, then the sittings and holidays passed in are left untouched', () => {
    const sittings = weeklySittings('2026-01-06', '2026-08-25', { capacity: 1 })
    const holidays = new Set(BANK_HOLIDAYS)
    const before = structuredClone(sittings)

    const reviews = planReviews(aPlan({ sittings, holidays }))

    expect(reviews.length).toBeGreaterThan(0)
    expect(sittings).toEqual(before)
    expect([...holidays]).toEqual([...BANK_HOLIDAYS])
  })

  it('when the sittings come in any order, then the plan is the same', () => {
    const sittings = weeklySittings('2026-01-06', '2026-08-25')
    const shuffled = [...sittings.filter((_, i) => i % 2), ...sittings.filter((_, i) => !(i % 2)).reverse()]

    expect(plan(aPlan({ sittings: shuffled }))).toEqual(plan(aPlan({ sittings })))
    expect(plan(aPlan({ sittings: [...sittings].reverse() }))).toEqual(plan(aPlan({ sittings })))
  })

  it('when two sittings share the earliest date, then the earlier start time wins', () => {
    const sittings = [
      aSitting('2026-02-10', { id: 'afternoon', startTime: '14:00' }),
      aSitting('2026-02-10', { id: 'morning' }),
    ]

    const [review] = planReviews(aPlan({ endsOn: '2026-02-28', sittings }))

    expect(review.sittingId).toBe('morning')
  })

  it('when two sittings share the date and start time, then the id settles it, whatever order they come in', () => {
    const sittings = [aSitting('2026-02-10', { id: 'b' }), aSitting('2026-02-10', { id: 'a' })]

    expect(planReviews(aPlan({ endsOn: '2026-02-28', sittings }))[0].sittingId).toBe('a')
    expect(planReviews(aPlan({ endsOn: '2026-02-28', sittings: [...sittings].reverse() }))[0].sittingId).toBe('a')
  })
})

describe('planReviews and continuity of bench', () => {
  const JUDGE_A = ['judge-a']
  const JUDGE_B = ['judge-b']

  it('when a sitting within 7 days of the target has a member of the previous bench, then it is preferred to an earlier one', () => {
    const sittings = [
      aSitting('2026-02-06', { benchUserIds: JUDGE_B }),
      aSitting('2026-02-12', { benchUserIds: ['judge-a', 'x'] }),
    ]

    const [review] = planReviews(aPlan({ endsOn: '2026-02-28', previousBench: JUDGE_A, sittings }))

    expect(review).toMatchObject({ targetDate: '2026-02-06', sittingId: 'sitting-2026-02-12', continuity: true })
  })

  it('when the same-bench sitting is exactly 7 days after the target, then it is still preferred', () => {
    expect(CONTINUITY_WINDOW_DAYS).toBe(7)
    const sittings = [
      aSitting('2026-02-05', { benchUserIds: JUDGE_B }),
      aSitting('2026-02-12', { benchUserIds: JUDGE_A }),
    ]

    const [review] = planReviews(aPlan({ from: '2026-01-05', endsOn: '2026-02-28', previousBench: JUDGE_A, sittings }))

    expect(review).toMatchObject({ targetDate: '2026-02-05', sittingId: 'sitting-2026-02-12', continuity: true })
  })

  it('when the same-bench sitting is 8 days after the target, then the earliest sitting wins and continuity is lost', () => {
    const sittings = [
      aSitting('2026-02-05', { benchUserIds: JUDGE_B }),
      aSitting('2026-02-13', { benchUserIds: JUDGE_A }),
    ]

    const [review] = planReviews(aPlan({ from: '2026-01-05', endsOn: '2026-02-28', previousBench: JUDGE_A, sittings }))

    expect(review).toMatchObject({ targetDate: '2026-02-05', sittingId: 'sitting-2026-02-05', continuity: false })
  })

  it('when the same-bench sitting within the week is full, then the earliest free sitting wins', () => {
    const sittings = [
      aSitting('2026-02-09', { benchUserIds: JUDGE_B }),
      aSitting('2026-02-10', { benchUserIds: JUDGE_A, capacity: 4, booked: 4 }),
    ]

    const [review] = planReviews(aPlan({ endsOn: '2026-02-28', previousBench: JUDGE_A, sittings }))

    expect(review.sittingId).toBe('sitting-2026-02-09')
  })

  it('when nothing is free within the week, then the earliest free sitting after it is used whatever its bench', () => {
    const sittings = [
      aSitting('2026-02-20', { benchUserIds: JUDGE_B }),
      aSitting('2026-02-23', { benchUserIds: JUDGE_A }),
    ]

    const [review] = planReviews(aPlan({ endsOn: '2026-02-28', previousBench: JUDGE_A, sittings }))

    expect(review).toMatchObject({ sittingId: 'sitting-2026-02-20', continuity: false })
  })

  it('when the previous bench is not known, then the earliest sitting wins and continuity is not measured', () => {
    const sittings = [
      aSitting('2026-02-09', { benchUserIds: JUDGE_B }),
      aSitting('2026-02-10', { benchUserIds: JUDGE_A }),
    ]

    const [review] = planReviews(aPlan({ endsOn: '2026-02-28', sittings }))

    expect(review).toMatchObject({ sittingId: 'sitting-2026-02-09', continuity: null })
  })

  it('when reviews follow one another, then each prefers the bench chosen for the review before it, its window running from its chained target', () => {
    const sittings = [
      aSitting('2026-02-06', { benchUserIds: JUDGE_B }),
      aSitting('2026-03-06', { benchUserIds: JUDGE_A }),
      aSitting('2026-03-09', { benchUserIds: JUDGE_B }),
      aSitting('2026-04-09', { benchUserIds: JUDGE_A }),
      aSitting('2026-04-10', { benchUserIds: JUDGE_B }),
    ]

    const reviews = planReviews(aPlan({ endsOn: '2026-04-30', previousBench: ['judge-c'], sittings }))

    expect(reviews.map(r => [r.targetDate, r.date, r.continuity])).toEqual([
      // Bench C sits nowhere: the earliest sitting, before bench B.
      ['2026-02-06', '2026-02-06', false],
      // 6 Mar: bench B sits on 9 Mar, within the week, so 6 Mar (bench A) is passed over.
      ['2026-03-06', '2026-03-09', true],
      // 9 Mar + 1 month = 9 Apr: bench B sits on 10 Apr.
      ['2026-04-09', '2026-04-10', true],
    ])
  })
})

describe('planReviews in paper mode', () => {
  it('when reviews are on the papers, then each is on the first working day on or after its target, the next target chained from that day', () => {
    const reviews = planReviews(aPlan({ mode: 'paper', from: '2026-01-31', endsOn: '2026-06-30' }))

    expect(reviews.map(r => [r.sequence, r.targetDate, r.date])).toEqual([
      [1, '2026-02-28', '2026-03-02'], // 31 Jan + 1 month = Sat 28 Feb → Mon 2 Mar
      [2, '2026-04-02', '2026-04-02'], // 2 Mar + 1 month = Thu 2 Apr
      [3, '2026-05-02', '2026-05-05'], // Sat 2 May; Mon 4 May is a bank holiday → Tue 5 May
      [4, '2026-06-05', '2026-06-05'], // Fri 5 Jun; 5 July is after the end
    ])
    expect(reviews.every(r => r.mode === 'paper' && r.sittingId === null && r.continuity === null)).toBe(true)
    expect(reviews.every(r => r.status === 'scheduled' && r.searchedTo === null)).toBe(true)
  })

  it('when reviews are on the papers, then sittings play no part and the plan depends on no calendar', () => {
    const input = aPlan({ mode: 'paper', from: '2026-01-31', endsOn: '2026-06-30' })

    expect(plan({ ...input, sittings: [] })).toEqual(plan(input))
    expect(plan(input).dependsOn).toEqual([])
  })

  it('when the first working day after the target is after the end date, then that review is not planned', () => {
    // Target Saturday 2 May 2026 = end date; Monday 4 May is a bank holiday, so the next working day is after the end.
    expect(planReviews(aPlan({ mode: 'paper', from: '2026-04-02', endsOn: '2026-05-02' }))).toEqual([])
  })
})

describe('planReviews input checks', () => {
  it.each([0, -1, 1.5, Number.NaN])(
    'when the interval is %p months, then it refuses (not less than one month)',
    intervalMonths => {
      expect(() => planReviews(aPlan({ intervalMonths }))).toThrow(RangeError)
    },
  )

  it.each([0, -2, 1.5])('when the first sequence is %p, then it refuses', firstSequence => {
    expect(() => planReviews(aPlan({ firstSequence }))).toThrow(RangeError)
  })

  it.each([
    ['from', { from: '2026-02-30' }],
    ['endsOn', { endsOn: '2026-13-01' }],
    ['endsOn', { endsOn: '5 July 2026' }],
  ])('when %s is not a YYYY-MM-DD date, then it refuses', (_, overrides) => {
    expect(() => planReviews(aPlan(overrides))).toThrow(RangeError)
  })
})

// How fast this is (under 2 ms) is measured by `npm run bench`, not here.
describe('planReviews over a long order', () => {
  it('when a 36-month DRR is planned against three years of weekly sittings, then every review is listed on the first working Tuesday on or after its target, each target a month after the review before', () => {
    // Made Monday 5 January 2026, to 4 January 2029; the court sits every Tuesday with 7 places free.
    const sittings = weeklySittings('2026-01-06', '2029-03-27', { capacity: 12, booked: 5 })
    const input = aPlan({ from: '2026-01-05', endsOn: '2029-01-04', sittings, previousBench: ['magistrate-1'] })

    const reviews = planReviews(input)

    // Listing on a Tuesday adds 0-6 days to each month, so fewer reviews than the 36 a fixed cadence would
    // give: the 31st is on Tue 19 Dec 2028, and 19 Jan 2029 is after the end.
    expect(reviews).toHaveLength(31)
    expect(reviews.at(-1)).toMatchObject({ targetDate: '2028-12-14', date: '2028-12-19' })
    let previous = input.from
    for (const review of reviews) {
      expect(review).toMatchObject({
        targetDate: addCalendarMonths(previous, 1),
        status: 'scheduled',
        continuity: true,
      })
      let tuesday = review.targetDate
      while (weekdayOf(tuesday) !== TUESDAY || BANK_HOLIDAYS.has(tuesday)) tuesday = addDays(tuesday, 1)
      expect(review.date).toBe(tuesday)
      previous = review.date
    }
    // Only Tue 28 Dec 2027, a bank holiday, pushes a review more than 6 days past its target.
    expect(reviews.filter(r => daysBetween(r.targetDate, r.date) > 6).map(r => [r.targetDate, r.date])).toEqual([
      ['2027-12-23', '2028-01-04'],
    ])
  })
})

describe('chooseSitting', () => {
  it('when sittings come unsorted, then the earliest free working-day sitting on or after the target is chosen', () => {
    const sittings = [aSitting('2026-04-14'), aSitting('2026-04-06'), aSitting('2026-04-07'), aSitting('2026-04-01')]

    const chosen = chooseSitting('2026-04-03', '2026-04-30', sittings, null, BANK_HOLIDAYS)

    expect(chosen).toBe(sittings[2])
  })

  it('when a member of the previous bench sits within the week, then that sitting is chosen', () => {
    const sittings = [aSitting('2026-04-07'), aSitting('2026-04-09', { benchUserIds: ['judge-a'] })]

    expect(chooseSitting('2026-04-07', '2026-04-30', sittings, ['judge-a'], BANK_HOLIDAYS)).toBe(sittings[1])
  })

  it('when every sitting is full, on a non-working day or after the end date, then nothing is chosen', () => {
    const sittings = [aSitting('2026-04-07', { booked: 8 }), aSitting('2026-04-11'), aSitting('2026-05-05')]

    expect(chooseSitting('2026-04-07', '2026-04-30', sittings, undefined, BANK_HOLIDAYS)).toBeNull()
  })

  it('when no bank holidays are known, then only weekends are skipped', () => {
    const chosen = chooseSitting(
      '2026-04-04',
      '2026-04-30',
      [aSitting('2026-04-04'), aSitting('2026-04-06')],
      null,
      NO_HOLIDAYS,
    )

    expect(chosen?.date).toBe('2026-04-06')
  })
})

describe('planning from part of the calendar', () => {
  type Ranges = Array<[IsoDate, IsoDate]>
  const partOf = (input: PlanInput, ranges: Ranges) =>
    input.sittings.filter(s => ranges.some(([a, b]) => a <= s.date && s.date <= b))

  const sitting = (id: string, date: IsoDate, benchUserIds: string[]): SittingSlotInfo => ({
    id,
    date,
    startTime: '10:00',
    slotMinutes: 15,
    capacity: 4,
    booked: 0,
    benchUserIds,
  })

  it('when the look-ahead is worked out before any plan, then it is the fortnight (or five weeks) after each target of the order’s cadence, clipped to the end', () => {
    expect(LOOK_AHEAD_DAYS).toEqual([14, 35])
    expect(lookAheadRanges('2027-03-01', 1, '2027-05-31', 14)).toEqual([
      ['2027-04-01', '2027-04-15'],
      ['2027-05-01', '2027-05-15'],
    ])
    // Five weeks after 1 April runs into 1 May's range, and 1 May's is clipped to the end.
    expect(lookAheadRanges('2027-03-01', 1, '2027-05-31', 35)).toEqual([['2027-04-01', '2027-05-31']])
    expect(lookAheadRanges('2027-03-01', 1, '2027-03-31', 14)).toEqual([])
  })

  it('when the look-ahead is worked out around a plan, then it runs from a week before each target and covers the target one interval after the last review', () => {
    const reviews = planReviews({
      ...aPlan({ from: '2027-03-01', endsOn: '2027-07-31', holidays: NO_HOLIDAYS }),
      sittings: [sitting('s1', '2027-04-05', ['jp-1']), sitting('s2', '2027-05-20', ['jp-1'])],
      horizon: '2027-07-31',
    })
    // 1 Apr → 5 Apr; 5 May → 20 May; 20 Jun: nothing to the end, not planned.
    expect(reviews.map(r => [r.targetDate, r.date])).toEqual([
      ['2027-04-01', '2027-04-05'],
      ['2027-05-05', '2027-05-20'],
    ])

    expect(lookAheadRanges('2027-03-01', 1, '2027-07-31', 14, reviews)).toEqual([
      ['2027-03-25', '2027-04-15'], // 1 Apr - 7 … + 14
      ['2027-04-28', '2027-05-19'], // 5 May - 7 … + 14
      ['2027-06-13', '2027-07-04'], // 20 May + 1 month = 20 Jun - 7 … + 14
    ])
  })

  it('when a review takes a same-bench sitting a few days after its target, then reading the fortnight after each target was enough', () => {
    // Monthly from 1 March 2027: review 1 (due Thu 1 April) takes s1 that day, the only sitting in the week;
    // review 2 is due Sat 1 May and takes Mon 3 May, which has a member of s1's bench.
    const input = {
      ...aPlan({ from: '2027-03-01', endsOn: '2027-05-31', holidays: NO_HOLIDAYS, previousBench: ['jp-9'] }),
      sittings: [
        sitting('s1', '2027-04-01', ['jp-1', 'jp-2']),
        sitting('s2', '2027-05-03', ['jp-2', 'jp-3']),
        sitting('s3', '2027-05-12', ['jp-1', 'jp-2']),
      ],
      horizon: '2027-05-12',
    }
    const ranges = lookAheadRanges(input.from, 1, input.endsOn, LOOK_AHEAD_DAYS[0])

    const part = plan({ ...input, sittings: partOf(input, ranges) })

    expect(part.reviews.map(p => [p.sittingId, p.continuity, p.searchedTo])).toEqual([
      // No sitting in the week after 1 April shares a bench with jp-9: the whole week was looked at.
      ['s1', false, '2027-04-08'],
      ['s2', true, '2027-05-03'],
    ])
    // Review 3 would be due 3 June, after the end: nothing else was looked at.
    expect(part.dependsOn).toEqual([
      ['2027-04-01', '2027-04-08'],
      ['2027-05-01', '2027-05-03'],
    ])
    expect(decidedWithin(part, ranges)).toBe(true)
    expect(part).toEqual(plan(input))
  })

  it('when reviews are pushed past the first look-ahead by the sittings the court has, then the plan is judged undecided until the next read covers them', () => {
    // Monthly from 1 March 2027; the court's only sittings are three weeks after each cadence target, and its
    // calendar stops on 24 June, before the end (30 June).
    const input = {
      ...aPlan({ from: '2027-03-01', endsOn: '2027-06-30', holidays: NO_HOLIDAYS }),
      sittings: ['2027-04-22', '2027-05-24', '2027-06-24'].map((date, i) => sitting(`s${i}`, date, ['jp-1'])),
      horizon: '2027-06-24',
    }

    // Round 0: the fortnight after 1 April, 1 May and 1 June holds no sitting, so every review is unlisted,
    // and that rested on the calendar to the end, which was not read.
    const round0 = lookAheadRanges(input.from, 1, input.endsOn, LOOK_AHEAD_DAYS[0])
    const first = plan({ ...input, sittings: partOf(input, round0) })
    expect(first.reviews.every(p => p.status === 'unlisted' && p.searchedTo === null)).toBe(true)
    expect(decidedWithin(first, round0)).toBe(false)

    // Round 1: five weeks around those targets reads 25 March to the end, and finds every sitting.
    const round1 = lookAheadRanges(input.from, 1, input.endsOn, LOOK_AHEAD_DAYS[1], first.reviews)
    expect(round1).toEqual([['2027-03-25', '2027-06-30']])
    expect(rangesNotRead(round1, round0)).toEqual([
      ['2027-03-25', '2027-03-31'],
      ['2027-04-16', '2027-04-30'],
      ['2027-05-16', '2027-05-31'],
      ['2027-06-16', '2027-06-30'],
    ])
    const read = mergeRanges([...round0, ...round1])
    const second = plan({ ...input, sittings: partOf(input, read) })
    // 1 Apr → 22 Apr; 22 May → 24 May; 24 Jun → 24 Jun; 24 July is after the end.
    expect(second.reviews.map(p => [p.targetDate, p.sittingId])).toEqual([
      ['2027-04-01', 's0'],
      ['2027-05-22', 's1'],
      ['2027-06-24', 's2'],
    ])
    expect(decidedWithin(second, read)).toBe(true)
    expect(second).toEqual(plan(input))
  })

  it('when a plan ended because the calendar had nothing to the end, then it is decided only once the calendar to the end is read', () => {
    // 6 Mar 2026 at a Tuesday court to 30 June: the plan ends at review 3 (due 12 June, the end date itself).
    const input = aPlan({
      from: '2026-03-06',
      endsOn: '2026-06-12',
      sittings: weeklySittings('2026-03-03', '2026-06-30'),
    })
    const whole = plan(input)

    expect(decidedWithin(whole, [['2026-04-06', '2026-06-11']])).toBe(false)
    expect(decidedWithin(whole, [['2026-04-06', '2026-06-12']])).toBe(true)
    // Ranges that together cover a choice but each only part of it are not enough: they must be merged first.
    expect(
      decidedWithin(whole, [
        ['2026-04-06', '2026-05-08'],
        ['2026-05-09', '2026-06-12'],
      ]),
    ).toBe(false)
    expect(
      decidedWithin(
        whole,
        mergeRanges([
          ['2026-05-09', '2026-06-12'],
          ['2026-04-06', '2026-05-08'],
        ]),
      ),
    ).toBe(true)
  })

  it('when ranges are merged, then overlapping and touching ones join, apart ones stay apart and empty ones go', () => {
    expect(
      mergeRanges([
        ['2026-03-10', '2026-03-20'],
        ['2026-01-01', '2026-01-31'],
        ['2026-02-01', '2026-02-05'],
        ['2026-03-15', '2026-03-16'],
        ['2026-03-22', '2026-03-25'],
        ['2026-05-02', '2026-05-01'],
      ]),
    ).toEqual([
      ['2026-01-01', '2026-02-05'],
      ['2026-03-10', '2026-03-20'],
      ['2026-03-22', '2026-03-25'],
    ])
  })

  it('when the dates still to read are worked out, then only the dates of the wider ranges not read before are left', () => {
    expect(
      rangesNotRead(
        [
          ['2026-01-01', '2026-01-31'],
          ['2026-03-01', '2026-03-10'],
        ],
        [
          ['2025-12-20', '2026-01-05'],
          ['2026-01-10', '2026-01-12'],
          ['2026-03-01', '2026-03-10'],
        ],
      ),
    ).toEqual([
      ['2026-01-06', '2026-01-09'],
      ['2026-01-13', '2026-01-31'],
    ])
  })
})

describe('reportDueDate', () => {
  it.each([
    ['2026-04-07', 2, '2026-04-01'],
    ['2026-04-08', 2, '2026-04-02'],
    ['2026-04-07', 1, '2026-04-02'],
    ['2026-04-14', 2, '2026-04-10'],
    ['2026-12-29', 2, '2026-12-23'],
    ['2026-04-07', 0, '2026-04-07'],
  ])(
    'when the hearing is on %s and reports are due %i working days before, then the report is due on %s',
    (hearing, days, due) => {
      expect(reportDueDate(hearing, days, BANK_HOLIDAYS)).toBe(due)
    },
  )
})
