import request from 'supertest'
import { apiToken, createTestContext, signIn, submitForm, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

/** RFC 9457: every API error says what kind of problem it is, in a shape a client can rely on. */
function expectProblem(res: request.Response, status: number) {
  expect(res.status).toBe(status)
  expect(res.type).toBe('application/problem+json')
  const body = JSON.parse(res.text)
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    }),
  )
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/)
  return body as { type: string; title: string; status: number; detail: string; errors?: { field: string }[] }
}

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map(e => e.field).sort()

describe('POST /api/v1/tokens', () => {
  it('when the email and password are right, then it answers 201 with a token and when it expires', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const twelveHoursOn = new Date(ctx.clock.now().getTime() + 12 * 60 * 60 * 1000).toISOString()

    const res = await request(ctx.app).post('/api/v1/tokens').send({ email: user.email, password: TEST_PASSWORD })

    expect(res.status).toBe(201)
    expect(res.body).toEqual({ token: expect.any(String), expiresAt: twelveHoursOn })
    const courts = await request(ctx.app).get('/api/v1/courts').set(bearer(res.body.token))
    expect(courts.status).toBe(200)
  })

  it('when the password is wrong, then it answers 401 problem+json with the sign-in message', async () => {
    const user = await makeUser(ctx.services, 'clerk')

    const res = await request(ctx.app).post('/api/v1/tokens').send({ email: user.email, password: 'Wrong-Password-1' })

    const problem = expectProblem(res, 401)
    expect(problem.detail).toBe('Enter a correct email address and password')
    expect(res.text).not.toContain('Wrong-Password-1')
  })

  it('when an account fails 10 times, then the API refuses even the right password with 429, like the sign-in page', async () => {
    const user = await makeUser(ctx.services, 'provider')
    for (let i = 0; i < 10; i++)
      await request(ctx.app)
        .post('/api/v1/tokens')
        .send({ email: user.email, password: `Wrong-Password-${i}` })

    const res = await request(ctx.app).post('/api/v1/tokens').send({ email: user.email, password: TEST_PASSWORD })

    expect(expectProblem(res, 429).detail).toContain('too many times')
  })
  it('when the user still has a temporary password, then no token is issued until they choose their own on the website', async () => {
    const user = await makeUser(ctx.services, 'probation')
    await ctx.db('app_user').where({ id: user.id }).update({ must_change_password: true })

    const res = await request(ctx.app).post('/api/v1/tokens').send({ email: user.email, password: TEST_PASSWORD })

    expect(expectProblem(res, 403).detail).toMatch(/choose a new password/i)
    expect(await ctx.db('api_token').where({ user_id: user.id }).first()).toBeUndefined()
  })
})

describe('bearer tokens', () => {
  it('when no token is sent, then the API answers 401 problem+json', async () => {
    const res = await request(ctx.app).get('/api/v1/courts')

    expectProblem(res, 401)
  })

  it('when a token is 12 hours old, then it no longer works', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, user.email)

    ctx.clock.advance({ hours: 11, minutes: 59 })
    const before = await request(ctx.app).get('/api/v1/courts').set(bearer(token))
    ctx.clock.advance({ minutes: 1 })
    const after = await request(ctx.app).get('/api/v1/courts').set(bearer(token))

    expect(before.status).toBe(200)
    expectProblem(after, 401)
  })

  it('when an admin revokes a user’s tokens from the user page, then the token stops working', async () => {
    const user = await makeUser(ctx.services, 'probation')
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, user.email)
    const adminAgent = await signIn(ctx.app, admin.email)

    const revoked = await submitForm(adminAgent, `/admin/users/${user.id}`, {}, `/admin/users/${user.id}/revoke-tokens`)
    const page = await adminAgent.get(`/admin/users/${user.id}`)
    const res = await request(ctx.app).get('/api/v1/courts').set(bearer(token))

    expect(revoked.status).toBe(303)
    expect(page.text).toContain('1 API token revoked.')
    expect(page.text).toContain('Revoked')
    expectProblem(res, 401)
  })

  it('when a signed-in browser calls the API with its session cookie but no token, then it gets 401', async () => {
    const user = await makeUser(ctx.services, 'admin')
    const agent = await signIn(ctx.app, user.email)
    expect((await agent.get('/admin/users')).status).toBe(200)

    const res = await agent.get('/api/v1/courts')

    expectProblem(res, 401)
  })
})

