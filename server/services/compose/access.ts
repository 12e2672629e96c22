import type { ServiceRepositories } from './notify'
import type { Clock } from '../../utils/clock'
import type { ListingService } from '../scheduling/listingService'
import { createAccessNeedsService } from '../person/accessNeedsService'
import { createAttendanceModeService } from '../person/attendanceModeService'

/** The person at the centre (issue 23): their access needs, and how they attend each hearing. */
export function composeAccess(repos: ServiceRepositories, deps: { clock: Clock; listing: ListingService }) {
  const { audit, uow, cases, reviews, accessNeeds } = repos
  const { clock, listing } = deps
  return {
    accessNeeds: createAccessNeedsService({ clock, audit, uow, cases, accessNeeds }),
    attendance: createAttendanceModeService({ clock, audit, uow, cases, reviews, accessNeeds, listing }),
  }
}
