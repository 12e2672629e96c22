import { digestRecipients, reminderHorizon, sittingsAt } from '../../../../server/services/notify/reminderRules'

describe('reminderHorizon', () => {
  it('when the next days are working days, then the horizon is that many days ahead', () => {
    // Monday 9 March 2026.
    expect(reminderHorizon('2026-03-09', 2, new Set())).toBe('2026-03-11')
  })

  it('when a weekend comes between, then it is not counted', () => {
    // Thursday 12 March: Friday, (weekend), Monday.
    expect(reminderHorizon('2026-03-12', 2, new Set())).toBe('2026-03-16')
  })

  it('when a bank holiday comes between, then it is not counted either', () => {
    // Thursday 2 April 2026: Good Friday and Easter Monday are holidays.
    expect(reminderHorizon('2026-04-02', 1, new Set(['2026-04-03', '2026-04-06']))).toBe('2026-04-07')
  })

  it('when no working days are asked for, then the horizon is today', () => {
    expect(reminderHorizon('2026-03-14', 0, new Set())).toBe('2026-03-14')
  })
})

describe('digestRecipients', () => {
  it('when a clerk is linked to courts, then they get one entry with those courts', () => {
    const rows = [
      { userId: 'u1', email: 'a@x', courtId: 'c1' },
      { userId: 'u2', email: 'b@x', courtId: null },
      { userId: 'u1', email: 'a@x', courtId: 'c2' },
    ]
    expect(digestRecipients(rows)).toEqual([
      { userId: 'u1', email: 'a@x', courtIds: new Set(['c1', 'c2']) },
      { userId: 'u2', email: 'b@x', courtIds: null },
    ])
  })

  it('when there are no clerks, then there are no recipients', () => {
    expect(digestRecipients([])).toEqual([])
  })
})

describe('sittingsAt', () => {
  const sittings = [
    { courtId: 'c1', id: 's1' },
    { courtId: 'c2', id: 's2' },
  ]

  it('when a clerk has courts, then only their courts’ sittings are theirs', () => {
    expect(sittingsAt(new Set(['c2']), sittings).map(s => s.id)).toEqual(['s2'])
    expect(sittingsAt(new Set(['c3']), sittings)).toEqual([])
  })

  it('when a clerk has no courts, then every sitting is theirs', () => {
    expect(sittingsAt(null, sittings)).toEqual(sittings)
  })
})
