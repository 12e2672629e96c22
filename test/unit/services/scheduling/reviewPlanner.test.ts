import {
  chooseSitting,
  planReviews,
  reportDueDate,
  type PlanInput,
  type SittingSlotInfo,
} from '../../../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, addDays, isWorkingDay, type IsoDate } from '../../../../server/utils/dates'

// England and Wales bank holidays, 2026 (gov.uk/bank-holidays.json).
const HOLIDAYS_2026: ReadonlySet<IsoDate> = new Set([
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
])

const NO_HOLIDAYS: ReadonlySet<IsoDate> = new Set()

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

/** A review court that sits every `weekday` (1 = Monday) from `first` for `weeks` weeks. */
function weeklySittings(first: IsoDate, weeks: number, overrides: Partial<SittingSlotInfo> = {}): SittingSlotInfo[] {
  return Array.from({ length: weeks }, (_, week) => aSitting(addDays(first, week * 7), overrides))
}

/** A court that sits every working day from `first` to `last`. */
function dailySittings(first: IsoDate, last: IsoDate, holidays: ReadonlySet<IsoDate>): SittingSlotInfo[] {
  const sittings: SittingSlotInfo[] = []
  for (let date = first; date <= last; date = addDays(date, 1)) {
    if (isWorkingDay(date, holidays)) sittings.push(aSitting(date))
  }
  return sittings
}

function aPlan(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    intervalMonths: 1,
    mode: 'hearing',
    from: '2026-01-06',
    endsOn: '2026-07-05',
    firstSequence: 1,
    sittings: weeklySittings('2026-01-06', 40),
    holidays: HOLIDAYS_2026,
    ...overrides,
  }
}

