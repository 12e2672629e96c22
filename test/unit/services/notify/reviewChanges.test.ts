import type { UnannouncedReviewRow } from '../../../../server/data/announcementRepository'
import {
  announcedMark,
  audienceOf,
  changesFor,
  reviewChangesSubject,
  toReviewChange,
  type ReviewChange,
} from '../../../../server/services/notify/reviewChanges'

const row = (over: Partial<UnannouncedReviewRow> = {}): UnannouncedReviewRow => ({
  reviewId: 'r1',
  status: 'scheduled',
  startsAt: '2026-04-07T09:00:00.000Z',
  calendarStartsAt: null,
  calendarSequence: 0,
  slotMinutes: 20,
  courtroom: '3',
  courtName: 'Teesside',
  officerId: 'officer-1',
  providerOrganisationId: 'org-1',
  ...over,
})

const change = (over: Partial<ReviewChange> = {}): ReviewChange => ({ ...toReviewChange(row()), ...over })

describe('toReviewChange', () => {
  it('when a review is listed for the first time, then it is "listed" at its time with SEQUENCE 0', () => {
    expect(toReviewChange(row())).toEqual({
      kind: 'listed',
      reviewId: 'r1',
      sequence: 0,
      startsAt: '2026-04-07T09:00:00.000Z',
      previous: null,
      minutes: 20,
      courtName: 'Teesside',
      courtroom: '3',
      officerId: 'officer-1',
      providerOrganisationId: 'org-1',
    })
  })

  it('when a review announced at one time now starts at another, then it is "moved" from it with the SEQUENCE raised', () => {
    const c = toReviewChange(row({ calendarStartsAt: '2026-03-31T09:00:00.000Z', calendarSequence: 1 }))
    expect(c).toEqual(expect.objectContaining({ kind: 'moved', sequence: 2, previous: '2026-03-31T09:00:00.000Z' }))
  })

  it('when an announced review is vacated, then it is "cancelled" at the time announced, with the SEQUENCE raised', () => {
    const c = toReviewChange(
      row({ status: 'vacated', startsAt: null, calendarStartsAt: '2026-04-07T09:00:00.000Z', calendarSequence: 0 }),
    )
    expect(c).toEqual(
      expect.objectContaining({ kind: 'cancelled', sequence: 1, startsAt: '2026-04-07T09:00:00.000Z', previous: null }),
    )
  })

  it('when a review cancelled before is listed again, then it is "listed" with a SEQUENCE above the cancellation’s', () => {
    expect(toReviewChange(row({ calendarSequence: 2 }))).toEqual(
      expect.objectContaining({ kind: 'listed', sequence: 3 }),
    )
  })

  it('when the review has no sitting to read, then it is 15 minutes at "the court"', () => {
    const c = toReviewChange(row({ slotMinutes: null, courtName: null, courtroom: null }))
    expect([c.minutes, c.courtName, c.courtroom]).toEqual([15, 'the court', null])
  })
})

describe('announcedMark', () => {
  it('when a change is a listing or a move, then its time and SEQUENCE are remembered; a cancellation forgets the time', () => {
    expect(announcedMark(change({ sequence: 2 }))).toEqual({
      reviewId: 'r1',
      calendarStartsAt: '2026-04-07T09:00:00.000Z',
      calendarSequence: 2,
    })
    expect(announcedMark(change({ kind: 'cancelled', sequence: 3 }))).toEqual({
      reviewId: 'r1',
      calendarStartsAt: null,
      calendarSequence: 3,
    })
  })
})

describe('audienceOf', () => {
  it('then the officers and provider organisations are named once each, without blanks', () => {
    const changes = [
      change(),
      change({ reviewId: 'r2' }),
      change({ reviewId: 'r3', officerId: null, providerOrganisationId: 'org-2' }),
      change({ reviewId: 'r4', officerId: 'officer-2', providerOrganisationId: null }),
    ]
    expect(audienceOf(changes)).toEqual({
      officerIds: ['officer-1', 'officer-2'],
      organisationIds: ['org-1', 'org-2'],
    })
  })
})

describe('changesFor', () => {
  const changes = [
    change({ reviewId: 'a' }),
    change({ reviewId: 'b', officerId: 'officer-2', providerOrganisationId: 'org-2' }),
  ]

  it('when the recipient is an officer, then they get the changes to the reviews they are officer for', () => {
    const officer = { id: 'officer-2', email: 'o@x', role: 'probation' as const, organisationId: 'org-1' }
    expect(changesFor(officer, changes).map(c => c.reviewId)).toEqual(['b'])
  })

  it('when the recipient is a provider worker, then they get their organisation’s, whoever their id is', () => {
    const worker = { id: 'officer-1', email: 'p@x', role: 'provider' as const, organisationId: 'org-2' }
    expect(changesFor(worker, changes).map(c => c.reviewId)).toEqual(['b'])
  })
})

describe('reviewChangesSubject', () => {
  it.each([
    ['CANCEL', ['cancelled'], 'Review hearing cancelled'],
    ['CANCEL', ['cancelled', 'cancelled'], '2 review hearings cancelled'],
    ['REQUEST', ['listed'], 'Review hearing listed'],
    ['REQUEST', ['listed', 'listed', 'listed'], '3 review hearings listed'],
    ['REQUEST', ['moved'], 'Review hearing moved'],
    ['REQUEST', ['listed', 'moved'], '2 review hearings moved or listed'],
  ] as const)('when the email is a %s of %p, then its subject is "%s"', (method, kinds, subject) => {
    expect(
      reviewChangesSubject(
        method,
        kinds.map(kind => change({ kind })),
      ),
    ).toBe(subject)
  })
})
