import type { ServiceRepositories } from './notify'
import type { Clock } from '../../utils/clock'
import { createBookingService } from '../scheduling/booking'
import { createListingService } from '../scheduling/listingService'
import { COURT_LISTS_KEPT, createCourtListReader } from '../scheduling/courtListRead'
import { createCaseDataCache } from '../../data/caseDataCache'
import { requestAudit } from '../notify/requestAudit'
import { createSittingService } from '../scheduling/sittingService'
import { createCaseService } from '../caseService'
import { createOrderService } from '../orderService'
import { createReferenceService } from '../referenceService'

/** People, orders, sittings, booking and listing: the calendar side of the service. */
export function composeScheduling(repos: ServiceRepositories, clock: Clock) {
  const { uow, audit, reference, users, cases, sittings, reviews, outcomes, continuity, reports } = repos
  const booking = createBookingService({ uow, sittings, reviews, cases, reference, audit, clock, outcomes })
  // The court list's rows, kept while the case data is unchanged (server/data/caseDataCache.ts).
  const courtLists = createCourtListReader({
    sittings,
    reviews,
    cases,
    users,
    reports,
    outcomes,
    reference,
    accessNeeds: repos.accessNeeds,
    cache: createCaseDataCache(repos.versions, COURT_LISTS_KEPT, requestAudit.takeCaseDataVersion),
  })
  const listing = createListingService({
    sittings,
    reviews,
    reports,
    audit,
    clock,
    continuityData: continuity,
    courtLists,
  })
  return {
    booking,
    listing,
    reference: createReferenceService({ reference, reviews, audit, clock }),
    sittings: createSittingService({ uow, sittings, reference, users, booking, audit, clock }),
    cases: createCaseService({ cases, reviews, sittings, users, audit, clock }),
    orders: createOrderService({ cases, reference, users, booking, audit, clock }),
  }
}
