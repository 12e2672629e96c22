import type { Repositories } from '../../data'
import type { Clock } from '../../utils/clock'
import type { ListingService } from '../scheduling/listingService'
import { createProviderUpdateRepository } from '../../data/providerUpdateRepository'
import { createDrugTestRepository } from '../../data/drugTestRepository'
import { createNoteRepository } from '../../data/noteRepository'
import { createCaseloadRepository } from '../../data/caseloadRepository'
import { createReportService } from '../progress/reportService'
import { createProviderService } from '../progress/providerService'
import { createNoteService } from '../progress/noteService'
import { createReviewCaseLoader } from '../progress/reviewCase'

/** The database the repositories are built over (the data layer's, never queried here). */
type Database = Parameters<typeof createNoteRepository>[0]

/** What the officer and the provider send before each review: reports, treatment views, drug tests, notes. */
export function composeProgress(repos: Repositories, db: Database, deps: { clock: Clock; listing: ListingService }) {
  const { uow, audit, cases, reviews, reports } = repos
  const { clock, listing } = deps
  const providerUpdates = createProviderUpdateRepository(db)
  const drugTests = createDrugTestRepository(db)
  const notes = createNoteRepository(db)
  const caseload = createCaseloadRepository(db)
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
