import type { Repositories } from '../../data'
import type { Config } from '../../config'
import type { Clock } from '../../utils/clock'
import type { Logger } from '../../logger'
import { createAuditTrail, type AuditTrail } from '../notify/auditTrail'
import { createEmailRenderer } from '../notify/emailTemplates'
import { createNotifier } from '../notify/notifier'
import { createAccountNotices } from '../notify/accountNotices'
import { createOutbox } from '../notify/outbox'
import { createReminders } from '../notify/reminders'
import { createSmtpMailer } from '../notify/mailer'
import { createWorker } from '../notify/worker'
import { createCalendarFeedService } from '../notify/calendarFeedService'
import { createMailAdmin } from '../notify/mailAdmin'
import { createAuditLog } from '../notify/auditLog'
import { createAttendanceNotices } from '../notify/attendanceNotices'

/**
 * The repositories as services get them: the audit trail in place of the audit table, so every
 * recorded change sets off its notices in its own transaction.
 */
export type ServiceRepositories = Omit<Repositories, 'audit'> & { audit: AuditTrail }

/**
 * Email and calendars: every notice is queued in the outbox by the change that causes it (the audit
 * row's transaction, through the audit trail), as a draft rendered when sent or read; the worker
 * sends and reminds.
 */
export function composeNotify(repos: Repositories, deps: { config: Config; clock: Clock; logger: Logger }) {
  const { audit, uow } = repos
  const { config, clock, logger } = deps
  const data = repos
  const emails = createEmailRenderer(config)
  const { notices, announcements } = data
  const notifier = createNotifier({ notices, announcements, outbox: data.outbox, emails })
  const accountNotices = createAccountNotices({ users: data.users, outbox: data.outbox, emails })
  const attendanceNotices = createAttendanceNotices({
    accessNeeds: data.accessNeeds,
    announcements,
    outbox: data.outbox,
    emails,
  })
  const auditTrail = createAuditTrail({
    audit,
    uow,
    listeners: [notifier.listener, accountNotices.listener, attendanceNotices.listener],
    clock,
  })
  const outbox = createOutbox({ outbox: data.outbox, compose: emails.compose })
  const reminders = createReminders({
    reminders: data.reminders,
    outbox: data.outbox,
    emails,
    clock,
    config,
    interpreters: data.accessNeeds,
  })
  const { resendFailed } = createMailAdmin({ outbox: data.outbox, audit: auditTrail, clock })
  return {
    /** What every service records its changes to: the audit row and the emails it sets off, together. */
    auditTrail,
    /** The audit log as read: the admin's audit pages and "who has seen this record". */
    auditLog: createAuditLog({ audit, trail: auditTrail, cases: data.cases, users: data.users }),
    calendarFeeds: createCalendarFeedService({
      feeds: data.calendarFeeds,
      audit: auditTrail,
      uow,
      clock,
      baseUrl: config.baseUrl,
    }),
    mail: {
      outbox,
      reminders,
      resendFailed,
      /** Without SMTP_URL every email waits in the outbox, for the admin's mail page. */
      smtpConfigured: Boolean(config.smtpUrl),
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
