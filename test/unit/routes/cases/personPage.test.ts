import { fileSize, paragraphsOf, personPage } from '../../../../server/routes/cases/personPage'
import type { RequirementRow } from '../../../../server/data/caseRepository'
import type { ReviewRow } from '../../../../server/data/reviewRepository'

const requirement: RequirementRow = {
  id: 'q1',
  orderId: 'o1',
  kind: 'DRR',
  months: 6,
  residential: false,
  providerOrganisationId: 'org1',
  responsibleOfficerId: 'u1',
  reviewIntervalMonths: 1,
  reviewMode: 'hearing',
  willingToComply: true,
  startsOn: '2026-03-02',
  endsOn: '2026-09-01',
  status: 'active',
  breachProceedings: false,
  version: 1,
}

const review = (id: string, sequence: number, overrides: Partial<ReviewRow> = {}): ReviewRow => ({
  id,
  requirementId: 'q1',
  sequence,
  targetDate: '2026-04-02',
  mode: 'hearing',
  status: 'scheduled',
  sittingId: 's1',
  slotIndex: 0,
  startsAt: '2026-04-07T09:00:00.000Z',
  reviewDate: '2026-04-07',
  reportDueAt: '2026-04-03T22:59:59.000Z',
  lastSittingId: null,
  version: 1,
  createdAt: '2026-03-02T09:00:00.000Z',
  ...overrides,
})

function page(reviews: ReviewRow[], isClerk = true) {
  return personPage({
    record: {
      person: { id: 'p1', name: 'Sam', dateOfBirth: '1990-05-17', crn: 'X123456', pnc: null, version: 1 },
      orders: [
        {
          id: 'o1',
          personId: 'p1',
          courtId: 'c1',
          kind: 'community',
          madeOn: '2026-03-02',
          endsOn: '2026-09-01',
          caseReference: 'REF1',
          psrText: null,
          version: 1,
        },
      ],
      requirements: [requirement],
      reviews,
      documents: [],
    },
    reportStatuses: new Map(reviews.map(r => [r.id, 'not_started' as const])),
    names: {
      courts: new Map([['c1', 'Cardiff']]),
      providers: new Map([['org1', 'Dyfodol']]),
      officers: new Map([['u1', 'Tom Okafor']]),
    },
    isClerk,
  })
}

describe('personPage', () => {
  it('when a review was vacated, then it is not one of the n of m and needs no report', () => {
    const view = page([
      review('r1', 1, { status: 'vacated' }),
      review('r2', 2),
      review('r3', 3, { status: 'unlisted', sittingId: null, startsAt: null, reviewDate: '2026-05-07' }),
    ])
    const rows = view.orders[0].requirements[0].reviews

    expect(rows.map(r => r.label)).toEqual(['Not counted', 'Review 1 of 2', 'Review 2 of 2'])
    expect(rows[0].reportTag).toBeNull()
    expect(rows[1].when).toBe('7 April 2026 at 10am')
    expect(rows[1].sittingHref).toBe('/sittings/s1')
    expect(rows[2].when).toBe('Not listed yet')
    expect(rows[2].statusTag).toEqual({ text: 'Needs listing', colour: 'orange' })
  })

  it('when the reader is not a clerk, then there are no sitting links and no change links', () => {
    const view = page([review('r1', 1)], false)

    expect(view.orders[0].requirements[0].reviews[0].sittingHref).toBeNull()
    expect(view.personRows.some(r => 'href' in r)).toBe(false)
    expect(view.orders[0].psrHref).toBeNull()
  })

  it('when reviews are planned, then the timeline lists them by date with their status and report due date', () => {
    const view = page([review('r2', 2, { reviewDate: '2026-05-12' }), review('r1', 1)])

    expect(view.timeline.map(t => t.label)).toEqual(['DRR review 1 of 2', 'DRR review 2 of 2'])
    expect(view.timeline[0].text).toEqual([
      'Status: Scheduled',
      'Target date: 2 April 2026',
      'Report due: 3 April 2026 (not started)',
    ])
  })
})

describe('paragraphsOf and fileSize', () => {
  it('when text has blank lines, then it splits into paragraphs of lines', () => {
    expect(paragraphsOf('a\nb\r\n\r\nc')).toEqual([['a', 'b'], ['c']])
    expect(paragraphsOf('   ')).toEqual([])
    expect(paragraphsOf(null)).toEqual([])
  })

  it('when a size is shown, then it is in bytes, KB or MB', () => {
    expect(fileSize(900)).toBe('900 bytes')
    expect(fileSize(2048)).toBe('2 KB')
    expect(fileSize(3.5 * 1024 * 1024)).toBe('3.5 MB')
  })
})
