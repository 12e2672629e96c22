import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { chromium } from 'playwright-core'
import { DENIED_FEATURES, PERMISSIONS_POLICY } from '../../server/middleware/setUpSecurity'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../server/services/hearing/pdfRenderer'
import { ROLES, type Role } from '../../server/roles'
import type { DeclaredRoute } from '../../server/middleware/routeTable'
import { paths } from '../../server/paths'
import { createTestContext, type TestContext } from '../support/testApp'
import type { Side } from './securityObjects'
import { makeSecurityWorld } from './securityWorld'
import { callerFor, fill, isApi, send, useFakePdfRenderer, where, type Caller } from './securitySupport'

let ctx: TestContext
let a: Side
let callers: Record<Role, Caller>
let restorePdf: () => void

beforeAll(async () => {
  ctx = await createTestContext()
  restorePdf = useFakePdfRenderer()
  ;({ a } = await makeSecurityWorld(ctx))
  callers = Object.fromEntries(
    await Promise.all(ROLES.map(async role => [role, await callerFor(ctx.app, role, a.users[role].email)])),
  )
})

afterAll(async () => {
  restorePdf()
  await ctx.close()
})

const nonceOf = (res: request.Response) => /'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1]

/** The headers every response carries, whatever its type, in the form the assertions compare. */
function securityHeaders(res: request.Response) {
  const csp = String(res.headers['content-security-policy'] ?? '')
  const directives = new Map(
    csp
      .split(';')
      .map(d => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')] as const),
  )
  return {
    nosniff: res.headers['x-content-type-options'],
    frameAncestors: directives.get('frame-ancestors'),
    frameOptions: res.headers['x-frame-options'],
    defaultSrc: directives.get('default-src'),
    objectSrc: directives.get('object-src'),
    baseUri: directives.get('base-uri'),
    scriptSrcIsSelfAndNonce: /^'self' 'nonce-[A-Za-z0-9+/]{22}==?'$/.test(directives.get('script-src') ?? ''),
    poweredBy: res.headers['x-powered-by'],
    hsts: res.headers['strict-transport-security'],
  }
}

const EXPECTED_HEADERS = {
  nosniff: 'nosniff',
  frameAncestors: "'none'",
  frameOptions: 'DENY',
  defaultSrc: "'self'",
  objectSrc: "'none'",
  baseUri: "'none'",
  scriptSrcIsSelfAndNonce: true,
  poweredBy: undefined,
  hsts: undefined,
}

/** The role that reads a route in these tests: its first allowed role, the clerk for any signed-in user. */
const readerRole = (route: DeclaredRoute): Role | null =>
  route.access === 'public' ? null : route.access === 'signed-in' ? 'clerk' : route.access[0]

let gets: Promise<{ where: string; route: DeclaredRoute; res: request.Response }[]> | null = null
/** Every GET route, read once by a role that may, with that role's own side's objects. */
const everyGetResponse = () => (gets ??= readEveryGetRoute())

async function readEveryGetRoute() {
  const out: { where: string; route: DeclaredRoute; res: request.Response }[] = []
  for (const route of ctx.routeTable.filter(r => r.method === 'GET')) {
    const role = readerRole(route)
    const path = fill(route, a.objects)
    const res = role ? await send(ctx.app, route, path, callers[role]) : await request(ctx.app).get(path)
    out.push({ where: where(route), route, res })
  }
  return out
}

describe('security headers', () => {
  it('when every GET route is read by a role that may, then each response (pages, JSON, CSV, PDF, calendars) has nosniff, frame-ancestors none, a nonce-only script policy and no X-Powered-By', async () => {
    const responses = await everyGetResponse()
    const extra = [
      { where: 'a page that does not exist', res: await callers.clerk.agent.get('/no-such-page') },
      { where: 'an API path that does not exist', res: await request(ctx.app).get('/api/v1/no-such-thing') },
      { where: 'a stylesheet', res: await request(ctx.app).get('/assets/govuk/govuk-frontend.min.css') },
      { where: 'a refused form', res: await callers.clerk.agent.post(paths.people.new).type('form').send({}) },
    ]

    const results = [...responses, ...extra].map(({ where, res }) => ({
      where,
      status: res.status,
      ...securityHeaders(res),
    }))

    expect(responses.filter(r => r.res.status === 200).length).toBeGreaterThan(60)
    expect([...new Set(responses.map(r => r.res.type))].sort()).toEqual(
      expect.arrayContaining(['application/json', 'application/pdf', 'text/calendar', 'text/csv', 'text/html']),
    )
    expect(results).toEqual(results.map(r => ({ where: r.where, status: r.status, ...EXPECTED_HEADERS })))
  })

  it('when anything that carries case data is answered, on the pages or the API, then it is Cache-Control: no-store', async () => {
    const responses = (await everyGetResponse()).filter(r => r.route.access !== 'public' && r.res.status === 200)

    const results = responses.map(r => ({ where: r.where, cacheControl: r.res.headers['cache-control'] }))

    expect(responses.some(r => isApi(r.route))).toBe(true)
    expect(results).toEqual(results.map(r => ({ ...r, cacheControl: 'no-store' })))
  })
})

/** The features a Permissions-Policy header denies (`feature=()`), by name. */
const deniedBy = (header: unknown) =>
  String(header ?? '')
    .split(',')
    .map(d => /^\s*([a-z-]+)=\(\)\s*$/.exec(d)?.[1])
    .filter(f => f !== undefined)

// On a developer machine without Chromium the browser check is skipped, saying so; in CI it runs.
const hasChromium = fs.existsSync(CHROMIUM_PATH)
if (!hasChromium && !process.env.CI)
  console.warn(`Permissions-Policy browser check skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`)
const withChromium = hasChromium || process.env.CI ? it : it.skip

describe('Permissions-Policy', () => {
  it('ASVS 5.0 14.2.3 (nothing for trackers: browsing-topics, interest-cohort), beside V3.4’s headers (no 5.0 requirement names Permissions-Policy): when every GET route and every other kind of response is answered, then each denies the powerful features the service never uses', async () => {
    const responses = await everyGetResponse()
    const extra = [
      { where: 'a page that does not exist', res: await callers.clerk.agent.get('/no-such-page') },
      { where: 'an API path that does not exist', res: await request(ctx.app).get('/api/v1/no-such-thing') },
      { where: 'a stylesheet', res: await request(ctx.app).get('/assets/govuk/govuk-frontend.min.css') },
      { where: 'a refused form', res: await callers.clerk.agent.post(paths.people.new).type('form').send({}) },
      { where: 'the health check', res: await request(ctx.app).get(paths.health) },
      {
        where: 'malformed JSON on the API',
        res: await request(ctx.app).post('/api/v1/tokens').set('Content-Type', 'application/json').send('{'),
      },
    ]

    const results = [...responses, ...extra].map(({ where, res }) => ({
      where,
      permissionsPolicy: res.headers['permissions-policy'],
    }))

    expect(results.length).toBeGreaterThan(60)
    expect(results).toEqual(results.map(r => ({ where: r.where, permissionsPolicy: PERMISSIONS_POLICY })))
    expect(deniedBy(PERMISSIONS_POLICY)).toEqual(DENIED_FEATURES)
    expect(DENIED_FEATURES).toEqual(
      expect.arrayContaining([
        'accelerometer',
        'camera',
        'geolocation',
        'gyroscope',
        'magnetometer',
        'microphone',
        'payment',
        'usb',
        'interest-cohort',
        'browsing-topics',
      ]),
    )
  })

  withChromium(
    'ASVS 5.0 14.2.3: when Chromium opens a page, then it knows every feature named (no “Unrecognized feature” warning) and allows none of them',
    async () => {
      const server = ctx.app.listen(0, '127.0.0.1')
      await new Promise(resolve => server.once('listening', resolve))
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true })
      try {
        const page = await browser.newPage()
        const warnings: string[] = []
        page.on('console', m => {
          if (/permissions.policy|feature/i.test(m.text())) warnings.push(m.text())
        })
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}${paths.signIn}`)

        const allowed = await page.evaluate(features => {
          const policy = (document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }).featurePolicy
          return features.filter(f => policy.allowsFeature(f))
        }, DENIED_FEATURES)

        expect({ warnings, allowed }).toEqual({ warnings: [], allowed: [] })
      } finally {
        await browser.close()
        await new Promise(resolve => server.close(resolve))
      }
    },
  )
})

describe('the CSP nonce', () => {
  it('when the same page is fetched twice, then each response has its own nonce, and every script on the page carries that response’s nonce', async () => {
    const pages = [paths.signIn, paths.calendar, paths.people.show(a.objects.person)]
    const anonymous = request.agent(ctx.app)

    const results = []
    for (const page of pages) {
      const agent = page === paths.signIn ? anonymous : callers.clerk.agent
      const first = await agent.get(page)
      const second = await agent.get(page)
      // Attribute values are HTML-escaped ('=' as &#x3D;): the browser reads them unescaped.
      const scripts = [...first.text.matchAll(/<script\b[^>]*>/g)].map(m => m[0].replace(/&#x3D;/g, '='))
      results.push({
        page,
        status: first.status,
        differs: nonceOf(first) !== nonceOf(second),
        scripts: scripts.length > 0,
        everyScriptHasThisNonce: scripts.every(s => s.includes(`nonce="${nonceOf(first)}"`)),
        inlineHandlers: /<[^>]+\son[a-z]+=/i.test(first.text),
      })
    }

    expect(results).toEqual(
      pages.map(page => ({
        page,
        status: 200,
        differs: true,
        scripts: true,
        everyScriptHasThisNonce: true,
        inlineHandlers: false,
      })),
    )
  })
})

describe('in production', () => {
  it('when served over HTTPS in production, then every kind of response has HSTS for a year with subdomains, and the CSP upgrades insecure requests', async () => {
    const prod = await createTestContext({ config: { production: true } })
    try {
      const https = (path: string) => request(prod.app).get(path).set('X-Forwarded-Proto', 'https')
      const responses = [
        await https(paths.signIn),
        await https('/no-such-page'),
        await https(paths.health),
        await https('/api/v1/courts'),
        await https('/api/openapi.json'),
        await https('/assets/govuk/govuk-frontend.min.css'),
      ]

      const results = responses.map(res => ({
        hsts: res.headers['strict-transport-security'],
        upgrade: /(^|;)\s*upgrade-insecure-requests(;|$)/.test(String(res.headers['content-security-policy'])),
        nosniff: res.headers['x-content-type-options'],
      }))

      expect(results).toEqual(
        responses.map(() => ({ hsts: 'max-age=31536000; includeSubDomains', upgrade: true, nosniff: 'nosniff' })),
      )
    } finally {
      await prod.close()
    }
  })
})
