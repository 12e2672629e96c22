import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Knex } from 'knex'
import { loadConfig, projectRoot, type Config } from '../../server/config'
import { createLogger } from '../../server/logger'
import { createDb } from '../../server/db/createDb'
import { migrateLatest } from '../../server/db/migrate'
import { createServices, type Services } from '../../server/services'
import { createRepositories } from '../../server/data'
import { toCurrentUser } from '../../server/services/authService'
import { createViews } from '../../server/views'
import { FixedClock } from '../../server/utils/clock'
import { addCalendarMonths } from '../../server/utils/dates'
import { CHROMIUM_PATH } from '../../server/services/hearing/pdfRenderer'
import { buildNationalData, type NationalData } from './nationalData'
import { createClient, percentile } from './http'
import { openBenchDatabase } from './benchDb'
import { measureSignInFlood } from './signInFlood'
import { startChild, type Child } from './children'
import { underLoad } from './load'
import { measureOrders } from './orders'
import { report, type Row } from './report'
import { countFlatQueries } from './flatQueries'
import { measureScaling } from './scaling'
import { benchPages } from './pages'

// `npm run bench`: national-size data in a temporary database (SQLite, or PostgreSQL when DATABASE_URL
// names one), then the app server in a process of its own (the built JS), driven from this process one
// request at a time and under load, beside the anchor (a bare Express + handlebars page, in a process
// of its own) and the signed-in baseline. Exits non-zero when a budget is missed.

const TODAY = '2027-06-01'
// The issues' scale; a smaller number (BENCH_REQUIREMENTS=2000) gives a quick run while working on the bench.
const REQUIREMENTS = Number(process.env.BENCH_REQUIREMENTS ?? 20000)
// Untimed runs before each one-by-one measure, as many as are timed: V8 goes on optimising a path
// for a few hundred calls. The budgets are for a service that has been running, not a cold start.
const WARM_UP = { page: 150, pack: 40, insights: 2 }

const step = (what: string) => process.stdout.write(`- ${what}\n`)

