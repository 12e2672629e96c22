import type { ReviewRow } from '../../../../server/data/reviewRepository'
import type { SittingRow } from '../../../../server/data/sittingRepository'
import type { PackRequirementRow } from '../../../../server/data/packRepository'
import type { PackRows } from '../../../../server/services/hearing/packTypes'

// Plain rows for the pack's pure functions: one requirement, its reviews, a sitting.

export const review = (over: Partial<ReviewRow> = {}): ReviewRow => ({
  id: 'r2',
  requirementId: 'q1',
  sequence: 2,
  targetDate: '2026-05-12',
  mode: 'hearing',
  status: 'scheduled',
  sittingId: 's2',
  slotIndex: 0,
  startsAt: '2026-05-12T09:00:00.000Z',
  reviewDate: '2026-05-12',
  reportDueAt: '2026-05-08T16:00:00.000Z',
  lastSittingId: null,
  version: 1,
  createdAt: '2026-03-06T10:00:00.000Z',
  ...over,
})

export const sitting = (over: Partial<SittingRow> = {}): SittingRow => ({
  id: 's2',
  courtId: 'c1',
  date: '2026-05-12',
  startTime: '10:00',
  startsAt: '2026-05-12T09:00:00.000Z',
  courtroom: '3',
  capacity: 6,
  slotMinutes: 20,
  status: 'open',
  seriesId: null,
  version: 1,
  benchUserIds: ['m2', 'm1'],
  booked: 1,
  slotsInUse: 1,
  ...over,
})

export const requirement = (over: Partial<PackRequirementRow> = {}): PackRequirementRow => ({
  id: 'q1',
  kind: 'DRR',
  months: 6,
  startsOn: '2026-03-06',
  endsOn: '2026-09-05',
  reviewMode: 'hearing',
  breachProceedings: false,
  orderId: 'o1',
  orderKind: 'community',
  madeOn: '2026-03-06',
  orderEndsOn: '2027-03-05',
  caseReference: 'CR-1',
  psrText: null,
  courtName: 'Leeds Magistrates’ Court',
  courtKind: 'magistrates',
  personId: 'p1',
  personName: 'Pat Packson',
  dateOfBirth: '1990-01-31',
  crn: 'X123456',
  pnc: null,
  officerName: 'Olive Officer',
  providerName: 'Forward Leeds',
  ...over,
})

/** A case in its second review: the first was held at sitting s1 with an outcome. */
export function rows(over: Partial<PackRows> = {}): PackRows {
  const first = review({ id: 'r1', sequence: 1, status: 'held', sittingId: 's1', reviewDate: '2026-04-07' })
  const second = review()
  return {
    sitting: sitting(),
    courtName: 'Leeds Magistrates’ Court',
    booked: [second],
    requirements: [requirement()],
    siblings: [first, second, review({ id: 'r3', sequence: 3, sittingId: null, status: 'unlisted' })],
    reports: [],
    updates: [],
    outcomes: [
      {
        reviewId: 'r1',
        attended: true,
        progress: 'good',
        decision: 'continue_hearing',
        benchComments: 'Keep it up',
        benchUserIds: ['m1'],
      },
    ],
    earlierSittings: [sitting({ id: 's1', date: '2026-04-07', benchUserIds: ['m1', 'm3'] })],
    tests: [],
    ordersWithPsr: [],
    users: [
      { id: 'm1', name: 'Mags One' },
      { id: 'm2', name: 'Anne Two' },
      { id: 'm3', name: 'Zed Three' },
    ],
    enforcement: { warrants: [], breaches: [], amendments: [], applications: [] },
    nonAttendance: [],
    organisations: [],
    courts: [],
    statements: [],
    statementResponses: [],
    ...over,
  }
}
