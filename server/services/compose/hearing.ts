import path from 'node:path'
import type { ServiceRepositories } from './notify'
import type { Clock } from '../../utils/clock'
import type { ListingService } from '../scheduling/listingService'
import type { BookingService } from '../scheduling/booking'
import { projectRoot } from '../../config'
import { createViews, type Views } from '../../views'
import { createOutcomeService } from '../hearing/outcomeService'
import { createOutcomeEffects } from '../hearing/outcomeEffects'
import { createPaperReviewService } from '../hearing/paperReviewService'
import { createPackModel } from '../hearing/packModel'
import { withAccessNeeds } from '../person/accessNeedsPack'
import { createPackPrinter } from '../hearing/packPrinter'
import { createPackService, PACKS_KEPT } from '../hearing/packService'
import { createCaseDataCache } from '../../data/caseDataCache'
import { requestAudit } from '../notify/requestAudit'
import { createBenchService } from '../hearing/benchService'
import { createPdfRenderer, type PdfRenderer } from '../hearing/pdfRenderer'

/** The hearing: outcomes, decisions on the papers, hearing packs and bench notes. */
export function composeHearing(
  repos: ServiceRepositories,
  deps: {
    clock: Clock
    listing: ListingService
    booking: BookingService
    /**
     * The process's PDF renderer, built and closed in main.ts. A process that serves no pages (the
     * worker, the CLI) may leave it out: it then gets one that launches Chromium only if ever asked.
     */
    pdf?: PdfRenderer
    /** The app's templates (the pack is rendered with them); built in main.ts when the app is. */
    views?: Views
  },
) {
  const { uow, audit, cases, reviews, reference, users, sittings, outcomes, papers, packs, benchNotes } = repos
  const { clock, listing, booking } = deps
  const buildPackModel = createPackModel({ clock, packs, reviews, sittings, reference, statements: repos.statements })
  // Issue 23: each person's access needs on the cover and in the case's header.
  const packModelWithNeeds = withAccessNeeds(buildPackModel, repos.accessNeeds)
  const effects = createOutcomeEffects({ clock, audit, cases, reviews, sittings, users, outcomes, booking })
  return {
    outcomes: createOutcomeService({
      clock,
      audit,
      reviews,
      outcomes,
      listing,
      booking,
      effects,
      statements: repos.statements,
    }),
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
      buildPackModel: packModelWithNeeds,
      views: deps.views ?? createViews(path.join(projectRoot, 'views')),
      printer: createPackPrinter(deps.pdf ?? createPdfRenderer()),
      cache: createCaseDataCache(repos.versions, PACKS_KEPT, requestAudit.takeCaseDataVersion),
    }),
    bench: createBenchService({ uow, clock, audit, benchNotes, cases, reviews, sittings, reference }),
  }
}
