import type { Knex } from 'knex'
import type { Clock } from '../../utils/clock'
import type { AuditRepository } from '../../data/auditRepository'
import type { CaseRepository } from '../../data/caseRepository'
import type { ReviewRepository } from '../../data/reviewRepository'
import type { ReferenceRepository } from '../../data/referenceRepository'
import type { UserRepository } from '../../data/userRepository'
import type { ListingService } from '../scheduling/listingService'

/** What the progress services (reports, provider updates, drug tests, notes) are built from. */
export interface ProgressDeps {
  db: Knex
  clock: Clock
  audit: AuditRepository
  cases: CaseRepository
  reviews: ReviewRepository
  reference: ReferenceRepository
  users: UserRepository
  listing: ListingService
}
