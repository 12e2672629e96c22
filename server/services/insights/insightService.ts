import { z } from 'zod'
import type { Clock } from '../../utils/clock'
import type { CurrentUser } from '../../roles'
import type { InsightRepository } from '../../data/insightRepository'
import type { ContinuityRepository } from '../../data/continuityRepository'
import type { CourtRow, ReferenceRepository } from '../../data/referenceRepository'
import type { AuditTrail } from '../notify/auditTrail'
import { NotFoundError, ValidationError } from '../../errors'
import { parse } from '../validation'
import { addCalendarMonths, isIsoDate, todayIn } from '../../utils/dates'
import {
  attendanceCounts,
  continuityCounts,
  daysOrderToFirstReview,
  reportCounts,
  reportTeams,
  requirementCounts,
  reviewCounts,
  testingByMonth,
} from './insightRules'
import { figuresByMonth } from './insightTrends'

const date = (field: string) =>
  z
    .string({ error: `${field} must be a date like 2027-01-31` })
    .refine(isIsoDate, { error: `${field} must be a date like 2027-01-31` })
    .optional()

export const insightQuery = z.object({ from: date('from'), to: date('to') })

/** The API's query: the period, and `format=csv` for the same figures as a CSV file. */
export const insightApiQuery = insightQuery.extend({ format: z.enum(['json', 'csv']).optional() })

/** Admins see every court; sentencers their linked courts; clerks every court until linked to courts, then those. */
export const seesEveryCourt = (user: CurrentUser) =>
  user.role === 'admin' || (user.role === 'clerk' && user.courtIds.length === 0)

/** A court's figures for a period (API.md "Insight"): counted over reviews whose hearing date is in it. */
export function createInsightService(deps: {
  clock: Clock
  audit: Pick<AuditTrail, 'listed'>
  insights: InsightRepository
  continuity: ContinuityRepository
  reference: ReferenceRepository
}) {
  const { clock, audit, insights, continuity, reference } = deps

  /** The court, if the user may see its figures; another court is not theirs (404). */
  async function court(user: CurrentUser, courtId: string): Promise<CourtRow> {
    const found = await reference.court(courtId)
    if (!found || (!seesEveryCourt(user) && !user.courtIds.includes(courtId)))
      throw new NotFoundError('Court not found')
    return found
  }

  /** The period asked for: default the last 12 months up to today. */
  function period(query: unknown) {
    const input = parse(insightApiQuery, query)
    const to = input.to ?? todayIn(clock)
    const from = input.from ?? addCalendarMonths(to, -12)
    if (from > to) throw new ValidationError([{ field: 'from', message: 'from must be on or before to' }])
    return { from, to }
  }

  /** The courts whose figures the user may see, by name. */
  async function courts(user: CurrentUser): Promise<CourtRow[]> {
    const all = await reference.courts()
    return seesEveryCourt(user) ? all : all.filter(c => user.courtIds.includes(c.id))
  }

  /** The figures of a court the caller has already found with `court` (so it is the user's to see). */
  async function figures(user: CurrentUser, found: CourtRow, query: unknown) {
    const courtId = found.id
    const { from, to } = period(query)
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
    const testing = testingByMonth(tests, from, to)
    return {
      courtId,
      from,
      to,
      reviews: reviewCounts(reviews),
      // continuity: held hearings whose requirement had an earlier held hearing (eligible); partial: at
      // least one bench member in common with who sat at that previous hearing; full: the same bench.
      continuity: continuityCounts(pairs),
      reports: { ...reportCounts(reviews), byTeam: reportTeams(reviews) },
      requirements: requirementCounts(requirements),
      attendance: attendanceCounts(reviews),
      daysOrderToFirstReview: daysOrderToFirstReview(requirements, from, to),
      // testing: drug tests (not withdrawn) of the court's people per month, and how many all negative.
      testing,
      // months: the same figures month by month, counted from the same rows.
      months: figuresByMonth({ reviews, requirements, tests, pairs }, from, to, testing),
    }
  }

  return {
    court,
    period,
    courts,

    figures,

    async forCourt(user: CurrentUser, courtId: string, query: unknown) {
      return figures(user, await court(user, courtId), query)
    },

    /**
     * Headline figures for each court the user may see (an admin's region view: a deployment is one region),
     * over the same period: hearings held, partial continuity, reports on time and active requirements.
     * Two queries for all the courts' reviews and requirements, and the continuity rows a court at a time.
     */
    async headlines(user: CurrentUser, query: unknown) {
      const { from, to } = period(query)
      const visible = await courts(user)
      const ids = visible.map(c => c.id)
      const [reviews, requirements, pairs] = await Promise.all([
        insights.reviews(ids, from, to),
        insights.requirements(ids, from, to),
        Promise.all(ids.map(id => continuity.heldPairs(id, from, to))),
      ])
      await audit.listed(user, {
        action: 'view_insights',
        people: [],
        subjectType: 'courts',
        detail: { from, to, courtIds: ids },
      })
      const rows = visible.map((c, i) => {
        const mine = reviews.filter(r => r.courtId === c.id)
        const { eligible, partial } = continuityCounts(pairs[i])
        const { due, onTime } = reportCounts(mine)
        const { active } = requirementCounts(requirements.filter(q => q.courtId === c.id))
        return { court: c, held: reviewCounts(mine).held, eligible, partial, due, onTime, active }
      })
      const sum = (k: 'held' | 'eligible' | 'partial' | 'due' | 'onTime' | 'active') =>
        rows.reduce((n, r) => n + r[k], 0)
      const total = {
        held: sum('held'),
        eligible: sum('eligible'),
        partial: sum('partial'),
        due: sum('due'),
        onTime: sum('onTime'),
        active: sum('active'),
      }
      return { from, to, rows, total }
    },
  }
}

export type InsightService = ReturnType<typeof createInsightService>
export type CourtInsights = Awaited<ReturnType<InsightService['forCourt']>>
