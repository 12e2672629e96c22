import request from 'supertest'
import { createTestContext, csrfFrom, signIn, submitForm, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'

// Sessions end after 30 minutes idle or 12 hours from sign-in (server/middleware/setUpSession.ts), and
// the user is told why.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

async function postSignIn(agent: ReturnType<typeof request.agent>, email: string, password: string) {
  return submitForm(agent, '/sign-in', { email, password })
}

describe('session timeouts', () => {
  it('when a signed-in user is idle for 31 minutes, then the next page sends them to sign in', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, user.email)
    expect((await agent.get('/calendar')).status).toBe(200)

    ctx.clock.advance({ minutes: 31 })
    const res = await agent.get('/calendar')
    const signInPage = await agent.get(res.headers.location)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/sign-in?timed-out=1')
    expect(signInPage.text).toContain('You were signed out because you were inactive')
  })

  it('when an idle user sends a form after 31 minutes, then nothing is saved and they are sent to sign in with the reason', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, user.email)
    const form = await agent.get('/account/password')

    ctx.clock.advance({ minutes: 31 })
    const res = await agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        currentPassword: TEST_PASSWORD,
        newPassword: 'Changed-while-away-2026',
        confirmPassword: 'Changed-while-away-2026',
      })
    const signInPage = await agent.get(res.headers.location ?? '/sign-in')
    const oldPassword = await postSignIn(request.agent(ctx.app), user.email, TEST_PASSWORD)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/sign-in?timed-out=1')
    expect(signInPage.text).toContain('You were signed out because you were inactive')
    expect(oldPassword.headers.location).toBe('/calendar')
  })

  it('when a user is active every 20 minutes, then they are still signed out 12 hours 1 minute after signing in', async () => {
    const user = await makeUser(ctx.services, 'sentencer')
    const agent = await signIn(ctx.app, user.email)
    for (let minutes = 20; minutes <= 700; minutes += 20) {
      ctx.clock.advance({ minutes: 20 })
      const res = await agent.get('/my-sittings')
      expect(res.status).toBe(200)
    }

    ctx.clock.advance({ minutes: 21 })
    const res = await agent.get('/my-sittings')
    const signInPage = await agent.get(res.headers.location)

    // Told why, and the session is over: its row is gone and the cookie no longer signs anyone in.
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/sign-in?timed-out=1')
    expect(signInPage.text).toContain('signed in for too long')
    expect(await ctx.db('session').where({ user_id: user.id })).toEqual([])
    expect((await agent.get('/my-sittings')).headers.location).toBe('/sign-in')
  })

  it('when a page left open overnight is used 13 hours after signing in, then it is a plain sign-in (the row has expired)', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, user.email)
    ctx.clock.advance({ hours: 13, minutes: 1 })
    const res = await agent.get('/calendar')
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/sign-in')
  })
})