describe('planReviews in hearing mode', () => {
  it('when a monthly review court sits every Tuesday, then each review takes the first Tuesday a month or more after the one before', () => {
    const reviews = planReviews(aPlan())

    // Targets follow the order's cadence; each date is also at least a month after the previous review.
    expect(reviews.map(r => [r.sequence, r.targetDate, r.date, r.status])).toEqual([
      [1, '2026-02-06', '2026-02-10', 'scheduled'],
      [2, '2026-03-06', '2026-03-10', 'scheduled'],
      [3, '2026-04-06', '2026-04-14', 'scheduled'],
      [4, '2026-05-06', '2026-05-19', 'scheduled'],
      [5, '2026-06-06', '2026-06-23', 'scheduled'],
    ])
    expect(reviews.map(r => r.sittingId)).toEqual([
      'sitting-2026-02-10',
      'sitting-2026-03-10',
      'sitting-2026-04-14',
      'sitting-2026-05-19',
      'sitting-2026-06-23',
    ])
  })

  it('when the interval is two months, then targets are every two months from the order and reviews at least two months apart', () => {
    const reviews = planReviews(
      aPlan({ intervalMonths: 2, endsOn: '2026-12-31', sittings: weeklySittings('2026-01-06', 60) }),
    )

    expect(reviews.map(r => [r.targetDate, r.date])).toEqual([
      ['2026-03-06', '2026-03-10'],
      ['2026-05-06', '2026-05-12'],
      ['2026-07-06', '2026-07-14'],
      ['2026-09-06', '2026-09-15'],
      ['2026-11-06', '2026-11-17'],
    ])
  })

  it('when the sittings fit the cadence badly, then the reviews the order requires are all still planned and the one that cannot be listed is unlisted', () => {
    // The example the listing integration tests rely on.
    const sittings = ['2028-02-03', '2028-03-02', '2028-04-06', '2028-05-04'].map(date =>
      aSitting(date, { capacity: 4 }),
    )

    const reviews = planReviews(
      aPlan({ from: '2028-01-03', endsOn: '2028-05-02', sittings, holidays: NO_HOLIDAYS, previousBench: undefined }),
    )

    expect(reviews).toEqual([
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
        // 2 March is less than a month after 3 February, so the next sitting is used.
        sequence: 2,
        targetDate: '2028-03-03',
        mode: 'hearing',
        sittingId: 'sitting-2028-04-06',
        date: '2028-04-06',
        status: 'scheduled',
        // Both sittings have the same bench.
        continuity: true,
        // No free sitting in the week after 3 March: the first one after it settles it.
        searchedTo: '2028-04-06',
      },
      {
        // A month after 6 April is 6 May, after the end: the clerk must list it by hand.
        sequence: 3,
        targetDate: '2028-04-03',
        mode: 'hearing',
        sittingId: null,
        date: '2028-04-03',
        status: 'unlisted',
        continuity: null,
        searchedTo: null,
      },
    ])
  })

  it('when listing drifts later each month, then the number of reviews still follows the cadence and the last is unlisted rather than dropped', () => {
    const sittings = dailySittings('2026-02-01', '2026-07-31', HOLIDAYS_2026)

    const reviews = planReviews(aPlan({ from: '2026-01-31', endsOn: '2026-06-30', sittings }))

    expect(reviews.map(r => [r.sequence, r.targetDate, r.date, r.status])).toEqual([
      [1, '2026-02-28', '2026-03-02', 'scheduled'],
      [2, '2026-03-31', '2026-04-02', 'scheduled'],
      // 2 May is a Saturday and 4 May a bank holiday.
      [3, '2026-04-30', '2026-05-05', 'scheduled'],
      [4, '2026-05-31', '2026-06-05', 'scheduled'],
      // A month after 5 June is 5 July, after the end.
      [5, '2026-06-30', '2026-06-30', 'unlisted'],
    ])
  })

  it('when the minimum gap pushes a review past a sitting on its target date, then that sitting is skipped', () => {
    // Review 1 lands on 10 Feb, so review 2 cannot be before 10 Mar even though its target is 6 Mar.
    const sittings = [aSitting('2026-02-10'), aSitting('2026-03-06'), aSitting('2026-03-09'), aSitting('2026-03-10')]

    const reviews = planReviews(aPlan({ endsOn: '2026-03-31', sittings }))

    expect(reviews.map(r => [r.targetDate, r.sittingId])).toEqual([
      ['2026-02-06', 'sitting-2026-02-10'],
      ['2026-03-06', 'sitting-2026-03-10'],
    ])
  })

  it('when a sitting falls on a weekend or a bank holiday, then it is never used', () => {
    const sittings = [aSitting('2026-04-04'), aSitting('2026-04-06'), aSitting('2026-04-07')]

    const [review] = planReviews(aPlan({ from: '2026-03-03', endsOn: '2026-04-30', sittings }))

    expect(review.targetDate).toBe('2026-04-03')
    expect(review.sittingId).toBe('sitting-2026-04-07')
  })

  it('when the earliest sitting is full from earlier bookings, then the review goes to the next with a free slot', () => {
    const sittings = [aSitting('2026-02-10', { capacity: 6, booked: 6 }), aSitting('2026-02-12', { booked: 7 })]

    const [review] = planReviews(aPlan({ endsOn: '2026-02-28', sittings }))

    expect(review.sittingId).toBe('sitting-2026-02-12')
  })

  it('when planning, then the sittings passed in are left untouched', () => {
    const sittings = weeklySittings('2026-01-06', 30, { capacity: 1 })
    const before = structuredClone(sittings)

    const reviews = planReviews(aPlan({ sittings }))

    expect(reviews.length).toBeGreaterThan(0)
    expect(sittings).toEqual(before)
  })

  it('when the sittings come in any order, then the plan is the same', () => {
    const sittings = weeklySittings('2026-01-06', 30)

    expect(planReviews(aPlan({ sittings: [...sittings].reverse() }))).toEqual(planReviews(aPlan({ sittings })))
  })

  it('when two sittings share the earliest date, then the earlier start time wins', () => {
    const sittings = [
      aSitting('2026-02-10', { id: 'afternoon', startTime: '14:00' }),
      aSitting('2026-02-10', { id: 'morning' }),
    ]

    const [review] = planReviews(aPlan({ endsOn: '2026-02-28', sittings }))

    expect(review.sittingId).toBe('morning')
  })

  it('when no sitting with a free slot falls between the target and the end date, then the review is unlisted on its target date', () => {
    const sittings = [aSitting('2026-02-05'), aSitting('2026-02-10', { booked: 8 }), aSitting('2026-08-04')]

    const reviews = planReviews(aPlan({ endsOn: '2026-03-31', sittings }))

    expect(reviews).toEqual([
      {
        sequence: 1,
        targetDate: '2026-02-06',
        mode: 'hearing',
        sittingId: null,
        date: '2026-02-06',
        status: 'unlisted',
        continuity: null,
        // No free sitting to the end: the choice rested on the whole calendar.
        searchedTo: null,
      },
      {
        sequence: 2,
        targetDate: '2026-03-06',
        mode: 'hearing',
        sittingId: null,
        date: '2026-03-06',
        status: 'unlisted',
        continuity: null,
        searchedTo: null,
      },
    ])
  })

  it('when the only free sitting is after the end date, then it is not used and nothing is planned after the end date', () => {
    const reviews = planReviews(aPlan({ from: '2026-01-06', endsOn: '2026-02-09', sittings: [aSitting('2026-02-10')] }))

    expect(reviews).toHaveLength(1)
    expect(reviews[0]).toMatchObject({ date: '2026-02-06', status: 'unlisted', sittingId: null })
  })

  it('when the target falls exactly on the end date, then the last review is planned on it', () => {
    const reviews = planReviews(aPlan({ from: '2026-01-10', endsOn: '2026-02-10', sittings: [aSitting('2026-02-10')] }))

    expect(reviews.map(r => [r.targetDate, r.date])).toEqual([['2026-02-10', '2026-02-10']])
  })

  it('when the end date comes before the first target, then no review is planned', () => {
    expect(planReviews(aPlan({ endsOn: '2026-02-05' }))).toEqual([])
  })

  it('when the order is made on 31 January, then targets count from the order date (28 Feb, 31 Mar, 30 Apr), not from each other', () => {
    const sittings = ['2026-02-27', '2026-03-02', '2026-03-31', '2026-04-02', '2026-04-30'].map(date => aSitting(date))

    const reviews = planReviews(aPlan({ from: '2026-01-31', endsOn: '2026-05-31', sittings }))

    expect(reviews.map(r => [r.targetDate, r.date, r.status])).toEqual([
      ['2026-02-28', '2026-03-02', 'scheduled'],
      // 31 March is less than a month after 2 March.
      ['2026-03-31', '2026-04-02', 'scheduled'],
      // 30 April is less than a month after 2 April, and nothing is free after it.
      ['2026-04-30', '2026-04-30', 'unlisted'],
      ['2026-05-31', '2026-05-31', 'unlisted'],
    ])
  })

  it('when re-planning after review 3, then numbering continues from the first sequence given', () => {
    const reviews = planReviews(aPlan({ firstSequence: 4, from: '2026-04-14' }))

    expect(reviews.map(r => r.sequence)).toEqual([4, 5])
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

  it('when reviews follow one another, then each prefers the bench chosen for the review before it', () => {
    // Two benches sit a few days apart; once the first review is before bench B, later ones follow B.
    const sittings = [
      aSitting('2026-02-06', { benchUserIds: JUDGE_B }),
      aSitting('2026-03-06', { benchUserIds: JUDGE_A }),
      aSitting('2026-03-09', { benchUserIds: JUDGE_B }),
      aSitting('2026-04-09', { benchUserIds: JUDGE_A }),
      aSitting('2026-04-10', { benchUserIds: JUDGE_B }),
    ]

    const reviews = planReviews(aPlan({ endsOn: '2026-04-30', previousBench: ['judge-c'], sittings }))

    expect(reviews.map(r => [r.date, r.continuity])).toEqual([
      ['2026-02-06', false],
      ['2026-03-09', true],
      ['2026-04-10', true],
    ])
  })
})

describe('planReviews in paper mode', () => {
  it('when reviews are on the papers, then each is on the first working day a month or more after the one before and on or after its target', () => {
    const reviews = planReviews(aPlan({ mode: 'paper', from: '2026-01-31', endsOn: '2026-06-30' }))

    // The fifth target (30 June) would fall on 6 July, after the end, so it is not planned.
    expect(reviews.map(r => [r.targetDate, r.date])).toEqual([
      ['2026-02-28', '2026-03-02'],
      ['2026-03-31', '2026-04-02'],
      ['2026-04-30', '2026-05-05'],
      ['2026-05-31', '2026-06-05'],
    ])
    expect(reviews.every(r => r.mode === 'paper' && r.sittingId === null && r.continuity === null)).toBe(true)
    expect(reviews.every(r => r.status === 'scheduled')).toBe(true)
  })

  it('when the first working day after the target is after the end date, then that review is not planned', () => {
    // Target Saturday 2 May 2026 = end date; Monday 4 May is a bank holiday, so the next working day is after the end.
    const reviews = planReviews(aPlan({ mode: 'paper', from: '2026-04-02', endsOn: '2026-05-02' }))

    expect(reviews).toEqual([])
  })
})

describe('planReviews input checks', () => {
  it.each([0, -1, 1.5])('when the interval is %p months, then it refuses (not less than one month)', intervalMonths => {
    expect(() => planReviews(aPlan({ intervalMonths }))).toThrow(RangeError)
  })

  it('when the first sequence is below 1, then it refuses', () => {
    expect(() => planReviews(aPlan({ firstSequence: 0 }))).toThrow(RangeError)
  })

  it('when a date is not YYYY-MM-DD, then it refuses', () => {
    expect(() => planReviews(aPlan({ endsOn: '2026-13-01' }))).toThrow(RangeError)
  })
})

// How fast this is (under 2 ms) is measured by `npm run bench`, not here.
describe('planReviews over a long order', () => {
  it('when a 36-month DRR is planned against three years of weekly sittings, then every monthly target has a review, each listed at least a month after the last', () => {
    const sittings = weeklySittings('2026-01-06', 156, { capacity: 12, booked: 5 })
    const input = aPlan({ from: '2026-01-05', endsOn: '2029-01-04', sittings, previousBench: ['magistrate-1'] })

    const reviews = planReviews(input)

    // One review for each monthly target from 5 Feb 2026 to 5 Dec 2028.
    expect(reviews).toHaveLength(35)
    // Each lands on the first Tuesday at least a month after the one before, so they drift about
    // three days a month later than their targets; the last four would fall after the requirement's
    // end, and wait on "needs listing" rather than being dropped.
    expect(reviews.map(r => r.status)).toEqual([...Array(31).fill('scheduled'), ...Array(4).fill('unlisted')])
    const listed = reviews.slice(0, 31)
    for (const [i, review] of listed.entries())
      if (i > 0) expect(review.date >= addCalendarMonths(listed[i - 1].date, 1)).toBe(true)
  })
})

describe('chooseSitting', () => {
  it('when sittings come unsorted, then the earliest free working-day sitting on or after the target is chosen', () => {
    const sittings = [aSitting('2026-04-14'), aSitting('2026-04-06'), aSitting('2026-04-07'), aSitting('2026-04-01')]

    const chosen = chooseSitting('2026-04-03', '2026-04-30', sittings, null, HOLIDAYS_2026)

    expect(chosen).toBe(sittings[2])
  })

  it('when a member of the previous bench sits within the week, then that sitting is chosen', () => {
    const sittings = [aSitting('2026-04-07'), aSitting('2026-04-09', { benchUserIds: ['judge-a'] })]

    expect(chooseSitting('2026-04-07', '2026-04-30', sittings, ['judge-a'], HOLIDAYS_2026)).toBe(sittings[1])
  })

  it('when every sitting is full, on a non-working day or after the end date, then nothing is chosen', () => {
    const sittings = [aSitting('2026-04-07', { booked: 8 }), aSitting('2026-04-11'), aSitting('2026-05-05')]

    expect(chooseSitting('2026-04-07', '2026-04-30', sittings, undefined, HOLIDAYS_2026)).toBeNull()
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
      expect(reportDueDate(hearing, days, HOLIDAYS_2026)).toBe(due)
    },
  )
})
