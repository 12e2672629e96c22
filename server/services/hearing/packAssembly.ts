import type { ReviewRow } from '../../data/reviewRepository'
import type { PackRequirementRow } from '../../data/packRepository'
import type { PackCase, PackModel, PackRows } from './packTypes'
import { ORDER_KINDS, REQUIREMENT_KINDS } from '../../content/labels'
import { formatShortDate, formatTime } from '../../utils/dates'
import { chartWindow, drugTestChart } from './packChart'
import {
  caseWarnings,
  orderTestSummary,
  packAttendance,
  packReport,
  packTimeline,
  testsSince,
  type PackNames,
} from './packCase'
import { packEnforcement, type AmendmentNames } from './packEnforcement'
import { packStatements, responsesByReview } from '../person/statementPack'

// A hearing pack's model from the rows read for it: no database, no clock (the time comes in).

/** Where a review sits among its requirement's reviews still in the plan: "3 of 12". */
const activeOf = (siblings: ReviewRow[], r: ReviewRow) =>
  siblings.filter(s => s.requirementId === r.requirementId && s.status !== 'vacated' && s.status !== 'adjourned')

/**
 * The earlier reviews of each booked review's requirement that the bench had (or has listed):
 * the timeline, and what "since the last review" counts from.
 */
export function earlierReviews(booked: ReviewRow[], siblings: ReviewRow[]): Map<string, ReviewRow[]> {
  const out = new Map<string, ReviewRow[]>()
  for (const r of booked)
    out.set(
      r.id,
      siblings.filter(
        s =>
          s.requirementId === r.requirementId &&
          s.sequence < r.sequence &&
          (s.status === 'held' || s.status === 'did_not_attend' || (s.status === 'scheduled' && s.sittingId)),
      ),
    )
  return out
}

/** Names for user ids, sorted as a bench is shown; ids without a name are left out. */
export function benchNames(users: { id: string; name: string }[]): PackNames {
  const names = new Map(users.map(u => [u.id, u.name]))
  return ids =>
    ids
      .map(id => names.get(id))
      .filter((n): n is string => Boolean(n))
      .sort((a, b) => a.localeCompare(b))
}

/** How the requirement is reviewed, in the court's words (Sentencing Act 2020 Sch 9 para 21). */
export const reviewModeText = (d: Pick<PackRequirementRow, 'reviewMode' | 'courtKind'>) =>
  d.reviewMode === 'paper'
    ? `Without a hearing, decided on the papers by a ${d.courtKind === 'crown' ? 'judge' : 'single justice'}`
    : 'At a review hearing the person attends'