describe('courts', () => {
  it('when an admin posts a court, then it answers 201 with the court and it is listed', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, admin.email)

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Birmingham Magistrates’ Court', code: 'BHM01', reportDueWorkingDays: 3 })
    const list = await request(ctx.app).get('/api/v1/courts').set(bearer(token))

    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Birmingham Magistrates’ Court',
      code: 'BHM01',
      // Who decides reviews without a hearing: a single justice, unless it is the Crown Court.
      kind: 'magistrates',
      reportDueWorkingDays: 3,
    })
    expect(list.body).toContainEqual(res.body)
    const crown = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Birmingham Crown Court', code: 'BHC01', kind: 'crown', reportDueWorkingDays: 3 })
    expect(crown.body.kind).toBe('crown')
    const bad = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Nowhere', code: 'NOW01', kind: 'county', reportDueWorkingDays: 3 })
    expect(fieldsOf(expectProblem(bad, 400))).toEqual(['kind'])
  })

  it('when a clerk posts a court, then it is refused with 403 and nothing is added', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, clerk.email)

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Clerk Court', code: 'CLK01', reportDueWorkingDays: 2 })

    expectProblem(res, 403)
    expect(await ctx.db('court').where({ code: 'CLK01' }).first()).toBeUndefined()
  })

  it('when the body is wrong in every field, then it answers 400 naming name, code and reportDueWorkingDays', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, admin.email)

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: '', code: 'not a code', reportDueWorkingDays: 'two' })

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['code', 'name', 'reportDueWorkingDays'])
  })

  it('when the code is already used, then it answers 400 naming code', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, admin.email)
    const existing = await makeCourt(ctx.services, { code: 'DUP01' })

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Another court', code: existing.code, reportDueWorkingDays: 2 })

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['code'])
  })

  it('when the body is not valid JSON, then it answers 400 problem+json', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, admin.email)

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .set('Content-Type', 'application/json')
      .send('{"name": "Unfinished')

    expect(expectProblem(res, 400).detail).toMatch(/not valid JSON/)
  })
})

describe('users and organisations', () => {
  it('when a clerk lists users by role, then only that role comes back and never a password hash', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const officers = [await makeUser(ctx.services, 'probation'), await makeUser(ctx.services, 'probation')]
    const provider = await makeUser(ctx.services, 'provider')
    const token = await apiToken(ctx.app, clerk.email)

    const res = await request(ctx.app).get('/api/v1/users?role=probation').set(bearer(token))

    expect(res.status).toBe(200)
    const ids = res.body.map((u: { id: string }) => u.id)
    expect(ids).toEqual(expect.arrayContaining(officers.map(o => o.id)))
    expect(ids).not.toContain(provider.id)
    expect(ids).not.toContain(clerk.id)
    expect(new Set(res.body.map((u: { role: string }) => u.role))).toEqual(new Set(['probation']))
    expect(Object.keys(res.body[0]).sort()).toEqual(['courtIds', 'email', 'id', 'name', 'organisationId', 'role'])
    expect(res.text.toLowerCase()).not.toContain('scrypt')
    expect(res.text.toLowerCase()).not.toContain('password')
  })

  it('when the role is not a role, then it answers 400 naming role', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, clerk.email)

    const res = await request(ctx.app).get('/api/v1/users?role=nonsense').set(bearer(token))

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['role'])
  })

  it('when anyone lists organisations by kind, then only that kind comes back', async () => {
    const provider = await makeUser(ctx.services, 'provider')
    const treatment = await makeOrganisation(ctx.services, 'provider')
    const probation = await makeOrganisation(ctx.services, 'probation')
    const token = await apiToken(ctx.app, provider.email)

    const res = await request(ctx.app).get('/api/v1/organisations?kind=provider').set(bearer(token))

    expect(res.status).toBe(200)
    expect(res.body).toContainEqual({ id: treatment.id, name: treatment.name, kind: 'provider' })
    expect(res.body.map((o: { id: string }) => o.id)).not.toContain(probation.id)
    expect(new Set(res.body.map((o: { kind: string }) => o.kind))).toEqual(new Set(['provider']))
  })
})

