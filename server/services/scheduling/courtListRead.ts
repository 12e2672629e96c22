import type { AccessNeedsRepository } from '../../data/accessNeedsRepository'
import type { CaseDataCache } from '../../data/caseDataCache'
import type { CaseRepository } from '../../data/caseRepository'
import type { OutcomeRepository } from '../../data/outcomeRepository'
import type { ReferenceRepository } from '../../data/referenceRepository'
import type { ReportRepository } from '../../data/reportRepository'
import type { ReviewHistoryRow, ReviewRepository } from '../../data/reviewRepository'
import type { SittingRepository } from '../../data/sittingRepository'
import type { UserRepository } from '../../data/userRepository'
import { hasContinuity } from './continuity'

/** How many sittings' court lists an instance keeps (each a few dozen rows a case). */
export const COURT_LISTS_KEPT = 100

const COUNTED = ['held', 'scheduled', 'did_not_attend']

/**
 * Everything a sitting's court list is made from, as read from the database: the same rows for
 * every reader and at any time of day (who may read it, the report statuses that depend on the time
 * and the audit row are worked out on each read by listingService.courtList). Null: no such sitting.
 */
export function createCourtListReader(deps: {
  sittings: Pick<SittingRepository, 'find' | 'findMany'>
  reviews: Pick<ReviewRepository, 'forSitting' | 'historyOf'>
  cases: Pick<CaseRepository, 'requirementDetails'>
  users: Pick<UserRepository, 'namesOf'>
  reports: Pick<ReportRepository, 'statesFor'>
  outcomes: Pick<OutcomeRepository, 'forReviews'>
  reference: Pick<ReferenceRepository, 'court'>
  accessNeeds: Pick<AccessNeedsRepository, 'forPeople' | 'attendanceOf'>
  cache: CaseDataCache
}) {
  const { sittings, reviews, cases, users, reports, outcomes, reference, accessNeeds, cache } = deps

  async function load(sittingId: string) {
    const sitting = await sittings.find(sittingId)
    if (!sitting) return null
    const booked = await reviews.forSitting(sitting.id)
    const requirementIds = [...new Set(booked.map(r => r.requirementId))]
    const [details, siblings, reportStates, bench, court] = await Promise.all([
      cases.requirementDetails(requirementIds),
      reviews.historyOf(requirementIds),
      reports.statesFor(booked.map(r => r.id)),
      users.namesOf(sitting.benchUserIds),
      reference.court(sitting.courtId),
    ])
    // Each requirement's reviews in sequence order, read once a list rather than once a row.
    const siblingsOf = new Map<string, ReviewHistoryRow[]>()
    for (const s of siblings) siblingsOf.set(s.requirementId, [...(siblingsOf.get(s.requirementId) ?? []), s])
    // Each booked review's previous listed review of the same requirement, for bench continuity.
    const previousOf = new Map<string, ReviewHistoryRow>()
    for (const r of booked) {
      const earlier = (siblingsOf.get(r.requirementId) ?? []).filter(
        s => s.sequence < r.sequence && s.sittingId && COUNTED.includes(s.status),
      )
      const prev = earlier[earlier.length - 1]
      if (prev?.sittingId) previousOf.set(r.id, prev)
    }
    // Each booked review's place among its requirement's reviews still to count ("review n of m"): the
    // same until the case data changes, so worked out once for the copy kept, not on every read.
    const positionOf = new Map<string, { n: number; m: number }>()
    for (const r of booked) {
      const active = (siblingsOf.get(r.requirementId) ?? []).filter(
        s => s.status !== 'vacated' && s.status !== 'adjourned',
      )
      positionOf.set(r.id, { n: active.findIndex(a => a.id === r.id) + 1, m: active.length })
    }
    const personIds = [...new Set(details.map(d => d.personId))]
    const [previousSittings, whoSat, needs, attendance] = await Promise.all([
      sittings
        .findMany([...new Set([...previousOf.values()].map(p => p.sittingId!))])
        .then(rows => new Map(rows.map(s => [s.id, s]))),
      // The same read answers, for a hearing the person missed, whether an outcome was recorded for it
      // (else the court's non-attendance was: adjourned, summons or warrant).
      outcomes.forReviews([
        ...[...previousOf.values()].map(p => p.id),
        ...booked.filter(r => r.status === 'did_not_attend').map(r => r.id),
      ]),
      // Issue 23: each person's access needs and how they attend, on the list the clerks and the bench read.
      accessNeeds.forPeople(personIds),
      accessNeeds.attendanceOf(booked.map(r => r.id)),
    ])
    // Bench continuity, against who sat at the previous review where its outcome recorded it, else its
    // roster; and which missed hearings had the court's non-attendance decision rather than an outcome.
    const continuityOf = new Map<string, boolean | null>()
    for (const r of booked) {
      const prev = previousOf.get(r.id)
      const sat = prev ? whoSat.get(prev.id)?.benchUserIds : undefined
      continuityOf.set(
        r.id,
        prev
          ? hasContinuity(sat?.length ? sat : previousSittings.get(prev.sittingId!)?.benchUserIds, sitting.benchUserIds)
          : null,
      )
    }
    const nonAttendance = new Set(booked.filter(r => r.status === 'did_not_attend' && !whoSat.has(r.id)).map(r => r.id))
    return {
      sitting,
      booked,
      details: new Map(details.map(d => [d.id, d])),
      positionOf,
      reportStates,
      bench,
      court,
      continuityOf,
      nonAttendance,
      listed: {
        needs: new Map(needs.map(n => [n.personId, n])),
        attendance: new Map(attendance.map(a => [a.reviewId, a])),
      },
    }
  }

  /** The sitting's rows, from memory while the case data is unchanged (server/data/caseDataCache.ts). */
  return (sittingId: string, now: string) =>
    cache.get(`court-list:${sittingId}`, now, async () => ({ value: await load(sittingId), until: null }))
}

export type CourtListReader = ReturnType<typeof createCourtListReader>
export type CourtListRows = NonNullable<Awaited<ReturnType<CourtListReader>>>
