import {
  decidedWithin,
  lookAheadRanges,
  LOOK_AHEAD_DAYS,
  mergeRanges,
  plan,
  planReviews,
  rangesNotRead,
  type PlanInput,
  type SittingSlotInfo,
} from '../../../../server/services/scheduling/reviewPlanner'
import { type IsoDate } from '../../../../server/utils/dates'
import { aPlan, NO_HOLIDAYS, weeklySittings } from './reviewPlannerFixtures'

// Planning from part of the calendar: look-ahead ranges, merging, what is left to read and decidedWithin.

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
