import request from 'supertest'
import { createTestContext, csrfFrom, signIn, submitForm, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { codeAt } from '../../../server/services/auth/totp'

// Two-step verification (OWASP ASVS 5.0 6.3.3, 6.5): set up on the pages, signing in with a code or
// a recovery code, an administrator's reset, the API's token exchange, and the production rule that
// every account has it.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

type Agent = ReturnType<typeof request.agent>

const secretOn = (html: string) => /data-qa="mfa-secret">([A-Z2-7 ]+)</.exec(html)?.[1].replace(/ /g, '') ?? ''
const codesOn = (html: string) => [...html.matchAll(/<li><code>([0-9A-Z-]{14})<\/code><\/li>/g)].map(m => m[1])
const now = () => ctx.clock.now().getTime()

/** A signed-in user sets it up on the pages; returns the secret and the recovery codes shown. */
async function setUp(agent: Agent) {
  const page = await agent.get('/account/two-step/set-up')
  const secret = secretOn(page.text)
  const done = await agent
    .post('/account/two-step/set-up')
    .type('form')
    .send({ code: codeAt(secret, now()), _csrf: csrfFrom(page.text) })
  return { page, secret, done, codes: codesOn(done.text) }
}

/** Password, then the code page: the answer to the code. */
async function signInWithCode(email: string, code: string) {
  const agent = request.agent(ctx.app)
  const first = await submitForm(agent, '/sign-in', { email, password: TEST_PASSWORD })
  const codePage = await agent.get('/sign-in/code')
  const res = await agent
    .post('/sign-in/code')
    .type('form')
    .send({ code, _csrf: csrfFrom(codePage.text) })
  return { agent, first, codePage, res }
}

describe('setting up two-step verification', () => {
  it('ASVS 5.0 6.3.3 / 6.5.1: when a user scans the code and enters the app’s code, then it is on, ten recovery codes are shown once, the owner is emailed and the secret is stored sealed', async () => {
    const user = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, user.email)

    const { page, secret, done, codes } = await setUp(agent)
    const account = await agent.get('/account')
    const stored = await ctx.db('app_user').where({ id: user.id }).first()
    const mail = await ctx.db('email_outbox').where({ to_address: user.email, template: 'account-security' })

    expect(page.status).toBe(200)
    // Base64's "=" padding is written as &#x3D; in the attribute, which the browser reads back as "=".
    expect(page.text).toMatch(/<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/]|&#x3D;)+" width="200"/)
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(done.status).toBe(200)
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    expect(account.text).toMatch(/data-qa="mfa-status">[\s\S]*On[\s\S]*10 recovery codes left/)
    expect(stored.mfa_secret).not.toContain(secret)
    expect(stored.mfa_secret).toMatch(/^v1:/)
    const hashes = await ctx.db('mfa_recovery_code').where({ user_id: user.id }).pluck('code_hash')
    expect(hashes.some(h => codes.some(c => h.includes(c.replace(/-/g, ''))))).toBe(false)
    expect(mail.map(m => m.subject)).toContain('Two-step verification is now on')
  })

  it('when the code is wrong or missing, then the set-up page says so in the error summary (400) and the same secret is shown again', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, user.email)
    const page = await agent.get('/account/two-step/set-up')

    const empty = await agent
      .post('/account/two-step/set-up')
      .type('form')
      .send({ code: '', _csrf: csrfFrom(page.text) })
    const wrong = await agent
      .post('/account/two-step/set-up')
      .type('form')
      .send({ code: '000000', _csrf: csrfFrom(page.text) })

    expect(empty.status).toBe(400)
    expect(empty.text).toContain('Enter the 6-digit code from your authenticator app')
    expect(wrong.status).toBe(400)
    expect(wrong.text).toContain('href="#code"')
    expect(wrong.text).toContain('The code is not right')
    expect(secretOn(wrong.text)).toBe(secretOn(page.text))
    expect((await ctx.db('app_user').where({ id: user.id }).first()).mfa_enabled_at).toBeNull()
  })
})

describe('signing in with two-step verification', () => {
  it('ASVS 5.0 6.3.3: when the password is right, then a code is asked for before anything else; the app’s code signs in and cannot be used twice', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const { secret } = await setUp(await signIn(ctx.app, user.email))
    ctx.clock.advance({ seconds: 30 })
    const code = codeAt(secret, now())

    const { first, codePage, res, agent } = await signInWithCode(user.email, code)
    const home = await agent.get('/calendar')
    const replay = await signInWithCode(user.email, code)

    expect(first.headers.location).toBe('/sign-in/code')
    expect(codePage.text).toContain('Enter your code')
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/calendar')
    expect(home.status).toBe(200)
    expect(replay.res.status).toBe(401)
    expect(replay.res.text).toContain('Enter the code shown in your authenticator app now')
  })

  it('when the code step is skipped, then no page opens: the user is not signed in until the code is right', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    await setUp(await signIn(ctx.app, user.email))
    const agent = request.agent(ctx.app)
    await submitForm(agent, '/sign-in', { email: user.email, password: TEST_PASSWORD })

    const calendar = await agent.get('/calendar')

    expect(calendar.status).toBe(302)
    expect(calendar.headers.location).toBe('/sign-in')
  })

  it('ASVS 5.0 6.5.1: when a recovery code is used, then it signs in once, the owner is emailed, and the same code is refused afterwards', async () => {
    const user = await makeUser(ctx.services, 'provider')
    const { codes } = await setUp(await signIn(ctx.app, user.email))

    const used = await signInWithCode(user.email, codes[3].toLowerCase())
    const again = await signInWithCode(user.email, codes[3])
    const mail = await ctx.db('email_outbox').where({ to_address: user.email }).pluck('subject')

    expect(used.res.headers.location).toBe('/clients')
    expect(again.res.status).toBe(401)
    expect(mail).toContain('A recovery code was used to sign in')
    expect(await ctx.services.mfa.status((await ctx.services.auth.currentUser(user.id))!)).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 9,
    })
  })

  it('ASVS 5.0 6.3.1: when wrong codes are guessed, then they are slowed down like passwords (429 after 5)', async () => {
    const user = await makeUser(ctx.services, 'sentencer')
    await setUp(await signIn(ctx.app, user.email))
    const agent = request.agent(ctx.app)
    await submitForm(agent, '/sign-in', { email: user.email, password: TEST_PASSWORD })
    const page = await agent.get('/sign-in/code')
    const statuses = []
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await agent
            .post('/sign-in/code')
            .type('form')
            .send({ code: `12345${i}`, _csrf: csrfFrom(page.text) })
        ).status,
      )
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
  })

  it('when the code is not given within 5 minutes, then the sign-in starts again', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const { secret } = await setUp(await signIn(ctx.app, user.email))
    const agent = request.agent(ctx.app)
    await submitForm(agent, '/sign-in', { email: user.email, password: TEST_PASSWORD })
    const page = await agent.get('/sign-in/code')
    ctx.clock.advance({ minutes: 6 })

    const res = await agent
      .post('/sign-in/code')
      .type('form')
      .send({ code: codeAt(secret, now()), _csrf: csrfFrom(page.text) })

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/sign-in?restart=1')
  })
})

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
