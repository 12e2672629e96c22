import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import request from 'supertest'
import type { Knex } from 'knex'
import { loadConfig, parseDatabaseUrl, type Config } from '../../server/config'
import { createLogger } from '../../server/logger'
import { createDb } from '../../server/db/createDb'
import { migrateLatest } from '../../server/db/migrate'
import { createServices, type Services } from '../../server/services'
import { createApp } from '../../server/app'
import { FixedClock } from '../../server/utils/clock'
import { toCurrentUser } from '../../server/services/authService'
import { planReviews } from '../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, addDays } from '../../server/utils/dates'
import { buildNationalData, type NationalData } from './nationalData'
import { CHROMIUM_PATH, closePdfRenderer } from '../../server/services/hearing/pdfRenderer'

// `npm run bench`: national-size data in a temporary database, then each budget from the issues,
// measured one by one and under load beside a baseline route. Exits non-zero when a budget is missed.

interface Row {
  name: string
  p50: number
  p95: number
  rps?: number
  ratio?: string
  budget: number
  unit: string
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

async function time(runs: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}

async function load(url: string, cookie: string): Promise<{ p50: number; p95: number; rps: number }> {
  const result = await autocannon({ url, connections: 10, duration: 5, headers: { cookie } })
  return { p50: result.latency.p50, p95: result.latency.p97_5, rps: result.requests.average }
}

async function main() {
  const env = process.env.DATABASE_URL
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drr-bench-'))
  const database = env?.startsWith('postgres')
    ? parseDatabaseUrl(env)
    : parseDatabaseUrl(`sqlite:${path.join(dir, 'bench.sqlite3')}`)
  const db: Knex = createDb(database)
  await migrateLatest(db)
  const clock = new FixedClock('2027-06-01T09:00:00Z')
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    database,
    scryptCost: 2 ** 12,
    logLevel: 'silent',
    runWorker: false,
  }
  const services: Services = createServices({ db, config, clock, logger: createLogger('silent') })
  process.stdout.write(
    `Building national-size data in ${database.client === 'pg' ? 'PostgreSQL' : database.filename}…\n`,
  )
  const t0 = performance.now()
  const data: NationalData = await buildNationalData(services, { courts: 40, requirements: 20000, today: '2027-06-01' })
  process.stdout.write(
    `  ${data.requirements} requirements, ${data.reviews} reviews, ${data.sittings} sittings in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  )

  // The bulk load's write-ahead log is folded into the database before anything is measured.
  if (database.client === 'sqlite3') await db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
  const { app } = createApp(services)
  const server = app.listen(0)
  const port = (server.address() as { port: number }).port
  const base = `http://127.0.0.1:${port}`
  const agent = request.agent(app)
  const signIn = await agent.get('/sign-in')
  const csrf = /name="_csrf" value="([^"]+)"/.exec(signIn.text)![1]
  await agent.post('/sign-in').type('form').send({ email: data.clerkEmail, password: data.password, _csrf: csrf })
  const cookie = (agent as unknown as { jar: { getCookies: (o: object) => { name: string; value: string }[] } }).jar
    .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
    .map(c => `${c.name}=${c.value}`)
    .join('; ')

  const rows: Row[] = []
  // Planning a 36-month DRR against three years of weekly sittings.
  const sittings = Array.from({ length: 156 }, (_, i) => {
    const date = addDays('2027-01-07', i * 7)
    return {
      id: `s${i}`,
      date,
      startTime: '10:00',
      slotMinutes: 15,
      capacity: 20,
      booked: i % 21,
      benchUserIds: [`m${i % 3}`],
    }
  })
  const holidays = new Set((await services.reference.bankHolidays()).map(h => h.date))
  const plan = await time(2000, () =>
    planReviews({
      intervalMonths: 1,
      mode: 'hearing',
      from: '2027-01-04',
      endsOn: addDays(addCalendarMonths('2027-01-04', 36), -1),
      firstSequence: 1,
      sittings,
      holidays,
    }),
  )
  rows.push({
    name: 'plan a 36-month DRR',
    p50: percentile(plan, 50),
    p95: percentile(plan, 95),
    budget: 2,
    unit: 'ms',
  })

  // Creating an order with its reviews, one by one.
  const clerk = toCurrentUser((await services.repositories.users.findByEmail(data.clerkEmail))!)
  const people: { id: string }[] = []
  for (let i = 1; i <= 130; i += 1)
    people.push(
      await services.cases.createPerson(clerk, {
        name: `Bench Person ${i}`,
        dateOfBirth: '1990-01-01',
        crn: `Z${900000 + i}`,
      }),
    )
  let n = 0
  const createOrder = () => {
    n += 1
    return services.cases.createOrder(clerk, {
      personId: people[n - 1].id,
      courtId: data.courtIds[n % data.courtIds.length],
      kind: 'community',
      madeOn: '2027-06-01',
      caseReference: `BENCH-${n}`,
      requirements: [
        {
          kind: 'DRR',
          months: 12,
          reviewIntervalMonths: 1,
          reviewMode: 'hearing',
          residential: false,
          providerOrganisationId: data.providerId,
          responsibleOfficerId: data.officerId,
          willingToComply: true,
        },
      ],
    })
  }
  await time(10, createOrder) // warm-up, not counted
  const create = await time(120, createOrder)
  rows.push({
    name: 'create an order with its reviews',
    p50: percentile(create, 50),
    p95: percentile(create, 95),
    budget: 20,
    unit: 'ms',
  })

  // The court list for a 20-case sitting, under load, beside the bare layout.
  const baseline = await load(`${base}/sign-in`, '')
  const list = await load(`${base}/sittings/${data.fullSittingId}`, cookie)
  rows.push({
    name: 'baseline: the bare layout (under load)',
    p50: baseline.p50,
    p95: baseline.p95,
    rps: baseline.rps,
    budget: Infinity,
    unit: 'ms',
  })
  // Under load the latency is mostly queueing for the one SQLite connection; the budget (issue 3: "under
  // 30 ms p95") is the time one request takes, checked below. Throughput is shown against the baseline.
  rows.push({
    name: 'court list, 20-case sitting (under load, 10 connections)',
    p50: list.p50,
    p95: list.p95,
    rps: list.rps,
    ratio: `${(baseline.rps / Math.max(1, list.rps)).toFixed(1)}× slower`,
    budget: Infinity,
    unit: 'ms',
  })
  const single = await time(200, () => agent.get(`/sittings/${data.fullSittingId}`).expect(200))
  rows.push({
    name: 'court list, 20-case sitting (one by one)',
    p50: percentile(single, 50),
    p95: percentile(single, 95),
    budget: 30,
    unit: 'ms',
  })

  // Issue 5: a 20-case sitting's hearing pack, as HTML and as PDF (one warm Chromium).
  const packHtml = await time(30, () => agent.get(`/sittings/${data.fullSittingId}/pack`).expect(200))
  rows.push({
    name: 'hearing pack, 20 cases, HTML',
    p50: percentile(packHtml, 50),
    p95: percentile(packHtml, 95),
    budget: 150,
    unit: 'ms',
  })
  if (fs.existsSync(CHROMIUM_PATH)) {
    await agent.get(`/sittings/${data.fullSittingId}/pack.pdf`).expect(200) // launches the browser: not counted
    const packPdf = await time(8, () => agent.get(`/sittings/${data.fullSittingId}/pack.pdf`).expect(200))
    rows.push({
      name: 'hearing pack, 20 cases, PDF',
      p50: percentile(packPdf, 50),
      p95: percentile(packPdf, 95),
      budget: 3000,
      unit: 'ms',
    })
  } else process.stdout.write('Chromium is not installed: the PDF pack is not measured\n')

  // Queries per page must not grow with the cases on it.
  const count = async (url: string) => {
    let q = 0
    const listener = () => (q += 1)
    db.on('query', listener)
    await agent.get(url).expect(200)
    db.off('query', listener)
    return q
  }
  const small = await count(`/sittings/${data.smallSittingId}`)
  const full = await count(`/sittings/${data.fullSittingId}`)

  server.close()
  await closePdfRenderer()
  process.stdout.write(
    '\n| measure | p50 | p95 | req/s | vs baseline | budget (p95) | result |\n|---|---|---|---|---|---|---|\n',
  )
  let failed = 0
  for (const r of rows) {
    const ok = r.p95 <= r.budget
    if (!ok) failed += 1
    process.stdout.write(
      `| ${r.name} | ${r.p50.toFixed(2)} ${r.unit} | ${r.p95.toFixed(2)} ${r.unit} | ${r.rps ? r.rps.toFixed(0) : ''} | ${r.ratio ?? ''} | ${Number.isFinite(r.budget) ? `${r.budget} ${r.unit}` : ''} | ${Number.isFinite(r.budget) ? (ok ? 'ok' : 'MISSED') : ''} |\n`,
    )
  }
  const flat = small === full
  if (!flat) failed += 1
  process.stdout.write(
    `| queries: court list with ${data.smallSittingCases} cases vs 20 cases | ${small} | ${full} | | | equal | ${flat ? 'ok' : 'MISSED'} |\n`,
  )
  await db.destroy()
  fs.rmSync(dir, { recursive: true, force: true })
  process.stdout.write(failed ? `\n${failed} budget(s) missed\n` : '\nall budgets met\n')
  process.exit(failed ? 1 : 0)
}

main().catch(err => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