describe('the OpenAPI document', () => {
  it('when fetched, then it is OpenAPI 3.1 and describes every /api/v1 route the app declares', async () => {
    const res = await request(ctx.app).get('/api/openapi.json')

    expect(res.status).toBe(200)
    expect(res.body.openapi).toMatch(/^3\.1\./)
    const declared = ctx.routeTable.filter(r => r.path.startsWith('/api/v1/'))
    expect(declared.length).toBeGreaterThanOrEqual(5)
    const missing = declared
      .map(r => ({ path: r.path.replace(/:([A-Za-z]+)/g, '{$1}'), method: r.method.toLowerCase() }))
      .filter(r => !res.body.paths?.[r.path]?.[r.method])
    expect(missing).toEqual([])
  })

  it('when fetched, then the court body schema comes from the rules that validate it', async () => {
    const res = await request(ctx.app).get('/api/openapi.json')

    const schema = res.body.paths['/api/v1/courts'].post.requestBody.content['application/json'].schema
    expect(Object.keys(schema.properties).sort()).toEqual(['code', 'kind', 'name', 'reportDueWorkingDays'])
    expect(schema.required.sort()).toEqual(['code', 'name', 'reportDueWorkingDays'])
  })
})

describe('unknown API paths', () => {
  it('when a path under /api/v1 does not exist, then it answers 404 problem+json', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, user.email)

    const res = await request(ctx.app).get('/api/v1/no-such-thing').set(bearer(token))

    expectProblem(res, 404)
  })
})

describe('the Authorization header’s scheme', () => {
  const swapCase = (s: string) => [...s].map(c => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')

  it('RFC 9110 §11.1, ASVS 5.0 8.2.1: when the scheme is written bearer, BEARER or bEaReR, then the token works as with Bearer', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, user.email)

    const statuses = []
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR'])
      statuses.push({
        scheme,
        status: (await request(ctx.app).get('/api/v1/courts').set('Authorization', `${scheme} ${token}`)).status,
      })

    expect(statuses).toEqual(['Bearer', 'bearer', 'BEARER', 'bEaReR'].map(scheme => ({ scheme, status: 200 })))
  })

  it('ASVS 5.0 8.2.1, 2.2.1: when the header is malformed, another scheme, or the token in another case, then the API answers 401 problem+json', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, user.email)
    expect(swapCase(token)).not.toBe(token)
    const headers = [
      'Bearer',
      'bearer ',
      `Bearer${token}`,
      `bearer ${token} extra`,
      `Bearer ${token}=`,
      `Bearer "${token}"`,
      `Bearer ${token.slice(0, 19)}`,
      `Bearer ${swapCase(token)}`,
      `Basic ${Buffer.from(`${user.email}:${TEST_PASSWORD}`).toString('base64')}`,
      `Token ${token}`,
      `xBearer ${token}`,
      token,
    ]

    const answers = []
    for (const header of headers) {
      const res = await request(ctx.app).get('/api/v1/courts').set('Authorization', header)
      answers.push({ header, status: res.status, type: res.type, detail: typeof JSON.parse(res.text).detail })
    }

    expect(answers).toEqual(
      headers.map(header => ({ header, status: 401, type: 'application/problem+json', detail: 'string' })),
    )
    expectProblem(
      await request(ctx.app)
        .get('/api/v1/courts')
        .set('Authorization', `bearer ${swapCase(token)}`),
      401,
    )
  })
})
