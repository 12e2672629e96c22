import request from 'supertest'
import { apiToken, createTestContext, signIn, submitForm, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { bearer, expectProblem } from './apiSupport'

// Getting into the API: exchanging a password for a token, what a bearer token is good for and for how
// long, and how the Authorization header must be written.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

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
