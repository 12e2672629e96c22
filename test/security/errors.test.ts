import request from 'supertest'
import type { Role } from '../../server/roles'
import { paths } from '../../server/paths'
import { createTestContext, csrfFrom, type TestContext } from '../support/testApp'
import { SMALL_PDF, type Side } from './securityObjects'
import { makeSecurityWorld } from './securityWorld'
import { STACK_TRACE, callerFor, fill, isApi, where, type Caller } from './securitySupport'

// No stack trace anywhere: requests that go wrong in every way a sender can make them go wrong,
// on both doors, answer with the service's own error page or an RFC 9457 problem, and a 4xx
// status for the sender's mistakes (a 500 is logged as the service's fault).

let ctx: TestContext
let a: Side
let clerk: Caller

beforeAll(async () => {
  ctx = await createTestContext()
  ;({ a } = await makeSecurityWorld(ctx))
  clerk = await callerFor(ctx.app, 'clerk', a.users.clerk.email)
})

afterAll(async () => {
  await ctx.close()
})

interface Seen {
  what: string
  status: number
  type: string
  stack: boolean
}

const seen = (what: string, res: request.Response): Seen => ({
  what,
  status: res.status,
  type: res.type,
  stack: STACK_TRACE.test(res.text),
})

const TWO_MB = 'x'.repeat(2 * 1024 * 1024)

