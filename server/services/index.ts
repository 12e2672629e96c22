import type { Knex } from 'knex'
import type { Config } from '../config'
import type { Clock } from '../utils/clock'
import type { Logger } from '../logger'
import { createRepositories } from '../data'
import { composeScheduling } from './compose/scheduling'
import { composePeople } from './compose/people'
import { composeProgress } from './compose/progress'
import { composeHearing } from './compose/hearing'
import { composeNotify } from './compose/notify'

/**
 * Every service, composed from the repositories over one database. Each area composes its own
 * (compose/*.ts); services receive only the repositories and collaborators they use.
 */
export function createServices(deps: { db: Knex; config: Config; clock: Clock; logger: Logger }) {
  const { db, config, clock, logger } = deps
  const repos = createRepositories(db)
  // Email first: every notice is queued in the outbox by the change that causes it (same transaction).
  const notify = composeNotify(repos, db, { config, clock, logger })
  const scheduling = composeScheduling(repos, clock)
  const people = composePeople(repos, { config, clock })
  const progress = composeProgress(repos, db, { clock, listing: scheduling.listing })
  const hearing = composeHearing(repos, db, {
    config,
    clock,
    logger,
    listing: scheduling.listing,
    booking: scheduling.booking,
    reports: progress.reports,
    providers: progress.providers,
  })
  return {
    db,
    config,
    clock,
    logger,
    audit: repos.audit,
    repositories: repos,
    /** What the web layer keeps in the database: sessions, form submissions, and whether it answers. */
    web: { sessions: repos.sessions, submissions: repos.submissions, databaseUp: () => repos.sessions.ping() },
    ...people,
    ...scheduling,
    ...progress,
    ...hearing,
    ...notify,
  }
}

export type Services = ReturnType<typeof createServices>
