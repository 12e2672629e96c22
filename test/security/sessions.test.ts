import crypto from 'node:crypto'
import request from 'supertest'
import type { SessionData } from 'express-session'
import { ROLES, type Role } from '../../server/roles'
import { DbSessionStore } from '../../server/middleware/sessionStore'
import { paths } from '../../server/paths'
import { createTestContext, csrfFrom, TEST_PASSWORD, type TestContext } from '../support/testApp'
import { makeUser } from '../support/factories'
import { codeAt } from '../../server/services/auth/totp'
import { MADE_UP_ID, callerFor, fill, isApi, where } from './securitySupport'

// Session fixation from the attacker's side, and the timeouts on every route. That sign-in issues a
// new session id, and the timeouts' exact edges, are proven in integration/foundation/authSignIn.test.ts,
// authSession.test.ts and apiAuthentication.test.ts (see index.test.ts).

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

/** Two-step verification on for a user, as they would set it up, with the clock's current code. */
async function turnOnMfa(user: { id: string; email: string }) {
  const current = (await ctx.services.auth.currentUser(user.id))!
  const { secretText, sealed } = await ctx.services.mfa.startSetUp(current)
  await ctx.services.mfa.confirmSetUp(
    current,
    sealed,
    codeAt(secretText.replace(/ /g, ''), ctx.clock.now().getTime()),
    '127.0.0.1',
  )
}

const sessionCookie = (res: request.Response) =>
  ([] as string[])
    .concat((res.headers['set-cookie'] as unknown as string[] | undefined) ?? [])
    .find(c => c.startsWith('session='))
    ?.split(';')[0]

/** The session id inside express-session's signed cookie ("session=s:<sid>.<signature>"). */
const sidOf = (cookie: string | undefined) => {
  const value = decodeURIComponent(cookie?.slice('session='.length) ?? '')
  return value.slice(2, value.lastIndexOf('.'))
}

/** Signing in as a browser holding `cookie` (or none) would: read the form, then send it. */
async function signInWith(cookie: string | null, email: string, password: string) {
  const page = cookie
    ? await request(ctx.app).get(paths.signIn).set('Cookie', cookie)
    : await request(ctx.app).get(paths.signIn)
  // Without a session the form's token is bound to a cookie of its own.
  const csrfCookie = ([] as string[])
    .concat((page.headers['set-cookie'] as unknown as string[] | undefined) ?? [])
    .find(c => c.startsWith('csrf='))
    ?.split(';')[0]
  const cookies = [csrfCookie, cookie].filter(Boolean).join('; ')
  const post = request(ctx.app).post(paths.signIn)
  if (cookies) post.set('Cookie', cookies)
  return post.type('form').send({ email, password, _csrf: csrfFrom(page.text) })
}

describe('session fixation (ASVS 5.0 7.2.4: a new session at authentication)', () => {
  it('when an attacker plants a stored session of their own (half way through signing in) in a victim’s browser and the victim signs in with it, then the attacker’s copy is still signed out', async () => {
    const victim = await makeUser(ctx.services, 'clerk')
    const attackerUser = await makeUser(ctx.services, 'clerk')
    await turnOnMfa(attackerUser)
    // The attacker's own password, then no code: a session is stored, waiting for the code.
    const halfway = await signInWith(null, attackerUser.email, TEST_PASSWORD)
    const planted = sessionCookie(halfway)!

    const signedIn = await signInWith(planted, victim.email, TEST_PASSWORD)
    const victimCookie = sessionCookie(signedIn)
    const attacker = await request(ctx.app).get(paths.calendar).set('Cookie', planted)
    const victimHome = await request(ctx.app).get(paths.calendar).set('Cookie', victimCookie!)

    expect(halfway.headers.location).toBe(paths.signInCode)
    expect(
      await ctx
        .db('session')
        .where({ sid: sidOf(planted) })
        .first(),
    ).toBeUndefined()
    expect(signedIn.headers.location).toBe(paths.calendar)
    expect(victimCookie).toBeTruthy()
    expect(sidOf(victimCookie)).not.toBe(sidOf(planted))
    expect(victimHome.status).toBe(200)
    expect(attacker.status).toBe(302)
    expect(attacker.headers.location).toBe(paths.signIn)
    expect(attacker.text).not.toContain(victim.name)
  })

  it('when a browser sends a session id the server never issued (unsigned, or signed with another secret), then it is ignored and signing in issues a fresh one', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const signedIn = await signInWith(null, user.email, TEST_PASSWORD)
    const sid = sidOf(sessionCookie(signedIn))
    const genuine = await request(ctx.app).get(paths.calendar).set('Cookie', sessionCookie(signedIn)!)
    const forgeries = [
      `session=${sid}`,
      `session=s%3A${sid}.bm90LXRoZS1zaWduYXR1cmU`,
      'session=s%3Aattacker-chosen.AAAA',
    ]

    const results = []
    for (const cookie of forgeries) {
      const res = await request(ctx.app).get(paths.calendar).set('Cookie', cookie)
      const fresh = await signInWith(cookie, user.email, TEST_PASSWORD)
      const issued = sidOf(sessionCookie(fresh))
      results.push({
        status: res.status,
        location: res.headers.location,
        issuedNew: issued.length > 20 && issued !== sid && issued !== 'attacker-chosen',
      })
    }

    expect(sid.length).toBeGreaterThan(20)
    expect(genuine.status).toBe(200)
    expect(results).toEqual(forgeries.map(() => ({ status: 302, location: paths.signIn, issuedNew: true })))
  })
})

