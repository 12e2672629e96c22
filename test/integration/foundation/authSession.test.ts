import request from 'supertest'
import { createTestContext, csrfFrom, signIn, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { queriesDuring } from '../../support/queries'
import { postSignIn, sessionIdFrom, setCookies } from './authSupport'

// A signed-in session: when its row is written, signing out, the cookie's flags (in development and
// in production behind HTTPS), and the audit trail of signing in and out.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
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
