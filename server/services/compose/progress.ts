import type { ServiceRepositories } from './notify'
import type { Clock } from '../../utils/clock'
import type { ListingService } from '../scheduling/listingService'
import { createReportService } from '../progress/reportService'
import { createProviderService } from '../progress/providerService'
import { createNoteService } from '../progress/noteService'
import { createReviewCaseLoader } from '../progress/reviewCase'

/** What the officer and the provider send before each review: reports, treatment views, drug tests, notes. */
export function composeProgress(repos: ServiceRepositories, deps: { clock: Clock; listing: ListingService }) {
  const { uow, audit, cases, reviews, reports, providerUpdates, drugTests, notes, caseload } = repos
  const { clock, listing } = deps
  const reviewCase = createReviewCaseLoader({ cases, reviews })
  return {
    reports: createReportService({
      uow,
      clock,
      audit,
      cases,
      reviews,
      reports,
      providerUpdates,
      drugTests,
      caseload,
      reviewCase,
      listing,
    }),
    providers: createProviderService({ uow, clock, audit, cases, drugTests, providerUpdates, caseload, reviewCase }),
    notes: createNoteService({ uow, clock, audit, cases, notes, reports, listing }),
  }
}
