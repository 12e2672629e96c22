import type { Knex } from 'knex'
import type { Clock } from '../../utils/clock'
import type { Config } from '../../config'
import type { Logger } from '../../logger'
import type { AuditRepository } from '../../data/auditRepository'
import type { CaseRepository } from '../../data/caseRepository'
import type { ReviewRepository } from '../../data/reviewRepository'
import type { SittingRepository } from '../../data/sittingRepository'
import type { ReferenceRepository } from '../../data/referenceRepository'
import type { UserRepository } from '../../data/userRepository'
import type { ListingService } from '../scheduling/listingService'
import type { BookingService } from '../scheduling/booking'
import type { ReportService } from '../progress/reportService'
import type { ProviderService } from '../progress/providerService'

/** What the hearing services (packs, outcomes, paper reviews, bench notes) are built from. */
export interface HearingDeps {
  db: Knex
  clock: Clock
  config: Config
  logger: Logger
  audit: AuditRepository
  cases: CaseRepository
  reviews: ReviewRepository
  sittings: SittingRepository
  reference: ReferenceRepository
  users: UserRepository
  listing: ListingService
  booking: BookingService
  reports: ReportService
  providers: ProviderService
}
