import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import type { Knex } from 'knex'
import { loadConfig, type Config } from '../../server/config'
import { createLogger } from '../../server/logger'
import { createDb } from '../../server/db/createDb'
import { migrateLatest } from '../../server/db/migrate'
import { createServices, type Services } from '../../server/services'
import { createApp } from '../../server/app'
import { FixedClock } from '../../server/utils/clock'
import { toCurrentUser } from '../../server/services/authService'
import { planReviews } from '../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, addDays } from '../../server/utils/dates'
import { newId } from '../../server/utils/ids'
import { CHROMIUM_PATH, createPdfRenderer, type PdfRenderer } from '../../server/services/hearing/pdfRenderer'
import { createRepositories } from '../../server/data'
import { createViews } from '../../server/views'
import { projectRoot } from '../../server/config'
import { buildNationalData, type NationalData } from './nationalData'
import { createClient, percentile, type Client } from './http'
import { openBenchDatabase } from './benchDb'
import { measureSignInFlood } from './signInFlood'

// `npm run bench`: national-size data in a temporary database (SQLite, or PostgreSQL when DATABASE_URL
// names one), then every page and operation with a budget in the issues, one request at a time and
// under load, beside a baseline page measured in the same run. Exits non-zero when a budget is missed.

const TODAY = '2027-06-01'
// The issues' scale; a smaller number (BENCH_REQUIREMENTS=2000) gives a quick run while working on the bench.
const REQUIREMENTS = Number(process.env.BENCH_REQUIREMENTS ?? 20000)
const LOAD = { connections: 10, seconds: 5 }
// Untimed runs before each one-by-one measure, as many as are timed: V8 goes on optimising (and
// re-optimising) a path for a few hundred calls, on threads that share this machine's CPUs with the
// database's. The budgets are for a service that has been running, not the first calls after a start.
const WARM_UP = { page: 150, pack: 40, orders: 200 }

interface Row {
  name: string
  how: 'one by one' | 'under load' | 'every 25 ms'
  p50: number
  p95: number
  rps?: number
  ratio?: number
  queries?: number
  /** Budget for p95, in ms. */
  budget?: number
  errors?: number
}

const step = (what: string) => process.stdout.write(`- ${what}\n`)
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n < 10 ? 2 : 1)} ms`)

async function main() {
  const started = performance.now()
  const bench = await openBenchDatabase(process.env.DATABASE_URL)
  const db: Knex = createDb(bench.database)
  const pdf = createPdfRenderer()
  let exitCode = 1
  try {
    exitCode = await measure(db, bench.database, bench.label, pdf)
  } finally {
    await db.destroy()
    await pdf.close()
    await bench.drop()
  }
  process.stdout.write(`\nWhole run: ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
  process.exit(exitCode)
}

