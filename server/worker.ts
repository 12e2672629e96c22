import { loadConfig, ConfigError } from './config'
import { createLogger } from './logger'
import { createDb } from './db/createDb'
import { migrateLatest } from './db/migrate'
import { createServices } from './services'
import { RETENTION_CHECK_MS } from './services/retention/retentionJob'
import { createRepositories } from './data'
import { systemClock } from './utils/clock'

// `npm run worker`: the email outbox worker on its own, for installs that run RUN_WORKER=false web
// processes. Several may run at once: messages are claimed atomically and reminders are deduplicated.
async function main() {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Cannot start the worker: ${err.message}\n`)
      process.exit(1)
    }
    throw err
  }
  const logger = createLogger(config.logLevel)
  const db = createDb(config.database)
  await migrateLatest(db)
  const services = createServices({ repos: createRepositories(db), config, clock: systemClock, logger })
  const worker = services.mail.createWorker()
  if (!config.smtpUrl) logger.warn('SMTP_URL is not set: email stays in the outbox (admin mail page)')
  worker.start()
  // The daily retention job (DPA 2018 s.39): once a London day, whichever worker claims the day first.
  const retention = services.retentionJob.schedule(RETENTION_CHECK_MS)
  retention.start()
  logger.info({ workerId: worker.workerId, intervalMs: config.workerIntervalMs }, 'email worker started')

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'email worker stopping')
    setTimeout(() => process.exit(1), 30000).unref()
    await worker.stop()
    await retention.stop()
    await db.destroy()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch(err => {
  process.stderr.write(`Cannot start the worker: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
