import type { Clock } from '../../utils/clock'
import type { PackRepository } from '../../data/packRepository'
import type { ReferenceRepository } from '../../data/referenceRepository'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { SittingRepository, SittingRow } from '../../data/sittingRepository'
import type { StatementRepository } from '../../data/statementRepository'
import type { PackModel } from './packTypes'
import { assemble, earlierReviews } from './packAssembly'

export type { PackCase, PackModel } from './packTypes'

const unique = <T>(xs: T[]) => [...new Set(xs)]

/**
 * Everything a pack shows, for a sitting's booked reviews (or one review), in a fixed number of
 * queries however many cases: three rounds, each reading a table once for all of them (the
 * enforcement tables too).
 */
export function createPackModel(deps: {
  clock: Clock
  packs: Omit<PackRepository, 'issued' | 'latestIssued' | 'insertIssued'>
  reviews: Pick<ReviewRepository, 'forRequirements'>
  sittings: Pick<SittingRepository, 'findMany'>
  reference: Pick<ReferenceRepository, 'court'>
  statements: Pick<StatementRepository, 'currentFor' | 'responsesFor'>
}) {
  const { clock, packs, reviews, sittings, reference, statements } = deps

  return async function buildPackModel(input: {
    sitting: SittingRow | null
    reviews: ReviewRow[]
  }): Promise<PackModel> {
    const { sitting, reviews: booked } = input
    const now = clock.now().toISOString()
    const requirementIds = unique(booked.map(r => r.requirementId))
    const reviewIds = booked.map(r => r.id)
    const [requirements, siblings, reports, updates, court, enforcement] = await Promise.all([
      packs.requirements(requirementIds),
      reviews.forRequirements(requirementIds),
      packs.reportVersions(reviewIds),
      packs.providerUpdates(reviewIds),
      sitting ? reference.court(sitting.courtId) : null,
      packs.enforcement(requirementIds),
    ])
    // The earlier reviews decide what else is read: their outcomes, their sittings, their benches.
    const earlier = [...earlierReviews(booked, siblings).values()].flat()
    // An amendment names providers and courts by id: their names are read once for the whole pack.
    const changed = (field: string) =>
      unique(
        enforcement.amendments.flatMap(a =>
          [a.changes[field]?.from, a.changes[field]?.to].filter((v): v is string => typeof v === 'string' && v !== ''),
        ),
      )
    const [
      outcomes,
      earlierSittings,
      tests,
      ordersWithPsr,
      nonAttendance,
      organisations,
      courts,
      statementRows,
      statementResponses,
    ] = await Promise.all([
      packs.outcomes(earlier.map(r => r.id)),
      sittings.findMany(unique(earlier.map(r => r.sittingId).filter((id): id is string => Boolean(id)))),
      packs.drugTests(unique(requirements.map(d => d.personId))),
      packs.ordersWithPsr(unique(requirements.map(d => d.orderId))),
      // Missed hearings before each booked review (the booked ones too: an adjourned hearing is not "earlier").
      packs.nonAttendance(siblings.filter(s => !reviewIds.includes(s.id)).map(s => s.id)),
      packs.organisationNames(changed('providerOrganisationId')),
      packs.courtNames(changed('responsibleCourtId')),
      // The person's own words: every review's of these requirements at once (words taken for a
      // hearing that did not happen go on to the next), and the bench's responses at earlier reviews.
      statements.currentFor(siblings.map(s => s.id)),
      statements.responsesFor(earlier.map(r => r.id)),
    ])
    const users = await packs.userNames(
      unique([
        ...(sitting?.benchUserIds ?? []),
        ...earlierSittings.flatMap(s => s.benchUserIds),
        ...outcomes.flatMap(o => o.benchUserIds),
      ]),
    )
    return assemble(
      {
        sitting,
        courtName: court?.name ?? null,
        booked,
        requirements,
        siblings,
        reports,
        updates,
        outcomes,
        earlierSittings,
        tests,
        ordersWithPsr,
        users,
        enforcement,
        nonAttendance,
        organisations,
        courts,
        statements: statementRows,
        statementResponses,
      },
      now,
    )
  }
}

export type BuildPackModel = ReturnType<typeof createPackModel>
