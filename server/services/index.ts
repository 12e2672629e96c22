import type { Config } from '../config'
import type { Clock } from '../utils/clock'
import type { Logger } from '../logger'
import type { Repositories } from '../data'
import type { Views } from '../views'
import type { PdfRenderer } from './hearing/pdfRenderer'
import { composeScheduling } from './compose/scheduling'
import { composePeople } from './compose/people'
import { composeProgress } from './compose/progress'
import { composeHearing } from './compose/hearing'
import { composeNotify } from './compose/notify'
import { composeEnforcement } from './compose/enforcement'
import { composeInsights } from './compose/insights'
import { composeAccess } from './compose/access'
import { composeRetention } from './retention/compose'
import { createStatementService } from './person/statementService'
import { createReviewCaseLoader } from './progress/reviewCase'
import { createEqualityService } from './insights/equalityService'

/**
 * Every service, composed from the repositories (server/data) and what main.ts builds: config, the
 * clock, the logger, the PDF renderer and the views. Each area composes its own (compose/*.ts);
 * services receive only the repositories and collaborators they use. No database here.
 */
export function createServices(deps: {
  repos: Repositories
  config: Config
  clock: Clock
  logger: Logger
  pdf?: PdfRenderer
  views?: Views
}) {
  const { config, clock, logger } = deps
  // Email first: every service records its changes through the audit trail, which queues the notices
  // each change sets off in the change's own transaction.
  const notify = composeNotify(deps.repos, { config, clock, logger })
  const { auditTrail, ...notifyServices } = notify
  const repos = { ...deps.repos, audit: auditTrail }
  const scheduling = composeScheduling(repos, clock)
  const people = composePeople(repos, { config, clock })
  const progress = composeProgress(repos, { clock, listing: scheduling.listing })
  const hearing = composeHearing(repos, {
    clock,
    listing: scheduling.listing,
    booking: scheduling.booking,
    pdf: deps.pdf,
    views: deps.views,
  })
  const enforcement = composeEnforcement(repos, { clock, booking: scheduling.booking })
  return {
    config,
    clock,
    logger,
    audit: auditTrail,
    /** What the web layer keeps in the database: sessions, form submissions, and whether it answers. */
    web: {
      sessions: deps.repos.sessions,
      submissions: deps.repos.submissions,
      databaseUp: () => deps.repos.sessions.ping(),
    },
    ...people,
    ...scheduling,
    ...progress,
    ...hearing,
    ...enforcement,
    ...composeInsights(repos, { clock }),
    ...composeAccess(repos, { clock, listing: scheduling.listing }),
    ...composeRetention(repos, { clock, logger, pdf: deps.pdf }),
    // Issue 23: the person's own words before a review.
    statements: createStatementService({
      ...repos,
      clock,
      reviewCase: createReviewCaseLoader({ cases: repos.cases, reviews: repos.reviews }),
    }),
    /** Equality monitoring counted for a court's dashboard (issue 22 point 4). */
    equality: createEqualityService({ audit: auditTrail, equality: repos.equality, reference: repos.reference }),
    ...notifyServices,
  }
}

export type Services = ReturnType<typeof createServices>
