import type { ServiceRepositories } from './notify'
import type { Clock } from '../../utils/clock'
import type { BookingService } from '../scheduling/booking'
import { createNonAttendanceService } from '../enforcement/nonAttendanceService'
import { createWarrantService } from '../enforcement/warrantService'
import { createBreachService } from '../enforcement/breachService'
import { createAmendmentService } from '../enforcement/amendmentService'
import { createApplicationService } from '../enforcement/applicationService'
import { createRequirementAccess } from '../enforcement/requirementAccess'

/** When things go wrong: non-attendance at a review hearing and the warrants it may bring. */
export function composeEnforcement(repos: ServiceRepositories, deps: { clock: Clock; booking: BookingService }) {
  const { audit, cases, reviews, sittings, enforcement, breaches, amendments, reference } = repos
  const { clock, booking } = deps
  return {
    /** A requirement as the user may see it, for pages about it (amending, laying a breach): audited. */
    requirementAccess: createRequirementAccess({ cases, reviews, audit }),
    nonAttendance: createNonAttendanceService({ clock, audit, cases, reviews, sittings, enforcement, booking }),
    warrants: createWarrantService({ clock, audit, reviews, enforcement, booking }),
    breaches: createBreachService({ clock, audit, cases, reviews, sittings, breaches, booking }),
    amendments: createAmendmentService({ clock, audit, cases, reviews, reference, amendments, booking }),
    applications: createApplicationService({ clock, audit, cases, reviews, amendments, booking }),
  }
}
