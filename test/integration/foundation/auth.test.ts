import request from 'supertest'
import type { Role } from '../../../server/roles'
import { createTestContext, csrfFrom, signIn, submitForm, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { queriesDuring } from '../../support/queries'

const SIGN_IN_FAILED = 'Enter a correct email address and password'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

/** The text of the GOV.UK error summary on a page, or '' when there is none. */
function errorSummary(html: string): string {
  const m = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)
  return m ? m[0] : ''
}

/** The inline error message in the form group of the field called `name`. */
function inlineError(html: string, name: string): string | undefined {
  const group = html.split('<div class="govuk-form-group').find(chunk => chunk.includes(`name="${name}"`))
  const m =
    group && /class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span>([^<]*)</.exec(group)
  return m ? m[1].trim() : undefined
}

function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown
  return Array.isArray(header) ? header : typeof header === 'string' ? [header] : []
}

/** The session id inside express-session's signed cookie value ("s:<sid>.<signature>"). */
function sessionIdFrom(res: request.Response, name = 'session'): string | undefined {
  const cookie = setCookies(res).find(c => c.startsWith(`${name}=`))
  if (!cookie) return undefined
  const value = decodeURIComponent(cookie.slice(name.length + 1).split(';')[0])
  return value.slice(2, value.lastIndexOf('.'))
}

async function postSignIn(agent: ReturnType<typeof request.agent>, email: string, password: string) {
  return submitForm(agent, '/sign-in', { email, password })
}

describe('signing in', () => {
  it.each<[Role, string]>([
    ['clerk', '/calendar'],
    ['probation', '/caseload'],
    ['provider', '/clients'],
    ['sentencer', '/my-sittings'],
    ['admin', '/admin/users'],
  ])('when the %s user signs in with the right password, then they land on %s', async (role, home) => {
    const user = await makeUser(ctx.services, role)
    const agent = request.agent(ctx.app)

    const res = await postSignIn(agent, user.email, TEST_PASSWORD)
    const page = await agent.get(res.headers.location)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(home)
    expect(page.status).toBe(200)
    expect(page.text).toContain(user.name)
  })

  it('when the email is unknown or the password wrong, then both get the same message and the typed email is kept', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const unknownAgent = request.agent(ctx.app)
    const wrongAgent = request.agent(ctx.app)

    // Shown on the spot (401), not kept in a session: a visitor who has not signed in stores nothing.
    const unknownPage = await postSignIn(unknownAgent, 'nobody-here@example.test', 'Some-Password-123')
    const wrongPage = await postSignIn(wrongAgent, user.email, 'Wrong-Password-123')

    expect(unknownPage.status).toBe(401)
    expect(wrongPage.status).toBe(401)
    expect(errorSummary(unknownPage.text)).toContain(SIGN_IN_FAILED)
    expect(errorSummary(wrongPage.text)).toContain(SIGN_IN_FAILED)
    expect(errorSummary(unknownPage.text)).toBe(errorSummary(wrongPage.text))
    expect(unknownPage.text).toContain('value="nobody-here@example.test"')
    expect(wrongPage.text).toContain(`value="${user.email}"`)
    expect(wrongPage.text).not.toContain('Wrong-Password-123')
    expect(unknownPage.text).not.toContain('Some-Password-123')
    expect(errorSummary(wrongPage.text)).toContain('href="#email"')
    expect(wrongPage.text).toMatch(/<input [^>]*id="email" name="email"/)
    const passwordInput = /<input [^>]*name="password"[^>]*>/.exec(wrongPage.text)?.[0]
    expect(passwordInput).toMatch(/type="password"/)
    expect(passwordInput).not.toMatch(/value=/)
  })

  it('ASVS 5.0 6.3.1: when one address fails 5 times for an account, then the next attempt waits 15 seconds (429, Retry-After), each further failure doubles the wait, and the right password works once it has passed', async () => {
    const user = await makeUser(ctx.services, 'probation')
    const agent = request.agent(ctx.app)
    const page = await agent.get('/sign-in')
    const _csrf = csrfFrom(page.text)
    const attempt = (password: string) =>
      agent.post('/sign-in').type('form').send({ email: user.email, password, _csrf })
    for (let i = 0; i < 5; i++) expect((await attempt(`Wrong-Password-${i}`)).status).toBe(401)

    const refused = await attempt(TEST_PASSWORD)
    ctx.clock.advance({ seconds: 15 })
    const sixth = await attempt('Wrong-Password-5')
    ctx.clock.advance({ seconds: 20 })
    const tooSoon = await attempt(TEST_PASSWORD)
    ctx.clock.advance({ seconds: 10 })
    const later = await attempt(TEST_PASSWORD)

    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBe('15')
    expect(errorSummary(refused.text)).toContain('You have tried to sign in too many times. Wait 15 seconds')
    expect(refused.text).toContain(`value="${user.email}"`)
    expect(sixth.status).toBe(401)
    // The sixth failure doubles the wait to 30 seconds from it.
    expect(tooSoon.status).toBe(429)
    expect(tooSoon.headers['retry-after']).toBe('10')
    expect(later.status).toBe(303)
    expect(later.headers.location).toBe('/caseload')
  })

  it('when the form is sent without a CSRF token, then it is refused with 403 and nobody is signed in', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = request.agent(ctx.app)
    await agent.get('/sign-in')

    const res = await agent.post('/sign-in').type('form').send({ email: user.email, password: TEST_PASSWORD })
    const after = await agent.get('/calendar')

    expect(res.status).toBe(403)
    expect(res.text).toContain('This form has expired')
    expect(after.status).toBe(302)
    expect(after.headers.location).toBe('/sign-in')
  })

  it('when the CSRF token comes from another session, then it is refused with 403', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const other = request.agent(ctx.app)
    const agent = request.agent(ctx.app)
    const otherToken = csrfFrom((await other.get('/sign-in')).text)
    await agent.get('/sign-in')

    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: otherToken })

    expect(res.status).toBe(403)
  })

  it('when someone signs in, then a session starts only then, with a new id, and the sign-in page itself stored none', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = request.agent(ctx.app)
    const rowsBefore = await ctx.db('session').count({ n: '*' }).first()
    const page = await agent.get('/sign-in')

    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) })
    const after = sessionIdFrom(res)

    expect(sessionIdFrom(page)).toBeUndefined()
    expect(after).toBeTruthy()
    expect(await ctx.db('session').where({ sid: after }).first()).toEqual(expect.objectContaining({ user_id: user.id }))
    expect(Number((await ctx.db('session').count({ n: '*' }).first())?.n)).toBe(Number(rowsBefore?.n) + 1)
  })
})

