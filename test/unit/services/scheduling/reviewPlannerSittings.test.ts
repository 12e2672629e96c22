import {
  chooseSitting,
  CONTINUITY_WINDOW_DAYS,
  plan,
  planReviews,
} from '../../../../server/services/scheduling/reviewPlanner'
import { aPlan, aSitting, BANK_HOLIDAYS, NO_HOLIDAYS, weeklySittings } from './reviewPlannerFixtures'

// planReviews and chooseSitting: which sitting a review takes (working days, capacity, order, continuity of bench).

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
