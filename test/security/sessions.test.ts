import request from 'supertest'
import { paths } from '../../server/paths'
import { createTestContext, csrfFrom, TEST_PASSWORD, type TestContext } from '../support/testApp'
import { makeUser } from '../support/factories'

// Session fixation from the attacker's side. That sign-in issues a new session id, and the idle
// and absolute timeouts, are proven in integration/foundation/auth.test.ts (see index.test.ts).

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

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

describe('session fixation', () => {
  it('when an attacker plants their own session cookie in a victim’s browser and the victim signs in with it, then the attacker’s copy is still signed out', async () => {
    const victim = await makeUser(ctx.services, 'clerk')
    const attackerPage = await request(ctx.app).get(paths.signIn)
    const planted = sessionCookie(attackerPage)!

    const signedIn = await request(ctx.app)
      .post(paths.signIn)
      .set('Cookie', planted)
      .type('form')
      .send({ email: victim.email, password: TEST_PASSWORD, _csrf: csrfFrom(attackerPage.text) })
    const victimCookie = sessionCookie(signedIn)
    const attacker = await request(ctx.app).get(paths.calendar).set('Cookie', planted)
    const victimHome = await request(ctx.app).get(paths.calendar).set('Cookie', victimCookie!)

    expect(planted).toBeTruthy()
    expect(signedIn.headers.location).toBe(paths.calendar)
    expect(victimCookie).toBeTruthy()
    expect(victimCookie).not.toBe(planted)
    expect(victimHome.status).toBe(200)
    expect(attacker.status).toBe(302)
    expect(attacker.headers.location).toBe(paths.signIn)
    expect(attacker.text).not.toContain(victim.name)
  })

  it('when a browser sends a session id the server never issued (unsigned, or signed with another secret), then it is ignored and a fresh one issued', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const page = await request(ctx.app).get(paths.signIn)
    const signedIn = await request(ctx.app)
      .post(paths.signIn)
      .set('Cookie', sessionCookie(page)!)
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) })
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
      const fresh = await request(ctx.app).get(paths.signIn).set('Cookie', cookie)
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
