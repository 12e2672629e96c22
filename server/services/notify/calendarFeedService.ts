import type { Knex } from 'knex'
import type { Clock } from '../../utils/clock'
import type { Config } from '../../config'
import type { createAuditRepository } from '../../data/auditRepository'

// Each user's private, revocable calendar feed of the hearings they are involved in.
export function createCalendarFeedService(_deps: {
  db: Knex
  clock: Clock
  config: Config
  audit: ReturnType<typeof createAuditRepository>
}) {
  return {}
}

export type CalendarFeedService = ReturnType<typeof createCalendarFeedService>
