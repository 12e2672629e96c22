import { describeChanges, planChanges } from '../../../../server/services/scheduling/planChanges'
import { planSummary } from '../../../../server/services/scheduling/planSummary'
import type { ReviewRow } from '../../../../server/data/reviewRepository'

const review = (id: string, sequence: number, overrides: Partial<ReviewRow> = {}): ReviewRow => ({
  id,
  requirementId: 'q1',
  sequence,
  targetDate: '2027-03-01',
  mode: 'hearing',
  status: 'scheduled',
  sittingId: `s-${id}`,
  slotIndex: 0,
  startsAt: '2027-03-02T10:00:00.000Z',
  reviewDate: '2027-03-02',
  reportDueAt: '2027-02-26T23:59:59.000Z',
  lastSittingId: null,
  version: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  ...overrides,
})

describe('planChanges', () => {
  it('when a re-plan moves later reviews, then each one whose date or report deadline changed is listed in sequence, old → new', () => {
    const before = [review('a', 1), review('b', 2, { reviewDate: '2027-04-06' }), review('c', 3)]
    const after = [
      review('a', 1, { reviewDate: '2027-03-09', version: 2 }),
      review('b', 2, { reviewDate: '2027-04-13', reportDueAt: '2027-04-09T22:59:59.000Z' }),
      review('c', 3),
    ]

    const changes = planChanges(before, after, ['a'])

    expect(changes.map(c => c.reviewId)).toEqual(['b'])
    expect(describeChanges(changes)).toEqual([
      'Review 2: Tuesday 6 April 2027 → Tuesday 13 April 2027 (report due 26 February 2027 → 9 April 2027)',
    ])
  })

  it('when a re-plan vacates a review, adds one, or leaves one waiting for a sitting, then each is said in words', () => {
    const before = [review('b', 2), review('c', 3, { reviewDate: '2027-05-04' })]
    const after = [
      review('b', 2, { status: 'unlisted', sittingId: null, reviewDate: '2027-04-30' }),
      review('c', 3, { status: 'vacated', reviewDate: '2027-05-04' }),
      review('d', 4, { reviewDate: '2027-06-01', reportDueAt: '2027-05-28T22:59:59.000Z' }),
    ]

    expect(describeChanges(planChanges(before, after))).toEqual([
      'Review 2: Tuesday 2 March 2027 → needs listing (due Friday 30 April 2027)',
      'Review 3: Tuesday 4 May 2027 → no longer needed',
      'Review 4: new, Tuesday 1 June 2027 (report due 28 May 2027)',
    ])
  })

  it('when reviews were already heard or vacated before, then a re-plan says nothing about them', () => {
    const before = [review('a', 1, { status: 'held' }), review('b', 2, { status: 'vacated' })]
    const after = [review('a', 1, { status: 'held', version: 3 }), review('b', 2, { status: 'vacated' })]
    expect(planChanges(before, after)).toEqual([])
  })
})

describe('planSummary', () => {
  const row = (reviewDate: string, sittingId: string | null) => ({
    reviewDate,
    sittingId,
    status: sittingId ? 'scheduled' : 'unlisted',
    mode: 'hearing',
  })

  it('when some reviews wait beyond the court’s last sitting, then the sentence says how many and after when', () => {
    const summary = planSummary(
      [row('2027-06-15', 's1'), row('2027-06-29', 's2'), row('2027-07-13', null), row('2027-08-13', null)],
      { sittingsUntil: '2027-06-29', lastBankHoliday: '2028-12-26' },
    )
    expect(summary).toEqual(
      expect.objectContaining({
        reviews: 4,
        listed: 2,
        unlisted: 2,
        message:
          '4 reviews, the last on Friday 13 August 2027; 2 cannot be listed yet because the court has no sittings after Tuesday 29 June 2027',
        warnings: [],
      }),
    )
  })

  it('when some wait for full sittings and some beyond the calendar, then both reasons are given with their counts', () => {
    const summary = planSummary([row('2027-06-15', null), row('2027-07-20', null)], {
      sittingsUntil: '2027-06-30',
      lastBankHoliday: null,
    })
    expect(summary.message).toBe(
      '2 reviews, the last on Tuesday 20 July 2027; 2 cannot be listed yet 1 because the court has no sittings after Wednesday 30 June 2027 and 1 because the sittings that could take them are full',
    )
  })

  it('when the plan reaches past the bank holidays known, then it warns; with no reviews it says so', () => {
    expect(
      planSummary([row('2029-02-06', 's1')], { sittingsUntil: '2029-03-01', lastBankHoliday: '2028-12-26' }).warnings,
    ).toEqual([
      'Bank holidays are known only to the end of 2028: reviews after that may fall on a bank holiday not yet listed. An administrator can upload the newer list.',
    ])
    expect(planSummary([], { sittingsUntil: null, lastBankHoliday: null }).message).toBe('No reviews')
  })
})
