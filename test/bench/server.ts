import fs from 'node:fs'
import inspector from 'node:inspector'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadConfig, parseDatabaseUrl, projectRoot, type Config } from '../../server/config'
import { createLogger } from '../../server/logger'
import { createDb } from '../../server/db/createDb'
import { createServices } from '../../server/services'
import { createRepositories } from '../../server/data'
import { createViews } from '../../server/views'
import { createApp } from '../../server/app'
import { createPdfRenderer } from '../../server/services/hearing/pdfRenderer'
import { FixedClock } from '../../server/utils/clock'

// The app server the bench measures, in a process of its own (forked by run.ts, built JS), as it
// runs in production: logging at info (to stdout, which the bench discards), its own database
// connections, its own CPU. The bench talks to it over IPC only to count its queries and to wait
// until its database has gone quiet. BENCH_DATABASE_URL, BENCH_NOW, BENCH_SCRYPT_COST set it up.

export type ServerMessage = { ready: number } | { queries: string[] } | { quiet: true } | { error: string }
export type BenchRequest = { record: true } | { stop: true } | { quiet: number } | { profile: 'start' | string }

async function main() {
  const database = parseDatabaseUrl(process.env.BENCH_DATABASE_URL ?? '')
  const clock = new FixedClock(process.env.BENCH_NOW ?? '2027-06-01T09:00:00Z')
  const scryptCost = Number(process.env.BENCH_SCRYPT_COST ?? 2 ** 12)
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    database,
    scryptCost,
    hashThreads: 2,
    hashQueue: 8,
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
    runWorker: false,
  }
  const logger = createLogger(config.logLevel)
  const db = createDb(config.database)
  const pdf = createPdfRenderer()
  const views = createViews(path.join(projectRoot, 'views'))
  const services = createServices({ repos: createRepositories(db), config, clock, logger, pdf, views })
  const { app } = createApp(services, views)
  const server = app.listen(0, '127.0.0.1')
  // The one-by-one client keeps its connection between measures that may pause longer than Node's 5 s.
  server.keepAliveTimeout = 10 * 60 * 1000

  let lastQueryAt = performance.now()
  // Queries started and not yet answered: a long one (the insight figures) emits nothing while it runs.
  let inFlight = 0
  const answered = () => {
    inFlight = Math.max(0, inFlight - 1)
    lastQueryAt = performance.now()
  }
  db.on('query-response', answered)
  db.on('query-error', answered)
  let recording: string[] | null = null
  db.on('query', (q: { sql: string }) => {
    // A transaction's BEGIN, COMMIT and ROLLBACK are sent without a response event: not counted.
    if (!/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(q.sql)) inFlight += 1
    lastQueryAt = performance.now()
    // A list of placeholders is one query however long it is.
    recording?.push(q.sql.replace(/(\?|\$\d+)(, (\?|\$\d+))*/g, '?'))
  })
  const send = (m: ServerMessage) => process.send?.(m)
  process.on('message', (m: BenchRequest) => {
    if ('record' in m) {
      recording = []
      send({ queries: [] })
    } else if ('profile' in m) {
      // A CPU profile of a window the bench chooses (the pages under load): 'start', then a file name.
      void profile(m.profile).then(() => send({ queries: [] }))
    } else if ('stop' in m) {
      send({ queries: recording ?? [] })
      recording = null
    } else {
      // autocannon stops at its deadline and drops connections with requests still being handled:
      // the next measure waits until no query is running and none has for a while.
      // At most two minutes, should a query's answer go unreported.
      const giveUpAt = performance.now() + 120_000
      const wait = () =>
        (inFlight > 0 || performance.now() - lastQueryAt < m.quiet) && performance.now() < giveUpAt
          ? setTimeout(wait, 50)
          : send({ quiet: true })
      wait()
    }
  })
  // SIGTERM ends the process normally, so a --cpu-prof profile is written.
  const stop = () => {
    server.closeAllConnections()
    server.close()
    void Promise.allSettled([pdf.close(), services.passwords.close(), db.destroy()]).then(() => process.exit(0))
    setTimeout(() => process.exit(0), 5000).unref()
  }
  process.on('SIGTERM', stop)
  process.on('disconnect', stop)
  server.on('listening', () => send({ ready: (server.address() as { port: number }).port }))
}

const session = new inspector.Session()
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) =>
    session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
  )
async function profile(what: string) {
  if (what === 'start') {
    session.connect()
    await post('Profiler.enable')
    await post('Profiler.setSamplingInterval', { interval: 1000 })
    await post('Profiler.start')
    return
  }
  const { profile: data } = (await post('Profiler.stop')) as { profile: object }
  fs.writeFileSync(what, JSON.stringify(data))
  session.disconnect()
}

main().catch(err => {
  process.send?.({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  process.exit(1)
})
