import { z } from 'zod'
import type { Clock } from '../../utils/clock'
import type { CurrentUser } from '../../roles'
import type { InsightRepository } from '../../data/insightRepository'
import type { ContinuityRepository } from '../../data/continuityRepository'
import type { ReferenceRepository } from '../../data/referenceRepository'
import type { AuditTrail } from '../notify/auditTrail'
import { NotFoundError, ValidationError } from '../../errors'
import { parse } from '../validation'
import { addCalendarMonths, isIsoDate, todayIn } from '../../utils/dates'
import {
  attendanceCounts,
  continuityCounts,
  daysOrderToFirstReview,
  reportCounts,
  requirementCounts,
  reviewCounts,
  testingByMonth,
} from './insightRules'

const date = (field: string) =>
  z
    .string({ error: `${field} must be a date like 2027-01-31` })
    .refine(isIsoDate, { error: `${field} must be a date like 2027-01-31` })
    .optional()

export const insightQuery = z.object({ from: date('from'), to: date('to') })

/** A court's figures for a period (API.md "Insight"): counted over reviews whose hearing date is in it. */
export function createInsightService(deps: {
  clock: Clock
  audit: Pick<AuditTrail, 'listed'>
  insights: InsightRepository
  continuity: ContinuityRepository
  reference: ReferenceRepository
}) {
  const { clock, audit, insights, continuity, reference } = deps
  return {
    async forCourt(user: CurrentUser, courtId: string, query: unknown) {
      const court = await reference.court(courtId)
      // Admins see every court; sentencers their linked courts; clerks every court of the deployment
      // (DESIGN.md) until linked to courts, then those. Another court is not theirs (404).
      const everyCourt = user.role === 'admin' || (user.role === 'clerk' && user.courtIds.length === 0)
      if (!court || (!everyCourt && !user.courtIds.includes(courtId))) throw new NotFoundError('Court not found')
      const input = parse(insightQuery, query)
      // Default: the last 12 months up to today.
      const to = input.to ?? todayIn(clock)
      const from = input.from ?? addCalendarMonths(to, -12)
      if (from > to) throw new ValidationError([{ field: 'from', message: 'from must be on or before to' }])
      const [reviews, requirements, tests, pairs] = await Promise.all([
        insights.reviews(courtId, from, to),
        insights.requirements(courtId, from, to),
        insights.drugTests(courtId, from, to),
        continuity.heldPairs(courtId, from, to),
      ])
      // Counts only: the figures name no person, so the row lists none.
      await audit.listed(user, {
        action: 'view_insights',
        people: [],
        subjectType: 'court',
        subjectId: courtId,
        detail: { from, to },
      })
      return {
        courtId,
        from,
        to,
        reviews: reviewCounts(reviews),
        // continuity: held hearings whose requirement had an earlier held hearing (eligible); partial: at
        // least one bench member in common with who sat at that previous hearing; full: the same bench.
        continuity: continuityCounts(pairs),
        reports: reportCounts(reviews),
        requirements: requirementCounts(requirements),
        attendance: attendanceCounts(reviews),
        daysOrderToFirstReview: daysOrderToFirstReview(requirements, from, to),
        // testing: drug tests (not withdrawn) of the court's people per month, and how many all negative.
        testing: testingByMonth(tests, from, to),
      }
    },
  }
}

export type InsightService = ReturnType<typeof createInsightService>
