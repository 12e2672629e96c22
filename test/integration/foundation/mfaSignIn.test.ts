import request from 'supertest'
import { createTestContext, csrfFrom, signIn, submitForm, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { codeAt } from '../../../server/services/auth/totp'
import { mfaHelpers, secretOn } from './mfaSupport'

// Two-step verification (OWASP ASVS 5.0 6.3.3, 6.5): set up on the pages, and signing in with a code
// or a recovery code. Managing it, the API and the production rule are in mfaManagement.test.ts.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const { now, setUp, signInWithCode } = mfaHelpers(() => ctx)

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
