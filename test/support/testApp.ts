import type { Knex } from 'knex'
import request from 'supertest'
import type { Express } from 'express'
import { loadConfig, type Config } from '../../server/config'
import { createLogger } from '../../server/logger'
import { createServices, type Services } from '../../server/services'
import { createRepositories, type Repositories } from '../../server/data'
import { createViews, type Views } from '../../server/views'
import { projectRoot } from '../../server/config'
import path from 'node:path'
import { createApp } from '../../server/app'
import { FixedClock } from '../../server/utils/clock'
import { createTestDb, type TestDb } from './testDb'
import { createPdfRenderer, type PdfRenderer } from '../../server/services/hearing/pdfRenderer'
import type { DeclaredRoute } from '../../server/middleware/routeTable'

export const TEST_PASSWORD = 'Correct-Horse-Battery-1'

/** The database behind each test app's services, for the factories that write rows directly. */
export const testDbOf = new WeakMap<Services, Knex>()

// The templates are compiled once for every test app in a file.
let views: Views | null = null
const testViews = () => (views ??= createViews(path.join(projectRoot, 'views'), { verifyKept: true }))

let swappedPdf: PdfRenderer | null = null

/**
 * Swap the PDF renderer of every test app (a fake, or one whose Chromium is missing); null puts back
 * each app's own. The caller closes what it made.
 */
export function usePdfRenderer(renderer: PdfRenderer | null) {
  swappedPdf = renderer
}

/** The app's renderer: the swapped one while there is one, else its own (launched on first use). */
function testPdfRenderer(own: PdfRenderer): PdfRenderer {
  const current = () => swappedPdf ?? own
  return {
    render: (html, opts) => current().render(html, opts),
    available: () => current().available(),
    close: () => own.close(),
  }
}

export interface TestContext {
  app: Express
  services: Services
  /** The repositories, for a test to read what a change stored. */
  repos: Repositories
  db: Knex
  clock: FixedClock
  config: Config
  routeTable: DeclaredRoute[]
  testDb: TestDb
  close(): Promise<void>
}

/** The real app on a real database, with a clock the test moves and a cheap scrypt cost. */
export async function createTestContext(
  options: { now?: string; config?: Partial<Config>; pdf?: PdfRenderer } = {},
): Promise<TestContext> {
  const testDb = await createTestDb()
  const clock = new FixedClock(options.now ?? '2026-03-02T09:00:00Z')
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    database: testDb.config,
    scryptCost: 2 ** 10,
    // Tests sign many users in at once; the flood test sets the production bound itself.
    hashQueue: 200,
    runWorker: false,
    seedDemoData: false,
    ...options.config,
  }
  const logger = createLogger('silent')
  // A renderer given by the caller is the caller's to close; the app's own is closed with the app.
  const own = options.pdf ?? createPdfRenderer()
  const pdf = testPdfRenderer(own)
  const repos = createRepositories(testDb.db)
  const services = createServices({ repos, config, clock, logger, pdf, views: testViews() })
  testDbOf.set(services, testDb.db)
  const { app, routeTable } = createApp(services, testViews())
  const close = async () => {
    if (!options.pdf) await own.close()
    await services.passwords.close()
    await testDb.destroy()
  }
  return { app, services, repos, db: testDb.db, clock, config, routeTable, testDb, close }
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!m) throw new Error('no CSRF token on the page')
  return m[1]
}

/** A browser-like agent: keeps cookies, reads the CSRF token from the page it was on. */
export async function signIn(app: Express, email: string, password = TEST_PASSWORD) {
  const agent = request.agent(app)
  const page = await agent.get('/sign-in')
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) })
  if (res.status !== 303 || res.headers.location === '/sign-in')
    throw new Error(`sign-in failed for ${email}: ${res.status}`)
  return agent
}

/** GET a page, then POST a form from it with its CSRF token. */
export async function submitForm(
  agent: ReturnType<typeof request.agent>,
  pageUrl: string,
  body: Record<string, unknown>,
  postUrl = pageUrl,
) {
  const page = await agent.get(pageUrl)
  return agent
    .post(postUrl)
    .type('form')
    .send({ ...body, _csrf: csrfFrom(page.text) })
}

export async function apiToken(app: Express, email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await request(app).post('/api/v1/tokens').send({ email, password })
  if (res.status !== 201) throw new Error(`token for ${email}: ${res.status} ${res.text}`)
  return res.body.token
}
