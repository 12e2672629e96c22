import request from 'supertest'
import type { Role } from '../../../server/roles'
import { createTestContext, csrfFrom, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { SIGN_IN_FAILED, errorSummary, postSignIn, sessionIdFrom } from './authSupport'

// Signing in on the page: each role's home, one message for a wrong email or password, the growing
// delays, the CSRF token, and the session that starts only then.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

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
