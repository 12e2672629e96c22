import { assemble } from '../../../../server/services/hearing/packAssembly'
import { requirement, review, rows } from './packFixtures'

const NOW = '2026-05-01T09:00:00.000Z'

describe('assemble: enforcement and changes', () => {
  const base = rows()
  const amendment = (
    id: string,
    requirementId: string,
    madeOn: string,
    changes: Record<string, { from: unknown; to: unknown }>,
  ) => ({
    id,
    requirementId,
    reviewId: null,
    applicationId: null,
    madeOn,
    changes,
    consent: true,
    reason: `Reason ${id}`,
    madeBy: 'u1',
    madeAt: `${madeOn}T10:00:00.000Z`,
  })

  it('when a case has nothing to show, then it has no section and no warrant warning', () => {
    const c = assemble(base, NOW).cases[0]
    expect(c.enforcement).toBeNull()
    expect(c.warnings.join(' ')).not.toContain('Warrant')
  })

  it('when two cases have amendments, then each shows its own, split at its own last review, with names', () => {
    const second = review({ id: 'r9', requirementId: 'q2', sequence: 1 })
    const model = assemble(
      rows({
        booked: [review(), second],
        requirements: [requirement(), requirement({ id: 'q2', personName: 'Sam Second' })],
        siblings: [...base.siblings, second],
        enforcement: {
          warrants: [],
          breaches: [],
          applications: [],
          amendments: [
            amendment('a1', 'q1', '2026-03-20', { months: { from: 6, to: 9 } }),
            amendment('a2', 'q1', '2026-04-20', { providerOrganisationId: { from: 'g1', to: 'g2' } }),
            amendment('a3', 'q2', '2026-03-20', { responsibleCourtId: { from: 'c1', to: 'c2' } }),
          ],
        },
        organisations: [
          { id: 'g1', name: 'Forward Leeds' },
          { id: 'g2', name: 'Humankind' },
        ],
        courts: [
          { id: 'c1', name: 'Leeds Magistrates’ Court' },
          { id: 'c2', name: 'Bradford Magistrates’ Court' },
        ],
      }),
      NOW,
    )
    const [first, other] = model.cases.map(c => c.enforcement!)

    // The first case's last review was on 7 April: the March amendment is history.
    expect(first.sinceLabel).toBe('Since the last review on 7 April 2026')
    expect(first.amendmentsSince.map(a => a.changes)).toEqual([
      [{ field: 'Treatment provider', from: 'Forward Leeds', to: 'Humankind' }],
    ])
    expect(first.amendmentsEarlier.map(a => a.reason)).toEqual(['Reason a1'])
    // The second case is at its first review: everything is since the order was made.
    expect(other.sinceLabel).toBe('Since the order was made')
    expect(other.amendmentsSince[0].changes).toEqual([
      { field: 'Responsible court', from: 'Leeds Magistrates’ Court', to: 'Bradford Magistrates’ Court' },
    ])
  })

  it('when a warrant is open, then the case warns first, and a missed hearing of this case (not another’s) is listed', () => {
    const missed = review({
      id: 'r1',
      sequence: 1,
      status: 'did_not_attend',
      sittingId: 's1',
      reviewDate: '2026-04-07',
    })
    const warrant = {
      id: 'w1',
      requirementId: 'q1',
      missedReviewId: 'r1',
      returnReviewId: null,
      issuedOn: '2026-04-07',
      issuedBy: 'u1',
      issuedByBench: [],
      bail: false,
      status: 'open' as const,
      executedOn: null,
      bailReturnOn: null,
      withdrawnReason: null,
      closedBy: null,
      closedAt: null,
      version: 1,
      personId: 'p1',
      personName: 'Pat Packson',
      crn: 'X123456',
      courtId: 'c1',
      missedOn: '2026-04-07',
      requirementEndsOn: '2026-09-05',
    }
    const na = (id: string, reviewId: string) => ({
      id,
      reviewId,
      action: 'warrant' as const,
      summonsOn: null,
      hearingReviewId: null,
      warrantId: 'w1',
      comments: null,
      recordedBy: 'u1',
      recordedAt: '2026-04-07T12:00:00.000Z',
    })
    const c = assemble(
      rows({
        siblings: [missed, review(), review({ id: 'x1', requirementId: 'q9', sequence: 1 })],
        enforcement: { warrants: [warrant], breaches: [], amendments: [], applications: [] },
        nonAttendance: [na('n1', 'r1'), na('n9', 'x1')],
      }),
      NOW,
    ).cases[0]

    expect(c.warnings[0]).toBe(
      'Warrant open: issued 7 April 2026 after the person missed the hearing on 7 April 2026 (not backed for bail), not yet executed.',
    )
    expect(c.enforcement!.openWarrants).toHaveLength(1)
    expect(c.enforcement!.nonAttendance).toEqual([
      { date: '7 April 2026', action: 'Warrant issued (not backed for bail), not yet executed', comments: null },
    ])
  })
})
