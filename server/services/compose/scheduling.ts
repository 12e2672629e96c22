import type { ServiceRepositories } from './notify'
import type { Clock } from '../../utils/clock'
import { createBookingService } from '../scheduling/booking'
import { createListingService } from '../scheduling/listingService'
import { createSittingService } from '../scheduling/sittingService'
import { createCaseService } from '../caseService'
import { createOrderService } from '../orderService'
import { createReferenceService } from '../referenceService'

/** People, orders, sittings, booking and listing: the calendar side of the service. */
export function composeScheduling(repos: ServiceRepositories, clock: Clock) {
  const { uow, audit, reference, users, cases, sittings, reviews, outcomes, continuity, reports } = repos
  const booking = createBookingService({ uow, sittings, reviews, cases, reference, audit, clock, outcomes })
  const listing = createListingService({
    sittings,
    reviews,
    cases,
    users,
    reports,
    audit,
    clock,
    continuityData: continuity,
    outcomes,
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
