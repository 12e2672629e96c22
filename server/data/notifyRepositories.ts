import type { Knex } from 'knex'
import { createAnnouncementRepository } from './announcementRepository'
import { createCalendarFeedRepository } from './calendarFeedRepository'
import { createEmailNoticeRepository } from './emailNoticeRepository'
import { createOutboxRepository } from './outboxRepository'
import { createReminderRepository } from './reminderRepository'

/** The repositories email and calendars read and write: the outbox and what notices are made from. */
export function createNotifyRepositories(db: Knex) {
  return {
    outbox: createOutboxRepository(db),
    calendarFeeds: createCalendarFeedRepository(db),
    reminders: createReminderRepository(db),
    announcements: createAnnouncementRepository(db),
    notices: createEmailNoticeRepository(db),
  }
}

export type NotifyRepositories = ReturnType<typeof createNotifyRepositories>
