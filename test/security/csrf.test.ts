import request from 'supertest'
import { ROLES, type Role } from '../../server/roles'
import type { DeclaredRoute } from '../../server/middleware/routeTable'
import { paths } from '../../server/paths'
import { createTestContext, csrfFrom, TEST_PASSWORD, type TestContext } from '../support/testApp'
import { makeUser } from '../support/factories'
import type { Agent, Side } from './securityObjects'
import { makeSecurityWorld } from './securityWorld'
import { STACK_TRACE, callerFor, dataFingerprint, fill, isApi, where, type Caller } from './securitySupport'

// Every form (every POST route of the web door), generated from the route table: without a CSRF
// token, or with a token of another session, it is refused with 403 and changes nothing; with its
// own session's token it gets through (so the 403 is the token's doing).

let ctx: TestContext
let a: Side
let callers: Record<Role, Caller>
/** A second signed-in user of each role: the "other session" whose tokens are tried. */
let others: Record<Role, Caller>

beforeAll(async () => {
  ctx = await createTestContext()
  ;({ a } = await makeSecurityWorld(ctx))
  callers = Object.fromEntries(
    await Promise.all(ROLES.map(async role => [role, await callerFor(ctx.app, role, a.users[role].email)])),
  )
  others = Object.fromEntries(
    await Promise.all(
      ROLES.map(async role => {
        const user = await makeUser(ctx.services, role, { courtIds: role === 'sentencer' ? [a.objects.court] : [] })
        return [role, await callerFor(ctx.app, role, user.email)]
      }),
    ),
  )
})

afterAll(async () => {
  await ctx.close()
})

const webForms = () => ctx.routeTable.filter(r => !isApi(r) && r.method !== 'GET')

/** The role that sends a form in these tests: its first allowed role (the clerk for any signed-in user). */
const senderRole = (route: DeclaredRoute): Role | null =>
  route.access === 'public' ? null : route.access === 'signed-in' ? 'clerk' : route.access[0]

async function anonymousWithToken(): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(ctx.app)
  return { agent, csrf: csrfFrom((await agent.get(paths.signIn)).text) }
}

describe('every form', () => {
  it('when a form is sent without a token, with another session’s token, or with the token from before signing in, then it is refused with 403 and nothing changes', async () => {
    const routes = webForms()
    const anonymous = await anonymousWithToken()
    const otherAnonymous = await anonymousWithToken()
    // The token a browser held on the sign-in page is worthless once it has signed in (a new session).
    const beforeSignIn = new Map<Role, { agent: Agent; csrf: string }>()
    for (const role of ROLES) {
      const agent = request.agent(ctx.app)
      const csrf = csrfFrom((await agent.get(paths.signIn)).text)
      const signedIn = await agent
        .post(paths.signIn)
        .type('form')
        .send({ email: a.users[role].email, password: TEST_PASSWORD, _csrf: csrf })
      expect(signedIn.status).toBe(303)
      beforeSignIn.set(role, { agent, csrf })
    }
    const before = await dataFingerprint(ctx.db)

    const results = []
    for (const route of routes) {
      const role = senderRole(route)
      const agent = role ? callers[role].agent : anonymous.agent
      const path = fill(route, a.objects)
      const method = route.method.toLowerCase() as 'post' | 'put' | 'delete'
      const foreign = role ? others[role].csrf : otherAnonymous.csrf
      const attempts: [string, request.Test][] = [
        ['no token', agent[method](path).type('form').send({})],
        ['no token, multipart', agent[method](path).field('note', 'x')],
        ['another session’s token', agent[method](path).type('form').send({ _csrf: foreign })],
        ['another session’s token, multipart', agent[method](path).field('_csrf', foreign)],
        ['another session’s token in the header', agent[method](path).set('X-CSRF-Token', foreign).send()],
      ]
      const browser = role && beforeSignIn.get(role)
      if (browser)
        attempts.push([
          'the token from before signing in',
          browser.agent[method](path).type('form').send({ _csrf: browser.csrf }),
        ])
      for (const [how, attempt] of attempts) {
        const res = await attempt
        results.push({
          where: where(route),
          how,
          status: res.status,
          said: res.text.includes('This form has expired or was sent from somewhere else'),
          stack: STACK_TRACE.test(res.text),
        })
      }
    }
    const after = await dataFingerprint(ctx.db)

    expect(routes.length).toBeGreaterThan(40)
    expect(results).toEqual(results.map(r => ({ ...r, status: 403, said: true, stack: false })))
    expect(after).toBe(before)
  })

  it('when each form is sent with its own session’s token, then it is not refused for the token', async () => {
    const routes = [...webForms()].sort((x, y) => Number(x.path === paths.signOut) - Number(y.path === paths.signOut))
    const anonymous = await anonymousWithToken()

    const results = []
    for (const route of routes) {
      const role = senderRole(route)
      const caller = role ? callers[role] : anonymous
      // A session keeps one token (csrf-sync does not rotate it per page), so the one read at sign-in serves.
      const csrf = role ? callers[role].csrf : anonymous.csrf
      const res = await caller.agent[route.method.toLowerCase() as 'post'](fill(route, a.objects))
        .type('form')
        .send({ _csrf: csrf })
      results.push({ where: where(route), status: res.status, refused: res.status === 403 })
    }

    expect(results).toEqual(results.map(r => ({ ...r, refused: false })))
  })
})

describe('the API', () => {
  it('when a browser’s signed-in session cookie is sent to any API route without a bearer token, then it is 401: cookies are not credentials there, so no CSRF token is needed', async () => {
    const routes = ctx.routeTable.filter(r => isApi(r) && r.access !== 'public')

    const results = []
    for (const route of routes) {
      const role = senderRole(route)!
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put'
      const res = await callers[role].agent[method](fill(route, a.objects))
        .set('X-CSRF-Token', callers[role].csrf)
        .send({})
      results.push({ where: where(route), status: res.status, type: res.type })
    }

    expect(routes.length).toBeGreaterThan(20)
    expect(results).toEqual(results.map(r => ({ ...r, status: 401, type: 'application/problem+json' })))
  })
})