describe('visitors who have not signed in (ASVS 5.0 7.1: no session before authentication)', () => {
  it('when the sign-in page is read 100 times, wrong passwords are sent and signed-out pages are asked for, then not one session row is written', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const count = async () => Number((await ctx.db('session').count({ n: '*' }).first())?.n)
    const before = await count()

    for (let i = 0; i < 100; i++) expect((await request(ctx.app).get(paths.signIn)).status).toBe(200)
    expect((await signInWith(null, user.email, 'Wrong-Password-1')).status).toBe(401)
    expect((await signInWith(null, '', '')).status).toBe(400)
    for (const path of [paths.calendar, paths.account, '/no-such-page', paths.signInCode])
      expect([200, 302, 303, 404]).toContain((await request(ctx.app).get(path)).status)

    expect(await count()).toBe(before)
  })
})

describe('timeouts on every route', () => {
  /** A session the way the app stores one, signed with its secret, last used `idleMinutes` ago. */
  async function sessionCookie(userId: string, idleMinutes: number): Promise<string> {
    const now = ctx.clock.now().getTime()
    const sid = crypto.randomBytes(24).toString('base64url')
    const sess = {
      cookie: { originalMaxAge: null, httpOnly: true, path: '/', sameSite: 'lax', secure: false },
      userId,
      createdAt: now - (idleMinutes + 5) * 60_000,
      lastSeenAt: now - idleMinutes * 60_000,
    } as unknown as SessionData
    await new Promise<void>((resolve, reject) =>
      new DbSessionStore(ctx.services.web.sessions, ctx.clock).set(sid, sess, err => (err ? reject(err) : resolve())),
    )
    // express-session's signed cookie: "s:" + sid + "." + base64 HMAC-SHA256 of the sid, without padding.
    const mac = crypto.createHmac('sha256', ctx.config.sessionSecret).update(sid).digest('base64').replace(/=+$/, '')
    return `session=${encodeURIComponent(`s:${sid}.${mac}`)}`
  }

  it('when a session has been idle 31 minutes, then every page and form of the web door sends its user to sign in (one such session per route, as the first request ends it)', async () => {
    const users = Object.fromEntries(
      await Promise.all(ROLES.map(async role => [role, await makeUser(ctx.services, role)] as const)),
    )
    const routes = ctx.routeTable.filter(r => !isApi(r) && r.access !== 'public')
    const fresh = await request(ctx.app)
      .get(paths.home)
      .set('Cookie', await sessionCookie(users.clerk.id, 1))

    const results = []
    for (const route of routes) {
      const role = route.access === 'signed-in' ? 'clerk' : (route.access as readonly Role[])[0]
      const cookie = await sessionCookie(users[role].id, 31)
      const path = fill(route, null, MADE_UP_ID)
      const res =
        route.method === 'GET'
          ? await request(ctx.app).get(path).set('Cookie', cookie)
          : await request(ctx.app).post(path).set('Cookie', cookie).type('form').send({})
      results.push({ where: where(route), status: res.status, location: res.headers.location })
    }

    expect(fresh.status).toBe(302)
    expect(fresh.headers.location).toBe(paths.calendar)
    expect(routes.length).toBeGreaterThan(50)
    expect(results).toEqual(
      routes.map(route => ({ where: where(route), status: 303, location: `${paths.signIn}?timed-out=1` })),
    )
  })

  it('when a token is 12 hours old, then every API route answers 401 for every role', async () => {
    const callers = await Promise.all(
      ROLES.map(async role => callerFor(ctx.app, role, (await makeUser(ctx.services, role)).email)),
    )
    const routes = ctx.routeTable.filter(r => isApi(r) && r.access !== 'public')
    const before = await Promise.all(
      callers.map(c => request(ctx.app).get('/api/v1/courts').set('Authorization', `Bearer ${c.token}`)),
    )
    ctx.clock.advance({ hours: 12 })

    const results = []
    for (const caller of callers) {
      for (const route of routes) {
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put'
        const res = await request(ctx.app)
          [method](fill(route, null, MADE_UP_ID))
          .set('Authorization', `Bearer ${caller.token}`)
          .send({})
        results.push({ who: caller.role, where: where(route), status: res.status })
      }
    }

    expect(before.map(res => res.status)).toEqual(callers.map(() => 200))
    expect(routes.length).toBeGreaterThan(20)
    expect(results).toEqual(results.map(r => ({ ...r, status: 401 })))
  })
})
