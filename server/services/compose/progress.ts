import type { Knex } from 'knex'
import type { Repositories } from '../../data'
import type { Clock } from '../../utils/clock'
import type { ListingService } from '../scheduling/listingService'
import { createReportService } from '../progress/reportService'
import { createProviderService } from '../progress/providerService'
import { createNoteService } from '../progress/noteService'

/** What the officer and the provider send before each review: reports, treatment views, drug tests, notes. */
export function composeProgress(repos: Repositories, db: Knex, deps: { clock: Clock; listing: ListingService }) {
  const { audit, cases, reviews, reference, users } = repos
  const progressDeps = { db, clock: deps.clock, audit, cases, reviews, reference, users, listing: deps.listing }
  return {
    reports: createReportService(progressDeps),
    providers: createProviderService(progressDeps),
    notes: createNoteService(progressDeps),
  }
}