describe('on the pages', () => {
  it('when a signed-in browser sends what no form sends, then each is a 4xx on the service’s error page, never a stack trace', async () => {
    const { agent, csrf } = clerk
    const form = paths.people.new
    const psr = `/orders/${a.objects.order}/psr`
    const cases: [string, number, () => request.Test][] = [
      ['an id that is not percent-encoded properly', 400, () => agent.get('/people/%E0%A4%A')],
      ['an id that is SQL', 404, () => agent.get("/people/' OR 1=1--")],
      ['a path that does not exist', 404, () => agent.get('/no/such/page')],
      ['a 2 MB form', 413, () => agent.post(form).type('form').send({ _csrf: csrf, name: TWO_MB })],
      [
        'a form nested 50 deep',
        400,
        () =>
          agent
            .post(form)
            .type('form')
            .send(`_csrf=${csrf}&a${'[a]'.repeat(50)}=1`),
      ],
      [
        'a form of 2,000 fields',
        413,
        () =>
          agent
            .post(form)
            .type('form')
            .send([`_csrf=${csrf}`, ...Array.from({ length: 2000 }, (_, i) => `f${i}=1`)].join('&')),
      ],
      [
        'a gzip form that is not gzip',
        400,
        () => agent.post(form).type('form').set('Content-Encoding', 'gzip').send('a=1'),
      ],
      [
        'a form in an unknown charset',
        415,
        () => agent.post(form).set('Content-Type', 'application/x-www-form-urlencoded; charset=klingon').send('a=1'),
      ],
      [
        'a multipart body cut off before its end',
        400,
        () =>
          agent
            .post(psr)
            .set('Content-Type', 'multipart/form-data; boundary=XYZ')
            .send(`--XYZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}`),
      ],
      [
        'a multipart body with no boundary',
        400,
        () => agent.post(psr).set('Content-Type', 'multipart/form-data').send('not multipart at all'),
      ],
      [
        'a multipart body with a broken part header',
        400,
        () =>
          agent
            .post(psr)
            .set('Content-Type', 'multipart/form-data; boundary=XYZ')
            .send('--XYZ\r\nContent-Disposition form-data name\r\n\r\nvalue\r\n--XYZ--\r\n'),
      ],
      [
        'two files where one is taken',
        400,
        () =>
          agent.post(psr).field('_csrf', csrf).attach('file', SMALL_PDF, 'a.pdf').attach('file', SMALL_PDF, 'b.pdf'),
      ],
      [
        'a file in a field the form does not have',
        400,
        () => agent.post(psr).field('_csrf', csrf).attach('other', SMALL_PDF, 'a.pdf'),
      ],
    ]

    const results = []
    for (const [what, , send] of cases) results.push(seen(what, await send()))

    expect(results).toEqual(cases.map(([what, status]) => ({ what, status, type: 'text/html', stack: false })))
  })

  it('when every field of every form is sent as a list or an object, then no form fails with a 500 or a stack trace', async () => {
    const forms = ctx.routeTable.filter(r => !isApi(r) && r.method === 'POST' && Array.isArray(r.access))
    const callers = new Map<Role, Caller>()

    const results = []
    for (const route of forms) {
      const role = (route.access as readonly Role[])[0]
      if (!callers.has(role)) callers.set(role, await callerFor(ctx.app, role, a.users[role].email))
      const { agent } = callers.get(role)!
      const path = fill(route, a.objects)
      // The page of the same address holds the form's fields; a form without one (a button) is sent with its usual names.
      const page = await agent.get(path)
      const names = page.status === 200 ? [...new Set([...page.text.matchAll(/name="([^"]+)"/g)].map(m => m[1]))] : []
      const csrf = page.status === 200 ? csrfFrom(page.text) : callers.get(role)!.csrf
      const fields = names.filter(n => n !== '_csrf' && n !== '_formId')
      const body = [
        `_csrf=${encodeURIComponent(csrf)}`,
        ...['reason', 'version', 'confirm', ...fields].flatMap(n => {
          const name = encodeURIComponent(n)
          return [`${name}[]=a`, `${name}[]=b`, `${name}[x]=c`]
        }),
      ].join('&')
      const res = await agent.post(path).type('form').send(body)
      results.push({ where: where(route), fields: fields.length, ...seen('lists', res) })
    }

    expect(forms.length).toBeGreaterThan(30)
    expect(results.filter(r => r.status >= 500 || r.stack)).toEqual([])
  })
})

describe('on the API', () => {
  it('when a caller sends what the API does not take, then each is a 4xx problem+json, never a stack trace', async () => {
    const api = (method: 'get' | 'post', path: string) =>
      request(ctx.app)[method](path).set('Authorization', `Bearer ${clerk.token}`)
    const cases: [string, number, () => request.Test][] = [
      ['an id that is not percent-encoded properly', 400, () => api('get', '/api/v1/people/%E0%A4%A')],
      ['a path that does not exist', 404, () => api('get', '/api/v1/no/such/thing')],
      [
        'a token that is nonsense',
        401,
        () =>
          request(ctx.app)
            .get('/api/v1/courts')
            .set('Authorization', `Bearer ${'x'.repeat(5000)}`),
      ],
      ['a 2 MB body', 413, () => api('post', '/api/v1/people').send({ name: TWO_MB })],
      [
        'JSON nested 100,000 deep',
        400,
        () =>
          api('post', '/api/v1/people')
            .type('json')
            .send(`${'['.repeat(1e5)}${']'.repeat(1e5)}`),
      ],
      ['JSON that is a list', 400, () => api('post', '/api/v1/people').send([1, 2])],
      ['JSON that is null', 400, () => api('post', '/api/v1/people').type('json').send('null')],
      ['a body that is not JSON', 400, () => api('post', '/api/v1/people').type('text/plain').send('hello')],
      [
        'gzip that is not gzip',
        400,
        () => api('post', '/api/v1/people').type('json').set('Content-Encoding', 'gzip').send('{}'),
      ],
      [
        'JSON in an unknown charset',
        415,
        () => api('post', '/api/v1/people').set('Content-Type', 'application/json; charset=klingon').send('{}'),
      ],
      [
        'fields of the wrong types',
        400,
        () =>
          request(ctx.app)
            .post('/api/v1/tokens')
            .send({ email: ['a'], password: { x: 1 } }),
      ],
    ]

    const results = []
    for (const [what, , send] of cases) results.push(seen(what, await send()))

    expect(results).toEqual(
      cases.map(([what, status]) => ({ what, status, type: 'application/problem+json', stack: false })),
    )
  })

  it('when every API route that takes a body is sent malformed JSON, then each answers 400 problem+json naming the body', async () => {
    const routes = ctx.routeTable.filter(r => isApi(r) && r.method !== 'GET')
    const tokens = new Map<Role | 'public', string>()

    const results = []
    for (const route of routes) {
      const role = route.access === 'public' ? 'public' : route.access === 'signed-in' ? 'clerk' : route.access[0]
      if (!tokens.has(role))
        tokens.set(role, role === 'public' ? '' : (await callerFor(ctx.app, role, a.users[role].email)).token)
      const res = await request(ctx.app)
        [route.method.toLowerCase() as 'post' | 'put'](fill(route, a.objects))
        .set('Authorization', `Bearer ${tokens.get(role)}`)
        .type('json')
        .send('{"name": "half a document",')
      results.push({ where: where(route), ...seen('malformed JSON', res), field: res.body?.errors?.[0]?.field })
    }

    expect(routes.length).toBeGreaterThan(10)
    expect(results).toEqual(
      results.map(r => ({ ...r, status: 400, type: 'application/problem+json', stack: false, field: 'body' })),
    )
  })
})

describe('when the service itself fails', () => {
  it('when the database fails in the middle of a request, then the page and the API say so with a 500 and no stack trace or SQL', async () => {
    await ctx.db.schema.renameTable('person', 'person_moved_away')
    let page: request.Response
    let problem: request.Response
    try {
      page = await clerk.agent.get(paths.people.show(a.objects.person))
      problem = await request(ctx.app)
        .get(`/api/v1/people/${a.objects.person}`)
        .set('Authorization', `Bearer ${clerk.token}`)
    } finally {
      await ctx.db.schema.renameTable('person_moved_away', 'person')
    }

    expect(seen('page', page)).toEqual({ what: 'page', status: 500, type: 'text/html', stack: false })
    expect(seen('api', problem)).toEqual({ what: 'api', status: 500, type: 'application/problem+json', stack: false })
    expect(page.text + problem.text).not.toMatch(/person_moved_away|no such table|does not exist/i)
  })
})

describe('in production', () => {
  it('when a stranger sends malformed requests to a production server, then the answers are the same 4xx pages and problems without a stack trace', async () => {
    const prod = await createTestContext({ config: { production: true } })
    try {
      const https = (req: request.Test) => req.set('X-Forwarded-Proto', 'https')
      const results = [
        seen('bad percent-encoding', await https(request(prod.app).get('/people/%E0%A4%A'))),
        seen(
          'a 2 MB sign-in form',
          await https(request(prod.app).post(paths.signIn).type('form').send({ email: TWO_MB })),
        ),
        seen('malformed JSON', await https(request(prod.app).post('/api/v1/tokens').type('json').send('{"email":'))),
        seen('an unknown API path', await https(request(prod.app).get('/api/v1/nothing'))),
      ]

      expect(results).toEqual([
        { what: 'bad percent-encoding', status: 400, type: 'text/html', stack: false },
        { what: 'a 2 MB sign-in form', status: 413, type: 'text/html', stack: false },
        { what: 'malformed JSON', status: 400, type: 'application/problem+json', stack: false },
        { what: 'an unknown API path', status: 404, type: 'application/problem+json', stack: false },
      ])
    } finally {
      await prod.close()
    }
  })
})
