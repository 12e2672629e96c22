import type { ReportRepository } from '../../data/reportRepository'
import type { Clock } from '../../utils/clock'
import type { AuditTrail } from '../notify/auditTrail'
import type { SittingRepository, SittingRow } from '../../data/sittingRepository'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { CurrentUser } from '../../roles'
import { NotFoundError } from '../../errors'
import { toLocalIso, formatDate } from '../../utils/dates'
import { continuityCounts } from './continuity'
import { deepFreeze } from '../../utils/freeze'
import type { ContinuityRepository } from '../../data/continuityRepository'
import type { CourtListReader } from './courtListRead'

export type ReportStatus = 'not_started' | 'draft' | 'submitted' | 'late'

export interface ApiReview {
  id: string
  requirementId: string
  sequence: number
  targetDate: string
  mode: 'hearing' | 'paper'
  status: string
  sittingId: string | null
  startsAt: string | null
  reportDueAt: string | null
  report: { status: string; submittedAt: string | null } | null
  version: number
}

/** One case on a court list, as courtList gives it: frozen, and the same object while nothing it shows changes. */
export interface CourtListEntry {
  review: ReviewRow
  /** The review's report as read (for toApi): its status and when it was sent. */
  report: { status: string; submittedAt: string | null } | undefined
  personId: string
  personName: string
  dateOfBirth: string
  crn: string
  caseReference: string
  requirementKind: string
  officerName: string | null
  providerName: string | null
  n: number
  m: number
  reportStatus: ReportStatus
  continuity: boolean | null
  breachProceedings: boolean
  /** The person missed this hearing and the court adjourned, summonsed or issued a warrant (no outcome). */
  nonAttendance: boolean
}

export const apiSitting = (s: SittingRow) => ({
  id: s.id,
  courtId: s.courtId,
  date: s.date,
  startTime: s.startTime,
  startsAt: toLocalIso(s.startsAt),
  courtroom: s.courtroom,
  capacity: s.capacity,
  slotMinutes: s.slotMinutes,
  benchUserIds: s.benchUserIds,
  booked: s.booked,
  status: s.status,
  version: s.version,
})

