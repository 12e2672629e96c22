import { needsListingGroups, type WaitingReview } from '../../../../server/routes/sittings/needsListingModel'

const waiting = (id: string, targetDate: string, courtId = 'c1'): WaitingReview => ({
  id,
  personId: `p-${id}`,
  personName: `Person ${id}`,
  crn: 'X123456',
  requirementKind: 'DRR',
  sequence: 2,
  targetDate,
  courtId,
})

describe('needsListingGroups', () => {
  const ctx = {
    today: '2027-01-04',
    lastSittings: new Map([
      ['c1', '2027-03-30'],
      ['c2', '2027-01-26'],
    ]),
    courtNames: new Map([
      ['c1', 'North'],
      ['c2', 'South'],
    ]),
  }

  it('when reviews wait for different reasons, then they are grouped: due within six weeks, full sittings, then each month beyond the last sitting', () => {
    const groups = needsListingGroups(
      [waiting('a', '2027-01-20'), waiting('b', '2027-03-10'), waiting('c', '2027-04-12'), waiting('d', '2027-05-02')],
      ctx,
    )

    expect(groups.map(g => [g.key, g.rows.map(r => r.id)])).toEqual([
      ['soon', ['a']],
      ['full', ['b']],
      ['month-2027-04-c1', ['c']],
      ['month-2027-05-c1', ['d']],
    ])
    expect(groups[2].heading).toBe('Waiting for sittings in April 2027')
    expect(groups[0].rows[0].addSittingHref).toBe('/sittings/new?court=c1&date=2027-01-20')
    const april = groups[2]
    expect('addSeriesHref' in april && april.addSeriesHref).toBe('/sittings/new-series?court=c1&date=2027-04-01')
  })

  it('when the list shows several courts, then each month’s group names its court; empty groups are left out', () => {
    const groups = needsListingGroups([waiting('e', '2027-03-02', 'c2'), waiting('f', '2027-04-20', 'c1')], ctx)
    expect(groups.map(g => g.heading)).toEqual([
      'Waiting for sittings in March 2027 at South',
      'Waiting for sittings in April 2027 at North',
    ])
  })
})
