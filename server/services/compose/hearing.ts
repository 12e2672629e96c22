import type { Knex } from 'knex'
import type { Repositories } from '../../data'
import type { Config } from '../../config'
import type { Clock } from '../../utils/clock'
import type { Logger } from '../../logger'
import type { ListingService } from '../scheduling/listingService'
import type { BookingService } from '../scheduling/booking'
import type { ReportService } from '../progress/reportService'
import type { ProviderService } from '../progress/providerService'
import { createOutcomeService } from '../hearing/outcomeService'
import { createOutcomeEffects } from '../hearing/outcomeEffects'
import { createPaperReviewService } from '../hearing/paperReviewService'
import { buildPackModel } from '../hearing/packModel'
import { createPackService } from '../hearing/packService'
import { createBenchService } from '../hearing/benchService'

/** The hearing: outcomes, decisions on the papers, hearing packs and bench notes. */
export function composeHearing(
  repos: Repositories,
  db: Knex,
  deps: {
    config: Config
    clock: Clock
    logger: Logger
    listing: ListingService
    booking: BookingService
    reports: ReportService
    providers: ProviderService
  },
) {
  const { uow, audit, cases, reviews, reference, users, sittings, outcomes, papers } = repos
  const { clock, listing, booking } = deps
  const hearingDeps = { db, audit, cases, reviews, reference, users, sittings, ...deps }
  const effects = createOutcomeEffects({ clock, audit, cases, reviews, sittings, users, outcomes, booking })
  return {
    outcomes: createOutcomeService({ clock, audit, reviews, outcomes, listing, booking, effects }),
    papers: createPaperReviewService({
      uow,
      clock,
      audit,
      reviews,
      sittings,
      outcomes,
      papers,
      booking,
      effects,
      packCase: async review => (await buildPackModel(hearingDeps, { sitting: null, reviews: [review] })).cases[0],
    }),
    packs: createPackService(hearingDeps),
    bench: createBenchService(hearingDeps),
  }
}
