import { feedEntryPath, feedWindow } from '../../../../server/services/notify/feedLinks'

describe('feedWindow', () => {
  it('then it reaches from 30 days before to 12 months after, in UTC', () => {
    expect(feedWindow(new Date('2026-03-02T09:00:00Z'))).toEqual({
      from: '2026-01-31T09:00:00.000Z',
      to: '2027-03-02T09:00:00.000Z',
    })
  })
})

describe('feedEntryPath', () => {
  const row = { reviewId: 'r1', sittingId: 's1' }

  it.each([
    ['probation', '/reviews/r1/report'],
    ['provider', '/reviews/r1/provider-update'],
    ['sentencer', '/reviews/r1/pack'],
    ['clerk', '/sittings/s1'],
    ['admin', '/sittings/s1'],
  ] as const)('when the owner is %s, then an entry opens %s', (role, path) => {
    expect(feedEntryPath(role, row)).toBe(path)
  })
})
