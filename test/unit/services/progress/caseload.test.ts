import fc from 'fast-check'
import type { ReviewRow } from '../../../../server/data/reviewRepository'
import type { CaseloadRequirement, ClientPerson } from '../../../../server/data/caseloadRepository'
import { caseloadRows, clientRows, nextOpenReviews } from '../../../../server/services/progress/caseload'

const review = (over: Partial<ReviewRow> & Pick<ReviewRow, 'id' | 'requirementId'>): ReviewRow => ({
  sequence: 1,
  targetDate: '2026-04-07',
  mode: 'hearing',
  status: 'scheduled',
  sittingId: null,
  slotIndex: null,
  startsAt: null,
  reviewDate: '2026-04-07',
  reportDueAt: null,
  lastSittingId: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
})

const requirement = (id: string, personName: string): CaseloadRequirement => ({
  id,
  kind: 'DRR',
  personId: `p-${id}`,
  personName,
  crn: `X${id}`,
  caseReference: `REF-${id}`,
  breachProceedings: false,
})

describe('nextOpenReviews', () => {
  it('when a requirement has held, open and later reviews, then its next is the earliest open one', () => {
    const next = nextOpenReviews([
      review({ id: 'held', requirementId: 'q', reviewDate: '2026-03-03', status: 'held' }),
      review({ id: 'later', requirementId: 'q', reviewDate: '2026-06-02', sequence: 3 }),
      review({ id: 'next', requirementId: 'q', reviewDate: '2026-05-05', sequence: 2, status: 'unlisted' }),
      review({ id: 'vacated', requirementId: 'q', reviewDate: '2026-04-01', status: 'vacated' }),
    ])

    expect(next.get('q')?.id).toBe('next')
  })

  it('when two open reviews fall on one day, then the lower sequence is next', () => {
    const next = nextOpenReviews([
      review({ id: 'b', requirementId: 'q', sequence: 4 }),
      review({ id: 'a', requirementId: 'q', sequence: 2 }),
    ])

    expect(next.get('q')?.id).toBe('a')
  })

  it('when requirements have no open review, then they have no entry', () => {
    expect(nextOpenReviews([review({ id: 'r', requirementId: 'q', status: 'held' })]).size).toBe(0)
  })

  it('when any reviews are given, then the next of each requirement is open and no open one of it comes before', () => {
    const statuses = ['scheduled', 'unlisted', 'held', 'adjourned', 'vacated', 'did_not_attend'] as const
    const arb = fc.array(
      fc.record({
        requirementId: fc.constantFrom('q1', 'q2', 'q3'),
        status: fc.constantFrom(...statuses),
        day: fc.integer({ min: 1, max: 28 }),
        sequence: fc.integer({ min: 1, max: 9 }),
      }),
      { maxLength: 20 },
    )
    fc.assert(
      fc.property(arb, specs => {
        const reviews = specs.map((s, i) =>
          review({
            id: `r${i}`,
            requirementId: s.requirementId,
            status: s.status,
            sequence: s.sequence,
            reviewDate: `2026-04-${`${s.day}`.padStart(2, '0')}`,
          }),
        )
        const open = reviews.filter(r => r.status === 'scheduled' || r.status === 'unlisted')
        const next = nextOpenReviews(reviews)
        expect([...next.keys()].sort()).toEqual([...new Set(open.map(r => r.requirementId))].sort())
        for (const [q, r] of next) {
          expect(open).toContain(r)
          for (const o of open.filter(x => x.requirementId === q))
            expect(o.reviewDate > r.reviewDate || (o.reviewDate === r.reviewDate && o.sequence >= r.sequence)).toBe(
              true,
            )
        }
      }),
    )
  })
})

describe('caseloadRows', () => {
  const lateIfDueBefore = (review: ReviewRow, report: { status: string } | undefined) =>
    report?.status === 'submitted'
      ? 'submitted'
      : review.reportDueAt && review.reportDueAt < '2026-04-01'
        ? 'late'
        : 'not_started'

  it('when a report is late and unsubmitted, then its case comes first; the rest by due date, then name', () => {
    const next = new Map([
      ['soon', review({ id: 'r-soon', requirementId: 'soon', reportDueAt: '2026-04-03T16:00:00.000Z' })],
      ['late', review({ id: 'r-late', requirementId: 'late', reportDueAt: '2026-03-20T16:00:00.000Z' })],
      ['done', review({ id: 'r-done', requirementId: 'done', reportDueAt: '2026-03-10T16:00:00.000Z' })],
    ])
    const reports = new Map([['r-done', { status: 'submitted', submittedAt: '2026-03-09T09:00:00.000Z' }]])

    const rows = caseloadRows(
      [
        requirement('none', 'Zed'),
        requirement('soon', 'Amy'),
        requirement('late', 'Bob'),
        requirement('done', 'Cat'),
        requirement('none2', 'Abe'),
      ],
      next,
      reports,
      lateIfDueBefore,
    )

    expect(rows.map(r => [r.personName, r.overdue, r.reportStatus])).toEqual([
      ['Bob', true, 'late'],
      ['Cat', false, 'submitted'],
      ['Amy', false, 'not_started'],
      ['Abe', false, null],
      ['Zed', false, null],
    ])
    expect(rows[0]).toMatchObject({
      requirementId: 'late',
      personId: 'p-late',
      crn: 'Xlate',
      caseReference: 'REF-late',
    })
    expect(rows[3].review).toBeNull()
  })

  it('when a submitted report was late, then the case is not overdue', () => {
    const next = new Map([['q', review({ id: 'r', requirementId: 'q', reportDueAt: '2026-03-01T16:00:00.000Z' })]])
    const rows = caseloadRows(
      [requirement('q', 'Ann')],
      next,
      new Map([['r', { status: 'submitted', submittedAt: '2026-03-05T09:00:00.000Z' }]]),
      () => 'late',
    )

    expect(rows[0]).toMatchObject({ reportStatus: 'late', overdue: false })
  })
})

describe('clientRows', () => {
  const people: ClientPerson[] = [
    { id: 'a', name: 'Zoe', crn: 'X1' },
    { id: 'b', name: 'Ann', crn: 'X2' },
    { id: 'c', name: 'Bea', crn: 'X3' },
  ]

  it('when clients have reviews, then the soonest report due comes first, then names; an update sent is marked', () => {
    const next = new Map([
      ['a', review({ id: 'ra', requirementId: 'qa', reportDueAt: '2026-04-01T16:00:00.000Z' })],
      ['c', review({ id: 'rc', requirementId: 'qc', reportDueAt: '2026-05-01T16:00:00.000Z' })],
    ])

    const rows = clientRows(people, next, new Map([['rc', '2026-04-20T09:00:00.000Z']]))

    expect(rows.map(r => [r.person.name, r.reportDueAt, r.update])).toEqual([
      ['Zoe', '2026-04-01T16:00:00.000Z', { wanted: true, receivedAt: null }],
      ['Bea', '2026-05-01T16:00:00.000Z', { wanted: true, receivedAt: '2026-04-20T09:00:00.000Z' }],
      ['Ann', null, null],
    ])
    expect(rows[2].review).toBeNull()
  })
})
