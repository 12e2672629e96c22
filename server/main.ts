import { loadConfig, ConfigError } from './config'
import { createLogger } from './logger'
import { createDb } from './db/createDb'
import { migrateLatest } from './db/migrate'
import { createServices } from './services'
import { RETENTION_CHECK_MS } from './services/retention/retentionJob'
import { createRepositories } from './data'
import { createViews } from './views'
import { projectRoot } from './config'
import path from 'node:path'
import { createApp } from './app'
import { systemClock } from './utils/clock'
import { seedDemoData } from '../seeds/demo'
import { createPdfRenderer } from './services/hearing/pdfRenderer'

// The only process entry: config → db → services → createApp(...).listen
async function main() {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Cannot start: ${err.message}\n`)
      process.exit(1)
    }
    throw err
  }
  const logger = createLogger(config.logLevel)
  const db = createDb(config.database)
  const applied = await migrateLatest(db)
  if (applied.length) logger.info({ applied: applied.length }, 'database migrated')
  // One warm Chromium for the process's PDFs, launched on the first one and closed at shutdown.
  const pdf = createPdfRenderer()
  const views = createViews(path.join(projectRoot, 'views'))
  const services = createServices({ repos: createRepositories(db), config, clock: systemClock, logger, pdf, views })
  if (config.seedDemoData && (await seedDemoData(services, db))) logger.info('demo data seeded')
  // The email worker runs inside the app unless RUN_WORKER=false (then `npm run worker` beside it).
  const worker = config.runWorker ? services.mail.createWorker() : null
  worker?.start()
  // The daily retention job (DPA 2018 s.39) runs where the worker runs; once a day, whoever claims it.
  const retention = config.runWorker ? services.retentionJob.schedule(RETENTION_CHECK_MS) : null
  retention?.start()
  const { app } = createApp(services, views)
  const server = app.listen(config.port, () => {
    logger.info({ port: config.port }, `listening on http://localhost:${config.port}`)
  })

  // Graceful shutdown: stop taking connections, let requests in flight finish, then close the database.
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    server.close(async () => {
      await worker?.stop()
      await retention?.stop()
      await pdf.close()
      await services.passwords.close()
      await db.destroy()
      process.exit(0)
    })
    server.closeIdleConnections()
    setTimeout(() => process.exit(1), 10000).unref()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch(err => {
  process.stderr.write(`Cannot start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