/** The pack's model: its cover (court, bench, list) and each case, from the rows read for it, at `now`. */
export function assemble(rows: PackRows, now: string): PackModel {
  const { sitting, booked, siblings } = rows
  const requirementOf = new Map(rows.requirements.map(d => [d.id, d]))
  const earlierOf = earlierReviews(booked, siblings)
  const benchOf = benchNames(rows.users)
  const sittingsById = new Map(rows.earlierSittings.map(s => [s.id, s]))
  const outcomeOf = new Map(rows.outcomes.map(o => [o.reviewId, o]))
  const psrOrders = new Set(rows.ordersWithPsr)
  const siblingsById = new Map(siblings.map(s => [s.id, s]))
  const orgNames = new Map(rows.organisations.map(o => [o.id, o.name]))
  const courtNames = new Map(rows.courts.map(o => [o.id, o.name]))
  const names: AmendmentNames = {
    organisation: id => orgNames.get(id) ?? null,
    court: id => courtNames.get(id) ?? null,
  }
  const statementOf = packStatements(booked, siblings, rows.statements)
  const responseOf = responsesByReview(rows.statementResponses)
  const ofRequirement = <T extends { requirementId: string }>(xs: T[], id: string) =>
    xs.filter(x => x.requirementId === id)

  const cases: PackCase[] = booked.map(r => {
    const d = requirementOf.get(r.requirementId)!
    const active = activeOf(siblings, r)
    const earlier = earlierOf.get(r.id) ?? []
    const last = earlier[earlier.length - 1] ?? null
    const versions = rows.reports.filter(v => v.reviewId === r.id)
    const report = packReport(versions)
    const updates = rows.updates.filter(u => u.reviewId === r.id)
    const providerViews = updates.map(u => ({
      organisation: u.organisationName,
      treatmentView: u.treatmentView,
      engagement: u.engagement,
      updatedAt: u.updatedAt,
    }))
    const personTests = rows.tests
      .filter(t => t.personId === d.personId && t.takenOn >= d.madeOn)
      .sort((a, b) => a.takenOn.localeCompare(b.takenOn))
    // For a first review, tests count from the day the order was made (that day included).
    const window = chartWindow({
      lastReviewOn: last?.reviewDate ?? null,
      orderMadeOn: d.madeOn,
      reviewOn: r.reviewDate,
    })
    const tests = testsSince(personTests, window.from, r.reviewDate, window.first)
    const numberOf = (id: string) => active.findIndex(a => a.id === id) + 1
    const enforcement = packEnforcement({
      warrants: ofRequirement(rows.enforcement.warrants, d.id),
      breaches: ofRequirement(rows.enforcement.breaches, d.id),
      missed: rows.nonAttendance.flatMap(n => {
        const missed = siblingsById.get(n.reviewId)
        return missed && missed.requirementId === d.id && missed.id !== r.id && missed.reviewDate <= r.reviewDate
          ? [{ row: n, reviewDate: missed.reviewDate }]
          : []
      }),
      amendments: ofRequirement(rows.enforcement.amendments, d.id),
      applications: ofRequirement(rows.enforcement.applications, d.id),
      lastReviewOn: last?.reviewDate ?? null,
      names,
    })
    const attendance = packAttendance(updates[updates.length - 1], versions[versions.length - 1]?.content ?? null)
    return {
      reviewId: r.id,
      personId: d.personId,
      time: r.startsAt ? formatTime(r.startsAt) : '',
      person: { name: d.personName, dateOfBirth: formatShortDate(d.dateOfBirth), crn: d.crn, pnc: d.pnc },
      order: {
        kind: ORDER_KINDS[d.orderKind] ?? d.orderKind,
        caseReference: d.caseReference,
        madeOn: formatShortDate(d.madeOn),
        endsOn: formatShortDate(d.orderEndsOn),
        requirement: REQUIREMENT_KINDS[d.kind] ?? d.kind,
        months: d.months,
        startsOn: formatShortDate(d.startsOn),
        endsOnRequirement: formatShortDate(d.endsOn),
        reviewMode: reviewModeText(d),
        officerName: d.officerName,
        providerName: d.providerName,
      },
      n: active.findIndex(a => a.id === r.id) + 1,
      m: active.length,
      statement: statementOf.get(r.id) ?? null,
      timeline: packTimeline(earlier, outcomeOf, sittingsById, benchOf).map((t, i) => {
        const response = responseOf.get(earlier[i].id)
        return response ? { ...t, statementResponse: response } : t
      }),
      report,
      providerViews,
      testsSince: tests.shown,
      sinceLabel: last
        ? `since the last review on ${formatShortDate(window.from)}`
        : `since the order was made on ${formatShortDate(window.from)}`,
      firstReview: window.first,
      chart: drugTestChart({
        tests: personTests,
        window,
        order: { from: d.madeOn, to: d.orderEndsOn < r.reviewDate ? r.reviewDate : d.orderEndsOn },
        reviews: [
          ...earlier.map(e => ({ date: e.reviewDate, n: numberOf(e.id), current: false })),
          { date: r.reviewDate, n: numberOf(r.id), current: true },
        ],
      }),
      orderTests: orderTestSummary(personTests),
      attendance,
      warnings: caseWarnings({
        review: r,
        requirement: d,
        report,
        hasProviderView: providerViews.length > 0,
        testsSince: tests.since.length,
        firstReview: window.first,
        newPositives: tests.newPositives,
        last,
        attendance,
        openWarrants: enforcement?.openWarrants ?? [],
        now,
      }),
      psr: { text: d.psrText, onRecord: psrOrders.has(d.orderId) },
      enforcement,
    }
  })

  return {
    sitting,
    courtName: sitting ? (rows.courtName ?? '') : (rows.requirements[0]?.courtName ?? ''),
    heading: sitting ? `${formatShortDate(sitting.date)}, courtroom ${sitting.courtroom}` : '',
    bench: sitting ? benchOf(sitting.benchUserIds) : [],
    list: cases.map(c => ({ time: c.time, name: c.person.name, crn: c.person.crn, reviewOf: `${c.n} of ${c.m}` })),
    cases,
  }
}