async function main() {
  const started = performance.now()
  const bench = await openBenchDatabase(process.env.DATABASE_URL)
  const db: Knex = createDb(bench.database)
  const children: Child[] = []
  let exitCode = 1
  try {
    exitCode = await measure(db, bench.database, bench.label, children)
  } finally {
    await Promise.all(children.map(c => c.stop()))
    await db.destroy()
    await bench.drop()
  }
  process.stdout.write(`\nWhole run: ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
  process.exit(exitCode)
}

async function measure(db: Knex, database: Config['database'], label: string, children: Child[]): Promise<number> {
  const load = os.loadavg()[0]
  process.stdout.write(
    `Node ${process.version}, ${os.cpus().length} CPUs, load average ${load.toFixed(2)} at the start${load > os.cpus().length / 2 ? ' (a busy machine: expect noise)' : ''}\n`,
  )
  await migrateLatest(db)
  const clock = new FixedClock(`${TODAY}T09:00:00Z`)
  const config: Config = { ...loadConfig({ NODE_ENV: 'test' }), database, scryptCost: 2 ** 12, runWorker: false }
  const views = createViews(path.join(projectRoot, 'views'))
  const logger = createLogger('silent')
  const services: Services = createServices({ repos: createRepositories(db), config, clock, logger, views })

  process.stdout.write(
    `Building ${REQUIREMENTS === 20000 ? 'national-size data' : `a smaller database (${REQUIREMENTS} active requirements, not the issues' scale)`} in ${label}…\n`,
  )
  const t0 = performance.now()
  const data: NationalData = await buildNationalData(services, db, {
    courts: Math.max(4, Math.round((40 * REQUIREMENTS) / 20000)),
    requirements: REQUIREMENTS,
    today: TODAY,
  })
  const built = (performance.now() - t0) / 1000
  const total = [...data.rows.values()].reduce((a, b) => a + b, 0)
  process.stdout.write(
    `  ${total.toLocaleString('en-GB')} rows in ${built.toFixed(1)} s: ${[...data.rows].map(([t, n]) => `${t} ${n.toLocaleString('en-GB')}`).join(', ')}\n`,
  )
  if (database.client === 'sqlite3') {
    // The load's write-ahead log is folded into the database before anything is measured.
    await db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
    process.stdout.write(`  database file ${(fs.statSync(database.filename).size / 2 ** 20).toFixed(0)} MiB\n`)
  }
  // The court with the most reviews heard in the last year: its insight figures are the dearest.
  const yearAgo = addCalendarMonths(TODAY, -12)
  const busiest = (await db('review')
    .join('sitting', 'sitting.id', 'review.sitting_id')
    .whereBetween('sitting.date', [yearAgo, TODAY])
    .groupBy('sitting.court_id')
    .select('sitting.court_id as courtId')
    .count({ n: '*' })
    .orderBy('n', 'desc')
    .first()) as { courtId: string; n: number | string }

  const env = {
    BENCH_DATABASE_URL: database.client === 'pg' ? database.connectionString : `sqlite:${database.filename}`,
    BENCH_NOW: `${TODAY}T09:00:00Z`,
  }
  step('starting the anchor and the app server, each in a process of its own')
  const anchor = await startChild('anchor')
  children.push(anchor)
  const server = await startChild('server', env)
  children.push(server)
  const port = server.port
  const http = createClient(port)
  step('signing in as the clerk, two officers and a magistrate')
  const [clerkCookie, officerCookie, smallOfficerCookie, magistrateCookie] = await Promise.all(
    [data.clerkEmail, data.officer.email, data.smallOfficer.email, data.magistrateEmail].map(email =>
      createClient(port).signIn(email, data.password),
    ),
  )
  const clerk = toCurrentUser((await createRepositories(db).users.findByEmail(data.clerkEmail))!)
  const { token } = await services.auth.issueToken(clerk, '127.0.0.1')
  const bearer = `Bearer ${token}`

  const rows: Row[] = []
  const notes: string[] = []
  let queries = 0
  db.on('query', () => (queries += 1))
  // Raises the case-data version by hand: what the court list and the pack keep in memory is read again.
  const forget = () => db('cache_version').where({ name: 'case_data' }).increment('version', 1)
  const countQueries = async (url: string, headers: Record<string, string>, afresh = false) => {
    if (afresh) await forget()
    return (await server.queriesDuring(() => http.request('GET', url, { headers }, 200))).length
  }

  const insightsPage = `/insights/courts/${busiest.courtId}`
  const hasInsightsPage = (await http.request('GET', insightsPage, { headers: { cookie: clerkCookie } })).status === 200
  if (!hasInsightsPage) notes.push(`${insightsPage} did not answer 200: the insight page was not measured.`)
  const pages = benchPages({
    data,
    busiest,
    clerkCookie,
    officerCookie,
    magistrateCookie,
    bearer,
    hasInsightsPage,
    insightsPage,
  })

  // One request at a time: the time a person waits for the page. A page kept in memory while the case
  // data is unchanged is timed twice: as read again (from memory), and read afresh, with a change to the
  // case data before each read (the version raised by hand), so every read builds it from the database.
  for (const page of pages) {
    const runs = page.key.startsWith('insights') ? 10 : page.key === 'pack' ? 40 : 150
    const warmUp = page.key.startsWith('insights')
      ? WARM_UP.insights
      : page.key === 'pack'
        ? WARM_UP.pack
        : WARM_UP.page
    for (const afresh of page.kept ? [false, true] : [false]) {
      const name = page.kept ? `${page.name}, ${afresh ? 'read afresh' : 'from memory'}` : page.name
      step(`${name}, one by one`)
      const times = await http.timeWith(page.url, page.headers, runs, warmUp, afresh ? forget : undefined)
      rows.push({
        name,
        how: 'one by one',
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        queries: await countQueries(page.url, page.headers, afresh),
        budget: page.budget,
      })
    }
  }
  if (fs.existsSync(CHROMIUM_PATH)) {
    step('hearing pack PDF, one by one')
    const pdfUrl = `/sittings/${data.fullSittingId}/pack.pdf`
    await http.get(pdfUrl, magistrateCookie, 200) // starts the browser: not counted
    const times = await http.time(pdfUrl, magistrateCookie, 10, 0)
    const p = { p50: percentile(times, 50), p95: percentile(times, 95) }
    rows.push({ name: 'hearing pack, 20 cases, PDF', how: 'one by one', ...p, budget: 3000 })
  } else notes.push(`Chromium is not at ${CHROMIUM_PATH}: the PDF pack was not measured.`)

  // Under load: the anchor first, then the baseline and each page, on the same terms.
  step('the anchor (bare Express 5 + handlebars, 20-row table), under load')
  const anchorLoad = await underLoad({ url: `http://127.0.0.1:${anchor.port}/page` })
  rows.unshift({ name: 'anchor: bare Express 5 + handlebars page, 20-row table', how: 'under load', ...anchorLoad })
  const rates = { anchor: anchorLoad.rps, baseline: 0 }
  // BENCH_PROFILE=<file>: a CPU profile of the server while the pages (not the insights) are under load.
  const profileFile = process.env.BENCH_PROFILE
  let profiling = Boolean(profileFile)
  if (profileFile) await server.profile('start')
  for (const page of pages) {
    step(`${page.name}, under load`)
    if (profileFile && profiling && page.key.startsWith('insights')) {
      await server.profile({ file: profileFile })
      profiling = false
    }
    const r = await underLoad({ url: `http://127.0.0.1:${port}${page.url}`, headers: page.headers })
    await server.quiet()
    if (page.key === 'baseline') rates.baseline = r.rps
    // Under load a kept page is read again and again with nothing changed: from memory.
    const name = page.kept ? `${page.name}, from memory` : page.name
    rows.push({ name, how: 'under load', ...r, least: page.least })
  }
  if (database.client === 'pg') {
    step('one and two instances on PostgreSQL, under load')
    const scaling = await measureScaling({ env, first: server, url: pages[0].url, headers: pages[0].headers })
    rows.push(...scaling.rows)
    notes.push(scaling.note)
  } else notes.push('One and two instances are measured on PostgreSQL only (SQLite is for one instance).')
  step('the sign-in page, under load')
  const signIn = await underLoad({ url: `http://127.0.0.1:${port}/sign-in` })
  await server.quiet()
  rows.push({ name: 'the sign-in page, signed out (no session stored)', how: 'under load', ...signIn })

  step('a signed-in page while 40 sign-ins flood in (production hash cost, a server of its own)')
  const flood = await measureSignInFlood({ env, email: data.clerkEmail, password: data.password })
  rows.push({
    name: `a signed-in page while 40 sign-ins flood in (${flood.checked} checked, ${flood.refused} answered 429)`,
    how: 'every 25 ms',
    p50: flood.p50,
    p95: flood.p95,
    budget: 1000,
  })

  step('creating orders, one by one and under load')
  rows.push(...(await measureOrders({ db, services, data, today: TODAY, http, port, queries: () => queries })))
  await server.quiet()

  step('counting queries')
  const flat = await countFlatQueries(server, http, data, { clerkCookie, officerCookie, smallOfficerCookie }, forget)
  notes.push(...flat.notes)

  const table = report(rows, rates)
  const missed = [...table.missed, ...flat.missed]
  const out = [
    '',
    `Results (${label}; the anchor and the baseline measured in this run)`,
    '',
    ...table.lines,
    '',
    ...flat.lines,
    ...notes,
    '',
    missed.length ? `${missed.length} budget(s) missed:\n${missed.map(m => `  - ${m}`).join('\n')}` : 'All budgets met',
  ]
  process.stdout.write(`${out.join('\n')}\n`)
  return missed.length ? 1 : 0
}

main().catch(err => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
