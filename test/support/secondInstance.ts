import path from 'node:path'
import type { Express } from 'express'
import type { Knex } from 'knex'
import type { TestContext } from './testApp'
import { createDb } from '../../server/db/createDb'
import { createRepositories } from '../../server/data'
import { createServices, type Services } from '../../server/services'
import { createViews } from '../../server/views'
import { createApp } from '../../server/app'
import { createLogger } from '../../server/logger'
import { projectRoot } from '../../server/config'

export interface SecondInstance {
  app: Express
  services: Services
  db: Knex
  /** The SQL this instance has run, in order: a test empties it to watch one request. */
  queries: string[]
  close(): Promise<void>
}

/**
 * A second instance of the app on the first one's database, with its own connections and its own
 * memory (as behind a load balancer), on the same clock and configuration.
 */
export function startSecondInstance(first: TestContext): SecondInstance {
  const db = createDb(first.testDb.config)
  const queries: string[] = []
  db.on('query', (q: { sql: string }) => queries.push(q.sql))
  const views = createViews(path.join(projectRoot, 'views'), { verifyKept: true })
  const services = createServices({
    repos: createRepositories(db),
    config: first.config,
    clock: first.clock,
    logger: createLogger('silent'),
    views,
  })
  return {
    app: createApp(services, views).app,
    services,
    db,
    queries,
    async close() {
      await services.passwords.close()
      await db.destroy()
    },
  }
}