describe('the session row', () => {
  /** The statements that write the session table while `work` runs. */
  const sessionWrites = async (work: () => Promise<unknown>) =>
    (await queriesDuring(ctx.db, work)).filter(sql => /^(insert into|update|delete from) [`"]session[`"]/i.test(sql))

  it('when a signed-in user reads pages within a minute, then the session is not written again; after a minute it is, once', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, user.email)
    await agent.get('/calendar')

    const quick = await sessionWrites(async () => {
      for (const path of ['/calendar', '/calendar', '/people']) expect((await agent.get(path)).status).toBe(200)
    })
    ctx.clock.advance({ minutes: 2 })
    const later = await sessionWrites(async () => {
      for (const path of ['/calendar', '/calendar']) expect((await agent.get(path)).status).toBe(200)
    })

    expect(quick).toEqual([])
    // The idle timeout counts from the last page a minute or more after the one before.
    expect(later).toHaveLength(1)
  })
})

describe('signing out', () => {
  it('when a user signs out, then the session row is deleted and replaying the old cookie gets the sign-in page', async () => {
    const user = await makeUser(ctx.services, 'provider')
    const agent = request.agent(ctx.app)
    const signedIn = await postSignIn(agent, user.email, TEST_PASSWORD)
    const sid = sessionIdFrom(signedIn)
    const cookie = setCookies(signedIn)
      .find(c => c.startsWith('session='))!
      .split(';')[0]
    const home = await agent.get('/clients')

    const res = await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
    const replay = await request(ctx.app).get('/clients').set('Cookie', cookie)
    const signInPage = await agent.get(res.headers.location)

    expect(res.status).toBe(303)
    expect(res.headers.location).toMatch(/^\/sign-in/)
    expect(signInPage.text).toContain('You have signed out.')
    expect(signInPage.text).not.toContain(user.name)
    expect(await ctx.db('session').where({ sid }).first()).toBeUndefined()
    expect(replay.status).toBe(302)
    expect(replay.headers.location).toBe('/sign-in')
  })
})