async function measure(db: Knex, database: Config['database'], label: string, pdf: PdfRenderer): Promise<number> {
  const load = os.loadavg()[0]
  process.stdout.write(
    `Node ${process.version}, ${os.cpus().length} CPUs, load average ${load.toFixed(2)} at the start${load > os.cpus().length / 2 ? ' (a busy machine: expect noise)' : ''}\n`,
  )
  await migrateLatest(db)
  const clock = new FixedClock(`${TODAY}T09:00:00Z`)
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    database,
    scryptCost: 2 ** 12,
    logLevel: 'silent',
    runWorker: false,
  }
  const views = createViews(path.join(projectRoot, 'views'))
  const services: Services = createServices({
    repos: createRepositories(db),
    config,
    clock,
    logger: createLogger('silent'),
    pdf,
    views,
  })

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
    `  ${total.toLocaleString('en-GB')} rows in ${built.toFixed(1)} s (${Math.round(total / built).toLocaleString('en-GB')} rows/s): ${[
      ...data.rows,
    ]
      .map(([t, n]) => `${t} ${n.toLocaleString('en-GB')}`)
      .join(', ')}\n`,
  )
  if (database.client === 'sqlite3') {
    // The load's write-ahead log is folded into the database before anything is measured.
    await db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
    process.stdout.write(`  database file ${(fs.statSync(database.filename).size / 2 ** 20).toFixed(0)} MiB\n`)
  }

  const { app } = createApp(services, views)
  const server = app.listen(0)
  const port = (server.address() as { port: number }).port
  // The one-by-one client keeps its connection between measures that may pause longer than Node's 5 s.
  server.keepAliveTimeout = 10 * 60 * 1000
  // autocannon stops at its deadline and drops its connections with requests still being handled
  // (queued for SQLite's one connection): the next measure waits until the database has been quiet.
  let lastQueryAt = performance.now()
  db.on('query', () => (lastQueryAt = performance.now()))
  const settle = async () => {
    while (performance.now() - lastQueryAt < 500) await new Promise(resolve => setTimeout(resolve, 50))
  }
  const http: Client = createClient(port)
  step('signing in as the clerk, two officers and a magistrate')
  const [clerkCookie, officerCookie, smallOfficerCookie, magistrateCookie] = await Promise.all(
    [data.clerkEmail, data.officer.email, data.smallOfficer.email, data.magistrateEmail].map(email =>
      createClient(port).signIn(email, data.password),
    ),
  )

  const rows: Row[] = []
  const notes: string[] = []
  let queries = 0
  let recording: string[] | null = null
  db.on('query', (q: { sql: string }) => {
    queries += 1
    // A list of placeholders is one query however long it is.
    recording?.push(q.sql.replace(/(\?|\$\d+)(, (\?|\$\d+))*/g, '?'))
  })
  const queriesOf = async (url: string, cookie: string) => {
    recording = []
    await http.get(url, cookie, 200)
    const sql = recording
    recording = null
    return sql
  }
  const countQueries = async (url: string, cookie: string) => (await queriesOf(url, cookie)).length

  const pages = {
    baseline: {
      name: 'baseline: a signed-in page with the bare layout',
      url: '/account/password',
      cookie: clerkCookie,
    },
    courtList: { name: 'court list, 20-case sitting', url: `/sittings/${data.fullSittingId}`, cookie: clerkCookie },
    caseload: { name: `caseload, ${data.officer.cases} cases`, url: '/caseload', cookie: officerCookie },
    person: { name: 'person, two orders, 3 years', url: `/people/${data.personWithHistoryId}`, cookie: clerkCookie },
    pack: {
      name: 'hearing pack, 20 cases, HTML',
      url: `/sittings/${data.fullSittingId}/pack`,
      cookie: magistrateCookie,
    },
    needsListing: { name: 'needs listing, every court', url: '/needs-listing', cookie: clerkCookie },
  }
  const budgets: Record<string, number | undefined> = { courtList: 30, pack: 150, needsListing: 50 }

  // One request at a time: the time a person waits for the page.
  const single: Record<string, number> = {}
  for (const [key, page] of Object.entries(pages)) {
    step(`${page.name}, one by one`)
    const runs = key === 'pack' ? 40 : 150
    const times = await http.time(page.url, page.cookie, runs, key === 'pack' ? WARM_UP.pack : WARM_UP.page)
    const p50 = percentile(times, 50)
    single[key] = p50
    rows.push({
      name: page.name,
      how: 'one by one',
      p50,
      p95: percentile(times, 95),
      ratio: key === 'baseline' ? undefined : p50 / single.baseline,
      queries: await countQueries(page.url, page.cookie),
      budget: budgets[key],
    })
  }

  if (fs.existsSync(CHROMIUM_PATH)) {
    step('hearing pack PDF, one by one')
    const pdfUrl = `/sittings/${data.fullSittingId}/pack.pdf`
    await http.get(pdfUrl, magistrateCookie, 200) // starts the browser: not counted
    const times = await http.time(pdfUrl, magistrateCookie, 10, 0)
    rows.push({
      name: 'hearing pack, 20 cases, PDF',
      how: 'one by one',
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      ratio: percentile(times, 50) / single.baseline,
      budget: 3000,
    })
  } else notes.push(`Chromium is not at ${CHROMIUM_PATH}: the PDF pack was not measured.`)

  // Under load: 10 connections for 5 seconds each. On SQLite every request shares one connection, so
  // latency here is mostly queueing; throughput is what to compare with the baseline.
  let baselineRps = 0
  for (const [key, page] of Object.entries(pages)) {
    step(`${page.name}, under load`)
    const r = await underLoad({ url: `http://127.0.0.1:${port}${page.url}`, headers: { cookie: page.cookie } })
    await settle()
    if (key === 'baseline') baselineRps = r.rps
    rows.push({ name: page.name, how: 'under load', ...r, ratio: key === 'baseline' ? undefined : baselineRps / r.rps })
  }
  step('the sign-in page, under load')
  const signInPage = await underLoad({ url: `http://127.0.0.1:${port}/sign-in` })
  await settle()
  rows.push({ name: 'the sign-in page, signed out (no session stored)', how: 'under load', ...signInPage })

  step('a signed-in page while 40 sign-ins flood in (production hash cost)')
  const flood = await measureSignInFlood({ db, config, clock, views, email: data.clerkEmail, password: data.password })
  await settle()
  rows.push({
    name: `a signed-in page while 40 sign-ins flood in (${flood.checked} checked, ${flood.refused} answered 429)`,
    how: 'every 25 ms',
    p50: flood.p50,
    p95: flood.p95,
    budget: 1000,
  })

  // Creating an order with its reviews: the service, one at a time (issue 3's budget), then the API under load.
  const clerk = toCurrentUser((await createRepositories(db).users.findByEmail(data.clerkEmail))!)
  const people = await insertPeople(db, 4000)
  let next = 0
  const orderInput = () => {
    next += 1
    return {
      personId: people[next % people.length],
      courtId: data.courtIds[next % data.courtIds.length],
      kind: 'community',
      madeOn: TODAY,
      caseReference: `BENCH-${next}`,
      requirements: [
        {
          kind: 'DRR',
          months: 12,
          reviewIntervalMonths: 1,
          residential: false,
          providerOrganisationId: data.providerId,
          responsibleOfficerId: data.officerId,
          willingToComply: true,
        },
      ],
    }
  }
  step('creating orders, one by one and under load')
  const createOrder = () => services.orders.createOrder(clerk, orderInput())
  await timeEach(WARM_UP.orders, createOrder) // warm-up, not counted
  const before = queries
  const created = await timeEach(200, createOrder)
  rows.push({
    name: 'create an order with its reviews (service)',
    how: 'one by one',
    p50: percentile(created, 50),
    p95: percentile(created, 95),
    ratio: percentile(created, 50) / single.baseline,
    queries: Math.round((queries - before) / 200),
    budget: 20,
  })
  // The plan shown before an order is saved (the order form's check page and POST /orders?dryRun=true).
  const planOrder = () => services.orders.planOrder(clerk, orderInput())
  await timeEach(WARM_UP.orders, planOrder)
  const dryRuns = await timeEach(200, planOrder)
  rows.push({
    name: 'plan an order without saving it (dry run, service)',
    how: 'one by one',
    p50: percentile(dryRuns, 50),
    p95: percentile(dryRuns, 95),
    ratio: percentile(dryRuns, 50) / single.baseline,
    budget: 15,
  })
  const { token } = await services.auth.issueToken(clerk, '127.0.0.1')
  const api = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const viaApi = await timeEach(100, () =>
    http.request('POST', '/api/v1/orders', { headers: api, body: JSON.stringify(orderInput()) }, 201),
  )
  rows.push({
    name: 'create an order with its reviews (POST /api/v1/orders)',
    how: 'one by one',
    p50: percentile(viaApi, 50),
    p95: percentile(viaApi, 95),
    ratio: percentile(viaApi, 50) / single.baseline,
  })
  const orders = await underLoad({
    url: `http://127.0.0.1:${port}/api/v1/orders`,
    method: 'POST',
    headers: api,
    requests: [{ setupRequest: req => ({ ...req, body: JSON.stringify(orderInput()) }) }],
  })
  await settle()
  rows.push({
    name: 'create an order with its reviews (POST /api/v1/orders)',
    how: 'under load',
    ...orders,
    ratio: baselineRps / orders.rps,
  })

  // Planning a 36-month DRR against three years of sittings, twice a week, some already booked.
  const sittings = Array.from({ length: 312 }, (_, i) => ({
    id: `s${i}`,
    date: addDays('2027-01-04', Math.floor(i / 2) * 7 + (i % 2) * 2),
    startTime: '10:00',
    slotMinutes: 15,
    capacity: 20,
    booked: (i * 7) % 21,
    benchUserIds: [`m${i % 3}`, `m${(i + 1) % 4}`],
  }))
  const holidays = new Set((await services.reference.bankHolidays()).map(h => h.date))
  const plan = () =>
    planReviews({
      intervalMonths: 1,
      mode: 'hearing',
      from: '2027-01-04',
      endsOn: addDays(addCalendarMonths('2027-01-04', 36), -1),
      firstSequence: 1,
      previousBench: ['m0'],
      sittings,
      holidays,
    })
  await timeEach(200, plan)
  const planned = await timeEach(2000, plan)
  rows.push({
    name: 'plan a 36-month DRR (pure, 312 sittings)',
    how: 'one by one',
    p50: percentile(planned, 50),
    p95: percentile(planned, 95),
    budget: 2,
  })

  // The number of queries a page makes does not grow with the cases on it.
  const flat = [
    {
      name: 'court list',
      small: [`/sittings/${data.smallSittingId}`, clerkCookie, `${data.smallSittingCases} cases`],
      large: [`/sittings/${data.fullSittingId}`, clerkCookie, '20 cases'],
    },
    {
      name: 'hearing pack (HTML)',
      small: [`/sittings/${data.smallSittingId}/pack`, clerkCookie, `${data.smallSittingCases} cases`],
      large: [`/sittings/${data.fullSittingId}/pack`, clerkCookie, '20 cases'],
    },
    {
      name: 'caseload',
      small: ['/caseload', smallOfficerCookie, `${data.smallOfficer.cases} cases`],
      large: ['/caseload', officerCookie, `${data.officer.cases} cases`],
    },
    {
      name: 'person',
      small: [`/people/${data.personWithOneOrderId}`, clerkCookie, 'one order'],
      large: [`/people/${data.personWithHistoryId}`, clerkCookie, 'two orders'],
    },
  ]
  step('counting queries')
  const queryRows: string[] = []
  let flatMissed = 0
  for (const f of flat) {
    const a = await queriesOf(f.small[0], f.small[1])
    const b = await queriesOf(f.large[0], f.large[1])
    if (process.env.BENCH_SHOW_QUERIES)
      notes.push(`${f.name}:`, ...a.map(q => `  ${q}`), '  --', ...b.map(q => `  ${q}`))
    if (b.length > a.length) {
      flatMissed += 1
      const extra = [...b]
      for (const q of a) if (extra.includes(q)) extra.splice(extra.indexOf(q), 1)
      notes.push(`${f.name}: with more cases it also ran ${extra.map(q => q.slice(0, 120)).join(' / ')}`)
    }
    queryRows.push(
      `| ${f.name} | ${f.small[2]}: ${a.length} | ${f.large[2]}: ${b.length} | ${b.length > a.length ? 'MISSED' : 'ok'} |`,
    )
  }
  server.close()

  // The table.
  const out: string[] = []
  out.push('', `Results (${label}; the baseline is a signed-in page with the bare layout, measured in this run)`, '')
  out.push('| measure | how | p50 | p95 | req/s | × baseline | queries | budget (p95) | result |')
  out.push('|---|---|---|---|---|---|---|---|---|')
  let missed = flatMissed
  // Each measure's rows together: one by one, then under load.
  const names = [...new Set(rows.map(r => r.name))]
  rows.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name))
  for (const r of rows) {
    const ok = (r.budget === undefined || r.p95 <= r.budget) && !r.errors
    if (!ok) missed += 1
    const result = r.errors ? `MISSED: ${r.errors} errors` : r.budget === undefined ? '' : ok ? 'ok' : 'MISSED'
    out.push(
      `| ${r.name} | ${r.how} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.rps ? Math.round(r.rps) : ''} | ${r.ratio ? `${r.ratio.toFixed(1)}×` : ''} | ${r.queries ?? ''} | ${r.budget ? ms(r.budget) : ''} | ${result} |`,
    )
  }
  out.push(
    '',
    '| queries per page | fewer cases | more cases | result (must not grow) |',
    '|---|---|---|---|',
    ...queryRows,
  )
  out.push(
    '',
    "\"× baseline\": one by one, the p50 over the baseline's p50; under load, the baseline's requests per second over the page's.",
    `Under load: ${LOAD.connections} connections for ${LOAD.seconds} s; p50 and p95 are of every response's latency.`,
    ...notes,
    missed ? `\n${missed} budget(s) missed` : '\nAll budgets met',
  )
  process.stdout.write(`${out.join('\n')}\n`)
  return missed ? 1 : 0
}

