import type { Knex } from 'knex'
import type { Repositories } from '../../data'
import type { Config } from '../../config'
import type { Clock } from '../../utils/clock'
import type { Logger } from '../../logger'
import { createOutboxRepository } from '../../data/outboxRepository'
import { createEmailRenderer } from '../notify/emailTemplates'
import { createNotifier } from '../notify/notifier'
import { createReminders } from '../notify/reminders'
import { createSmtpMailer } from '../notify/mailer'
import { createWorker } from '../notify/worker'
import { createCalendarFeedService } from '../notify/calendarFeedService'

/**
 * Email and calendars: every notice is queued in the outbox by the change that causes it (the audit
 * row's transaction), as a draft rendered when sent or read; the worker sends and reminds.
 */
export function composeNotify(repos: Repositories, db: Knex, deps: { config: Config; clock: Clock; logger: Logger }) {
  const { audit } = repos
  const { config, clock, logger } = deps
  const emails = createEmailRenderer(config)
  const outbox = createOutboxRepository(db, emails.compose)
  audit.listen(createNotifier({ outbox, emails }).listener)
  const reminders = createReminders({ db, clock, config, outbox, emails })
  return {
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