describe('the session cookie', () => {
  it('when a session starts in development, then its cookie is HttpOnly and SameSite=Lax', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const res = await postSignIn(request.agent(ctx.app), user.email, TEST_PASSWORD)

    const cookie = setCookies(res).find(c => c.startsWith('session='))
    expect(cookie).toBeDefined()
    expect(cookie).toMatch(/;\s*HttpOnly/i)
    expect(cookie).toMatch(/;\s*SameSite=Lax/i)
    expect(cookie).toMatch(/;\s*Path=\//i)
  })

  it('when running in production behind HTTPS, then the cookie is Secure, HttpOnly, SameSite=Lax and named __Host-session', async () => {
    const prod = await createTestContext({ config: { production: true, mfaRequired: false } })
    try {
      const user = await makeUser(prod.services, 'clerk')
      const page = await request(prod.app).get('/sign-in').set('X-Forwarded-Proto', 'https')
      const csrfCookie = setCookies(page).find(c => c.startsWith('__Host-csrf='))
      const res = await request(prod.app)
        .post('/sign-in')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', csrfCookie!.split(';')[0])
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) })

      // The sign-in form's own cookie (CSRF, no session) is host-only and Secure too.
      expect(csrfCookie).toMatch(/;\s*Secure/i)
      expect(csrfCookie).toMatch(/;\s*HttpOnly/i)
      expect(setCookies(page).some(c => c.includes('session='))).toBe(false)
      const cookie = setCookies(res).find(c => c.startsWith('__Host-session='))
      expect(cookie).toBeDefined()
      expect(cookie).toMatch(/;\s*Secure/i)
      expect(cookie).toMatch(/;\s*HttpOnly/i)
      expect(cookie).toMatch(/;\s*SameSite=Lax/i)
      expect(cookie).toMatch(/;\s*Path=\/(;|$)/i)
      expect(cookie).not.toMatch(/;\s*Domain=/i)
      expect(setCookies(res).some(c => c.startsWith('session='))).toBe(false)
    } finally {
      await prod.close()
    }
  })
  it('when a production user signs in and out over HTTPS, then sign-out clears the __Host- cookie with a Set-Cookie the browser accepts', async () => {
    const prod = await createTestContext({ config: { production: true, mfaRequired: false } })
    try {
      const user = await makeUser(prod.services, 'clerk')
      // A supertest agent keeps Secure cookies to itself over plain HTTP, so this plays the browser by hand.
      const https = (req: request.Test, cookie?: string) =>
        cookie ? req.set('X-Forwarded-Proto', 'https').set('Cookie', cookie) : req.set('X-Forwarded-Proto', 'https')
      const cookieFrom = (res: request.Response, name = '__Host-session') =>
        setCookies(res)
          .find(c => c.startsWith(`${name}=`))
          ?.split(';')[0]
      const page = await https(request(prod.app).get('/sign-in'))
      const signedIn = await https(request(prod.app).post('/sign-in'), cookieFrom(page, '__Host-csrf'))
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) })
      const cookie = cookieFrom(signedIn)
      const home = await https(request(prod.app).get('/calendar'), cookie)

      const signedOut = await https(request(prod.app).post('/sign-out'), cookie)
        .type('form')
        .send({ _csrf: csrfFrom(home.text) })

      expect(signedIn.headers.location).toBe('/calendar')
      expect(home.status).toBe(200)
      expect(signedOut.status).toBe(303)
      const cleared = setCookies(signedOut).find(c => c.startsWith('__Host-session='))
      // Browsers ignore a __Host- cookie (even one that deletes) unless it is Secure with Path=/ and no Domain.
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/)
      expect(cleared).toMatch(/;\s*Secure/i)
      expect(cleared).toMatch(/;\s*Path=\/(;|$)/i)
      expect(cleared).not.toMatch(/;\s*Domain=/i)
    } finally {
      await prod.close()
    }
  })
})

describe('the audit trail', () => {
  it('when a user fails to sign in, signs in and signs out, then each is recorded against them', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = request.agent(ctx.app)

    await postSignIn(agent, user.email, 'Not-The-Password-1')
    await postSignIn(agent, user.email, TEST_PASSWORD)
    const home = await agent.get('/calendar')
    await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })

    const actions = await ctx.db('audit_event').where({ user_id: user.id }).orderBy('id').pluck('action')
    expect(actions).toEqual(['sign_in_failed', 'sign_in', 'sign_out'])
  })
})

