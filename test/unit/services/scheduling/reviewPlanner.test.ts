import { plan, planReviews, reportDueDate } from '../../../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, daysBetween } from '../../../../server/utils/dates'
import {
  aPlan,
  aSitting,
  BANK_HOLIDAYS,
  dailySittings,
  datesOf,
  NO_HOLIDAYS,
  secondTuesdays,
  weeklySittings,
} from './reviewPlannerFixtures'

// planReviews: how targets chain, 31 January orders, paper mode and input checks; and reportDueDate.
// The end of a plan, sittings and continuity, and planning from part of the calendar are in the
// reviewPlannerEnd, reviewPlannerSittings and reviewPlannerPartialCalendar tests.

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
