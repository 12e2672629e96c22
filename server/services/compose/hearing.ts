import path from 'node:path'
import type { Repositories } from '../../data'
import type { Config } from '../../config'
import type { Clock } from '../../utils/clock'
import type { Logger } from '../../logger'
import type { ListingService } from '../scheduling/listingService'
import type { BookingService } from '../scheduling/booking'
import type { ReportService } from '../progress/reportService'
import type { ProviderService } from '../progress/providerService'
import { projectRoot } from '../../config'
import { createViews, type Views } from '../../views'
import { createPackRepository } from '../../data/packRepository'
import { createBenchNoteRepository } from '../../data/benchNoteRepository'
import { createOutcomeService } from '../hearing/outcomeService'
import { createOutcomeEffects } from '../hearing/outcomeEffects'
import { createPaperReviewService } from '../hearing/paperReviewService'
import { createPackModel } from '../hearing/packModel'
import { createPackPrinter } from '../hearing/packPrinter'
import { createPackService } from '../hearing/packService'
import { createBenchService } from '../hearing/benchService'
import { createPdfRenderer, type PdfRenderer } from '../hearing/pdfRenderer'

/** The database the repositories are built over (the data layer's, never queried here). */
type Database = Parameters<typeof createPackRepository>[0]

/** The hearing: outcomes, decisions on the papers, hearing packs and bench notes. */
export function composeHearing(
  repos: Repositories,
  db: Database,
  deps: {
    config: Config
    clock: Clock
    logger: Logger
    listing: ListingService
    booking: BookingService
    reports: ReportService
    providers: ProviderService
    /**
     * The process's PDF renderer, built and closed in main.ts. A process that serves no pages (the
     * worker, the CLI) may leave it out: it then gets one that launches Chromium only if ever asked.
     */
    pdf?: PdfRenderer
    /** The app's templates. Interim: optional until createServices passes them on. */
    views?: Views
  },
) {
  const { uow, audit, cases, reviews, reference, users, sittings, outcomes, papers } = repos
  const { clock, listing, booking } = deps
  const packs = createPackRepository(db)
  const benchNotes = createBenchNoteRepository(db)
  const buildPackModel = createPackModel({ clock, packs, reviews, sittings, reference })
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
      packCase: async review => (await buildPackModel({ sitting: null, reviews: [review] })).cases[0],
    }),
    packs: createPackService({
      clock,
      audit,
      packs,
      reviews,
      sittings,
      buildPackModel,
      views: deps.views ?? createViews(path.join(projectRoot, 'views')),
      printer: createPackPrinter(deps.pdf ?? createPdfRenderer()),
    }),
    bench: createBenchService({ uow, clock, audit, benchNotes, cases, reviews, sittings, reference }),
  }
}