async function timeEach(runs: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}

/** autocannon for LOAD.seconds, with each response's latency kept so p95 is exact. */
async function underLoad(
  opts: Partial<autocannon.Options> & { url: string },
): Promise<{ p50: number; p95: number; rps: number; errors: number }> {
  const latencies: number[] = []
  let errors = 0
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ connections: LOAD.connections, duration: LOAD.seconds, ...opts }, (err, r) =>
      err ? reject(err) : resolve(r),
    )
    instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
      latencies.push(time)
      if (status >= 400) errors += 1
    })
  })
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    rps: result.requests.total / LOAD.seconds,
    errors: errors + result.errors + result.timeouts,
  }
}

/** People for the orders created below, in one statement per few hundred. */
async function insertPeople(db: Knex, n: number): Promise<string[]> {
  const now = `${TODAY}T08:00:00.000Z`
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId(),
    name: `Bench Person ${i + 1}`,
    date_of_birth: '1990-01-01',
    crn: `Z${String(900000 + i)}`,
    created_at: now,
    updated_at: now,
    version: 1,
  }))
  await db.transaction(async trx => {
    for (let i = 0; i < rows.length; i += 400) await trx('person').insert(rows.slice(i, i + 400))
  })
  return rows.map(r => r.id)
}

main().catch(err => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