/** Read models for the clerk's pages and the API: a fixed number of queries per page. */
export function createListingService(deps: {
  sittings: SittingRepository
  reviews: ReviewRepository
  reports: ReportRepository
  audit: AuditTrail
  clock: Clock
  continuityData: ContinuityRepository
  courtLists: CourtListReader
}) {
  const { sittings, reviews, reports, audit, clock, continuityData, courtLists } = deps
  // Each kept court list's cases as last made, with the statuses they were made with (courtList).
  const casesMade = new WeakMap<object, { statuses: string; cases: readonly CourtListEntry[] }>()
  const now = () => clock.now().toISOString()

  const reportsFor = (reviewIds: string[]) => reports.statesFor(reviewIds)

  function reportStatus(
    review: ReviewRow,
    report: { status: string; submittedAt: string | null } | undefined,
    at: string = now(),
  ): ReportStatus {
    if (report?.status === 'submitted')
      return report.submittedAt && review.reportDueAt && report.submittedAt > review.reportDueAt ? 'late' : 'submitted'
    if (review.reportDueAt && review.reportDueAt < at) return 'late'
    return report ? 'draft' : 'not_started'
  }

  function toApi(r: ReviewRow, report?: { status: string; submittedAt: string | null }): ApiReview {
    // A vacated, adjourned or unlisted review holds no place: no sitting, no start time.
    const listed =
      Boolean(r.sittingId) && (r.status === 'scheduled' || r.status === 'held' || r.status === 'did_not_attend')
    return {
      id: r.id,
      requirementId: r.requirementId,
      sequence: r.sequence,
      targetDate: r.targetDate,
      mode: r.mode,
      status: r.status,
      sittingId: listed ? r.sittingId : null,
      startsAt: listed && r.startsAt ? toLocalIso(r.startsAt) : null,
      reportDueAt: r.reportDueAt ? toLocalIso(r.reportDueAt) : null,
      report: report
        ? { status: report.status, submittedAt: report.submittedAt ? toLocalIso(report.submittedAt) : null }
        : null,
      version: r.version,
    }
  }

  return {
    toApi,
    reportStatus,

    async apiReviews(rows: ReviewRow[]): Promise<ApiReview[]> {
      const states = await reportsFor(rows.map(r => r.id))
      return rows.map(r => toApi(r, states.get(r.id)))
    },

    /**
     * The court list: every case in slot order, with review n of m, report status and bench
     * continuity, the court, and each person's access needs. The rows come from memory while the case
     * data is unchanged; who may read it, the statuses that depend on the time and the audit row are
     * worked out on every read.
     */
    async courtList(user: CurrentUser, sittingId: string) {
      const rows = await courtLists(sittingId, now())
      const court = rows?.court
      if (!rows || !court) throw new NotFoundError('Sitting not found')
      const { sitting, booked, details, positionOf, reportStates, bench, continuityOf, nonAttendance } = rows
      if (user.role === 'sentencer' && !sitting.benchUserIds.includes(user.id))
        throw new NotFoundError('Sitting not found')
      const at = now()
      // The statuses that depend on the time; while they and the rows kept are the same, so are the cases
      // (the same frozen objects, read after read: a page made from them is recognised as the same).
      const statuses = booked.map(r => reportStatus(r, reportStates.get(r.id), at))
      const made = casesMade.get(rows)
      const listed: readonly CourtListEntry[] =
        made && made.statuses === statuses.join()
          ? made.cases
          : deepFreeze(
              booked.map((r, i) => {
                const d = details.get(r.requirementId)!
                const report = reportStates.get(r.id)
                const position = positionOf.get(r.id)!
                const entry: CourtListEntry = {
                  review: r,
                  report,
                  personId: d.personId,
                  personName: d.personName,
                  dateOfBirth: d.dateOfBirth,
                  crn: d.crn,
                  caseReference: d.caseReference,
                  requirementKind: d.kind as string,
                  officerName: d.officerName,
                  providerName: d.providerName,
                  n: position.n,
                  m: position.m,
                  reportStatus: statuses[i],
                  continuity: continuityOf.get(r.id) ?? null,
                  breachProceedings: d.breachProceedings,
                  nonAttendance: nonAttendance.has(r.id),
                }
                return entry
              }),
            )
      if (listed !== made?.cases) casesMade.set(rows, { statuses: statuses.join(), cases: listed })
      await audit.listed(user, {
        action: 'view_court_list',
        subjectType: 'sitting',
        subjectId: sitting.id,
        people: listed.map(c => c.personId),
      })
      return {
        sitting,
        court,
        bench: bench.map(u => ({ id: u.id, name: u.name })),
        cases: listed,
        accessNeeds: rows.listed,
        title: `${formatDate(sitting.date)}, courtroom ${sitting.courtroom}`,
      }
    },

    /**
     * Continuity of bench per court, measured as the 2011 MoJ Dedicated Drug Courts evaluation did, on
     * held hearings and who actually sat: partial (a member in common with the person's previous held
     * hearing) and full (the same bench). Also per sitting, for the API's court sittings.
     */
    async continuity(courtId: string, from: string, to: string) {
      const pairs = await continuityData.heldPairs(courtId, from, to)
      const bySitting = new Map<string, typeof pairs>()
      for (const p of pairs) bySitting.set(p.sittingId, [...(bySitting.get(p.sittingId) ?? []), p])
      return {
        court: continuityCounts(pairs),
        sitting: (id: string) => continuityCounts(bySitting.get(id) ?? []),
      }
    },

    /** Reviews waiting for a sitting (a court's, or every court's); one audit row for the list, for the signed-in clerk. */
    async needsListing(courtId?: string | readonly string[]) {
      const rows = await reviews.unlisted(courtId)
      await audit.listed(null, {
        action: 'view_needs_listing',
        people: rows.map(r => r.personId),
        ...(typeof courtId === 'string' ? { subjectType: 'court', subjectId: courtId } : {}),
        ...(courtId && typeof courtId !== 'string' ? { detail: { courtIds: [...courtId] } } : {}),
      })
      return rows
    },

    /** How far ahead each court has sittings set up: a waiting review beyond it waits for sittings. */
    lastSittings: (courtIds: string[]) => sittings.lastOpenDates(courtIds),

    /** The reviews of these requirements, before and after a change, to show what it re-planned. */
    snapshot: (requirementIds: string[]) => reviews.forRequirements(requirementIds),

    /** The requirements with a review booked in a sitting. */
    async requirementsInSitting(sittingId: string): Promise<string[]> {
      return [...new Set((await reviews.forSitting(sittingId)).map(r => r.requirementId))]
    },
  }
}

export type ListingService = ReturnType<typeof createListingService>
