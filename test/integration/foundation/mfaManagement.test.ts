import request from 'supertest'
import { createTestContext, csrfFrom, signIn, submitForm, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { codeAt } from '../../../server/services/auth/totp'
import { codesOn, mfaHelpers, secretOn } from './mfaSupport'

// Two-step verification (OWASP ASVS 5.0 6.3.3, 6.5) once it is on: new recovery codes, turning it
// off, an administrator's reset, the API's token exchange, and the production rule that every
// account has it.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const { now, setUp, signInWithCode } = mfaHelpers(() => ctx)

describe('managing it', () => {
  it('when new recovery codes are made with a code from the app, then the old ones stop working', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, user.email)
    const { secret, codes } = await setUp(agent)
    ctx.clock.advance({ seconds: 30 })

    const page = await agent.get('/account/two-step')
    const res = await agent
      .post('/account/two-step/recovery-codes')
      .type('form')
      .send({ code: codeAt(secret, now()), _csrf: csrfFrom(page.text) })
    const fresh = codesOn(res.text)
    const old = await signInWithCode(user.email, codes[0])
    const renewed = await signInWithCode(user.email, fresh[0])

    expect(fresh).toHaveLength(10)
    expect(old.res.status).toBe(401)
    expect(renewed.res.headers.location).toBe('/calendar')
  })

  it('when the user turns it off with a code, then signing in needs only the password again', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, user.email)
    const { secret } = await setUp(agent)
    ctx.clock.advance({ seconds: 30 })

    const page = await agent.get('/account/two-step')
    const wrong = await agent
      .post('/account/two-step/turn-off')
      .type('form')
      .send({ offCode: '999999', _csrf: csrfFrom(page.text) })
    const off = await agent
      .post('/account/two-step/turn-off')
      .type('form')
      .send({ offCode: codeAt(secret, now()), _csrf: csrfFrom(page.text) })
    const again = await submitForm(request.agent(ctx.app), '/sign-in', { email: user.email, password: TEST_PASSWORD })

    expect(wrong.status).toBe(400)
    expect(wrong.text).toContain('href="#offCode"')
    expect(off.headers.location).toBe('/account')
    expect(again.headers.location).toBe('/calendar')
  })

  it('when an administrator resets it (a lost phone), then it is off, every session and token of the user ends, and the user is emailed', async () => {
    const user = await makeUser(ctx.services, 'probation')
    const userAgent = await signIn(ctx.app, user.email)
    const { secret } = await setUp(userAgent)
    ctx.clock.advance({ seconds: 30 })
    const token = await request(ctx.app)
      .post('/api/v1/tokens')
      .send({ email: user.email, password: TEST_PASSWORD, otp: codeAt(secret, now()) })
    const admin = await signIn(ctx.app, (await makeUser(ctx.services, 'admin')).email)

    const adminPage = await admin.get(`/admin/users/${user.id}`)
    const res = await admin
      .post(`/admin/users/${user.id}/reset-two-step`)
      .type('form')
      .send({ _csrf: csrfFrom(adminPage.text) })
    const after = await admin.get(`/admin/users/${user.id}`)
    const oldSession = await userAgent.get('/caseload')
    const oldToken = await request(ctx.app).get('/api/v1/courts').set('Authorization', `Bearer ${token.body.token}`)
    const mail = await ctx.db('email_outbox').where({ to_address: user.email }).pluck('subject')
    const audit = await ctx.db('audit_event').where({ action: 'reset_mfa', subject_id: user.id })

    expect(adminPage.text).toMatch(/data-qa="user-mfa">On/)
    expect(res.headers.location).toBe(`/admin/users/${user.id}`)
    expect(after.text).toMatch(/data-qa="user-mfa">Not set up/)
    expect(after.text).toContain('Two-step verification reset')
    expect(oldSession.status).toBe(302)
    expect(oldToken.status).toBe(401)
    expect(mail).toContain('Your two-step verification was reset by an administrator')
    expect(audit).toHaveLength(1)
  })
})

describe('the API’s token exchange', () => {
  it('ASVS 5.0 6.3.3: when the user has two-step verification, then a token needs otp: missing or wrong is 401 with a clear problem, right is 201', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const { secret } = await setUp(await signIn(ctx.app, user.email))
    ctx.clock.advance({ seconds: 30 })

    const missing = await request(ctx.app).post('/api/v1/tokens').send({ email: user.email, password: TEST_PASSWORD })
    const wrong = await request(ctx.app)
      .post('/api/v1/tokens')
      .send({ email: user.email, password: TEST_PASSWORD, otp: '000000' })
    const right = await request(ctx.app)
      .post('/api/v1/tokens')
      .send({ email: user.email, password: TEST_PASSWORD, otp: codeAt(secret, now()) })

    expect(missing.status).toBe(401)
    expect(missing.type).toBe('application/problem+json')
    expect(missing.body.detail).toContain('two-step verification')
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'otp' })])
    expect(wrong.status).toBe(401)
    expect(right.status).toBe(201)
    expect(right.body.token).toMatch(/^[A-Za-z0-9_-]{20,}$/)
  })
})

describe('where every account must have it (MFA_REQUIRED, the production default)', () => {
  it('when a user without it signs in, then every page leads to setting it up, and the API refuses a token until they have', async () => {
    const strict = await createTestContext({ config: { mfaRequired: true } })
    try {
      const user = await makeUser(strict.services, 'clerk')
      const agent = request.agent(strict.app)
      const signedIn = await submitForm(agent, '/sign-in', { email: user.email, password: TEST_PASSWORD })
      const elsewhere = await agent.get('/calendar')
      // The footer's pages (no case data) stay readable before it is set up.
      for (const footer of ['/accessibility-statement', '/privacy-notice', '/cookies'])
        expect((await agent.get(footer)).status).toBe(200)
      const setUpPage = await agent.get('/account/two-step/set-up')
      const token = await request(strict.app)
        .post('/api/v1/tokens')
        .send({ email: user.email, password: TEST_PASSWORD })

      expect(signedIn.headers.location).toBe('/account/two-step/set-up')
      expect(elsewhere.status).toBe(303)
      expect(elsewhere.headers.location).toBe('/account/two-step/set-up')
      expect(setUpPage.text).toContain('Every account on this service needs two-step verification')
      expect(setUpPage.text).not.toContain('Not now')
      expect(token.status).toBe(403)
      expect(token.body.detail).toContain('Set up two-step verification')

      const secret = secretOn(setUpPage.text)
      const done = await agent
        .post('/account/two-step/set-up')
        .type('form')
        .send({ code: codeAt(secret, strict.clock.now().getTime()), _csrf: csrfFrom(setUpPage.text) })
      const calendar = await agent.get('/calendar')
      expect(codesOn(done.text)).toHaveLength(10)
      expect(calendar.status).toBe(200)
    } finally {
      await strict.close()
    }
  })
})
