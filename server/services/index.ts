import type { Knex } from 'knex'
import type { Config } from '../config'
import type { Clock } from '../utils/clock'
import type { Logger } from '../logger'
import { createAuditRepository } from '../data/auditRepository'
import { createReferenceRepository } from '../data/referenceRepository'
import { createUserRepository } from '../data/userRepository'
import { createPasswordHasher } from './passwords'
import { createAuthService } from './authService'
import { createUserService } from './userService'
import { createReferenceService } from './referenceService'
import { createCaseRepository } from '../data/caseRepository'
import { createSittingRepository } from '../data/sittingRepository'
import { createReviewRepository } from '../data/reviewRepository'
import { createBookingService } from './scheduling/booking'
import { createSittingService } from './scheduling/sittingService'
import { createListingService } from './scheduling/listingService'
import { createCaseService } from './caseService'
import { createOrderService } from './orderService'
import { createReportService } from './progress/reportService'
import { createProviderService } from './progress/providerService'
import { createNoteService } from './progress/noteService'
import { createOutcomeService } from './hearing/outcomeService'
import { createOutcomeEffects } from './hearing/outcomeEffects'
import { createPaperReviewService } from './hearing/paperReviewService'
import { buildPackModel } from './hearing/packModel'
import { createOutcomeRepository } from '../data/outcomeRepository'
import { createPaperReviewRepository } from '../data/paperReviewRepository'
import { createContinuityRepository } from '../data/continuityRepository'
import { createPackService } from './hearing/packService'
import { createBenchService } from './hearing/benchService'
import { createCalendarFeedService } from './notify/calendarFeedService'
import { createOutboxRepository } from '../data/outboxRepository'
import { createEmailRenderer } from './notify/emailTemplates'
import { createNotifier } from './notify/notifier'
import { createReminders } from './notify/reminders'
import { createSmtpMailer } from './notify/mailer'
import { createWorker } from './notify/worker'

export function createServices(deps: { db: Knex; config: Config; clock: Clock; logger: Logger }) {
  const { db, config, clock, logger } = deps
  const audit = createAuditRepository(db)
  // Email: every notice is queued in the outbox by the change that causes it (same transaction).
  // Queued as drafts, rendered when sent or read.
  const emails = createEmailRenderer(config)
  const outbox = createOutboxRepository(db, emails.compose)
  audit.listen(createNotifier({ outbox, emails }).listener)
  const reminders = createReminders({ db, clock, config, outbox, emails })
  const reference = createReferenceRepository(db)
  const users = createUserRepository(db)
  const passwords = createPasswordHasher(config.scryptCost)
  const cases = createCaseRepository(db)
  const sittings = createSittingRepository(db)
  const reviews = createReviewRepository(db)
  const outcomes = createOutcomeRepository(db)
  const booking = createBookingService({ db, sittings, reviews, cases, reference, audit, clock, outcomes })
  const listing = createListingService({
    db,
    sittings,
    reviews,
    audit,
    clock,
    continuityData: createContinuityRepository(db),
    outcomes,
  })
  const progressDeps = { db, clock, audit, cases, reviews, reference, users, listing }
  const reports = createReportService(progressDeps)
  const providers = createProviderService(progressDeps)
  const hearingDeps = { ...progressDeps, config, logger, sittings, booking, reports, providers }
  const effects = createOutcomeEffects({ clock, audit, cases, reviews, sittings, users, outcomes, booking })
  return {
    db,
    config,
    clock,
    logger,
    audit,
    passwords,
    auth: createAuthService({ db, users, audit, passwords, clock }),
    users: createUserService({ db, users, reference, audit, passwords, clock }),
    reference: createReferenceService({ reference, reviews, audit, clock }),
    repositories: { cases, sittings, reviews, users, reference },
    booking,
    listing,
    sittings: createSittingService({ db, sittings, reference, users, booking, audit, clock }),
    cases: createCaseService({ db, cases, reviews, audit, clock }),
    orders: createOrderService({ cases, reference, users, booking, audit, clock }),
    reports,
    providers,
    notes: createNoteService(progressDeps),
    outcomes: createOutcomeService({ clock, audit, reviews, outcomes, listing, booking, effects }),
    papers: createPaperReviewService({
      clock,
      audit,
      reviews,
      sittings,
      outcomes,
      papers: createPaperReviewRepository(db),
      booking,
      effects,
      packCase: async review => (await buildPackModel(hearingDeps, { sitting: null, reviews: [review] })).cases[0],
    }),
    packs: createPackService(hearingDeps),
    bench: createBenchService(hearingDeps),
    calendarFeeds: createCalendarFeedService({ db, clock, config, audit }),
    mail: {
      outbox,
      reminders,
      /** A worker for this process: sends through SMTP_URL, or keeps mail queued when it is unset. */
      createWorker: (opts: { workerId?: string } = {}) =>
        createWorker({
          outbox,
          reminders,
          mailer: config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : null,
          clock,
          logger,
          intervalMs: config.workerIntervalMs,
          workerId: opts.workerId,
        }),
    },
  }
}

export type Services = ReturnType<typeof createServices>