describe('changing a password that must be changed', () => {
  async function signInAsUserWhoMustChangePassword() {
    const user = await makeUser(ctx.services, 'clerk')
    await ctx.db('app_user').where({ id: user.id }).update({ must_change_password: true })
    const agent = request.agent(ctx.app)
    const res = await postSignIn(agent, user.email, TEST_PASSWORD)
    return { user, agent, res }
  }

  it('when a user must change their password, then sign-in and every page send them to /account/password', async () => {
    const { agent, res } = await signInAsUserWhoMustChangePassword()

    const elsewhere = await agent.get('/calendar')
    const page = await agent.get('/account/password')

    expect(res.headers.location).toBe('/account/password')
    expect(elsewhere.status).toBe(303)
    expect(elsewhere.headers.location).toBe('/account/password')
    expect(page.status).toBe(200)
    expect(page.text).toContain('You must choose a new password')
  })

  it('when the new password breaks the rules, then each field is named in the error summary and next to the field', async () => {
    const { agent } = await signInAsUserWhoMustChangePassword()

    const res = await submitForm(agent, '/account/password', {
      currentPassword: 'Not-My-Password-1',
      newPassword: 'short',
      confirmPassword: 'different',
    })
    const page = await agent.get('/account/password')

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/account/password')
    const summary = errorSummary(page.text)
    expect(summary).toContain('href="#currentPassword"')
    expect(summary).toContain('Current password is not correct')
    expect(summary).toContain('href="#newPassword"')
    expect(summary).toContain('Password must be at least 12 characters')
    expect(summary).toContain('href="#confirmPassword"')
    expect(summary).toContain('Passwords do not match')
    expect(inlineError(page.text, 'newPassword')).toBe('Password must be at least 12 characters')
    expect(inlineError(page.text, 'confirmPassword')).toBe('Passwords do not match')
    for (const field of ['currentPassword', 'newPassword', 'confirmPassword']) {
      // Each summary link lands on its field, and what is typed there stays hidden.
      expect(page.text).toMatch(new RegExp(`<input [^>]*id="${field}" name="${field}" type="password"`))
    }
    expect(page.text).not.toContain('Not-My-Password-1')
  })

  it.each([
    ['aaaaaaaaaaaa', 'Password is too easy to guess'],
    ['password1234', 'Password is too common'],
    ['            ', 'not only spaces'],
    ['Password1234', 'Password is too common'],
  ])(
    'ASVS 5.0 6.2.4 / 6.2.11: when the new password is %j, then it is refused with "%s", named next to the field',
    async (newPassword, message) => {
      const { agent } = await signInAsUserWhoMustChangePassword()
      await submitForm(agent, '/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword,
        confirmPassword: newPassword,
      })
      const page = await agent.get('/account/password')
      expect(errorSummary(page.text)).toContain('href="#newPassword"')
      expect(inlineError(page.text, 'newPassword')).toContain(message)
    },
  )

  it('ASVS 5.0 6.2.11: when the new password is the user’s own email address, then it is refused', async () => {
    const { user, agent } = await signInAsUserWhoMustChangePassword()
    await submitForm(agent, '/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: user.email,
      confirmPassword: user.email,
    })
    const page = await agent.get('/account/password')
    expect(inlineError(page.text, 'newPassword')).toBe('Password must not be your email address or name')
  })

  it('when the user chooses a good new password, then they reach their home page and sign in with it next time', async () => {
    const { user, agent } = await signInAsUserWhoMustChangePassword()
    const newPassword = 'A-much-longer-passphrase-2026'

    const res = await submitForm(agent, '/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword,
      confirmPassword: newPassword,
    })
    const home = await agent.get('/calendar')
    const oldPassword = await postSignIn(request.agent(ctx.app), user.email, TEST_PASSWORD)
    const nextTime = await postSignIn(request.agent(ctx.app), user.email, newPassword)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/calendar')
    expect(home.status).toBe(200)
    expect(home.text).toContain('Your password has been changed.')
    expect(oldPassword.status).toBe(401)
    expect(nextTime.headers.location).toBe('/calendar')
  })
})
