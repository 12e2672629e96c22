import request from 'supertest'
import { ROLES, type Role } from '../../server/roles'
import type { DeclaredRoute } from '../../server/middleware/routeTable'
import { paths } from '../../server/paths'
import { createTestContext, csrfFrom, type TestContext } from '../support/testApp'
import type { Side } from './securityObjects'
import { makeSecurityWorld } from './securityWorld'
import {
  STACK_TRACE,
  allows,
  callerFor,
  dataFingerprint,
  fill,
  isApi,
  objectsFor,
  send,
  useFakePdfRenderer,
  where,
  type Caller,
} from './securitySupport'

// Every route for every role (and for nobody signed in), generated from the route table, with the
// status each should get. Ids are the caller's own side's objects, so "allowed" means the route
// really answers; objectAccess.test.ts names the other side's objects.

let ctx: TestContext
let a: Side
let restorePdf: () => void

beforeAll(async () => {
  ctx = await createTestContext()
  restorePdf = useFakePdfRenderer()
  ;({ a } = await makeSecurityWorld(ctx))
})

afterAll(async () => {
  restorePdf()
  await ctx.close()
})

type Expected = 'ok' | 'sign in' | '401' | '403'

function expected(route: DeclaredRoute, role: Role | null): Expected {
  if (route.access === 'public') return 'ok'
  if (!role) return isApi(route) ? '401' : 'sign in'
  return allows(route.access, role) ? 'ok' : '403'
}

/** What a response amounts to, in the words of `Expected` (anything else is shown as its status). */
function outcome(route: DeclaredRoute, path: string, res: request.Response): string {
  const api = isApi(route)
  if (res.status === 401 && api && res.type === 'application/problem+json') return '401'
  if (res.status === 403 && res.type === (api ? 'application/problem+json' : 'text/html')) return '403'
  // The sign-in form's own errors send it back to itself: that is an answer, not a refusal.
  const toSignIn = [302, 303].includes(res.status) && res.headers.location === paths.signIn && path !== paths.signIn
  if (toSignIn && !api) return 'sign in'
  if (route.method === 'GET' && (res.status === 200 || ([302, 303].includes(res.status) && !toSignIn))) return 'ok'
  // An empty form or body is refused for its answers: the route was reached and answered.
  if (route.method !== 'GET' && [200, 201, 204, 303, 400, 409, 422].includes(res.status) && !toSignIn) return 'ok'
  return `${res.status} ${res.type}`
}

/** Reads, then writes, then signing out (which ends the caller's session). */
const rank = (r: DeclaredRoute) => (r.path === paths.signOut ? 2 : r.method === 'GET' ? 0 : 1)
const inOrder = (routes: DeclaredRoute[]) => [...routes].sort((x, y) => rank(x) - rank(y))

describe('every route, for every role', () => {
  it('when nobody is signed in, then public routes answer, pages and forms send them to sign in, the API answers 401, and nothing changes', async () => {
    const anonymous = request.agent(ctx.app)
    const _csrf = csrfFrom((await anonymous.get(paths.signIn)).text)
    const routes = inOrder(ctx.routeTable)
    const before = await dataFingerprint(ctx.db)

    const results = []
    for (const route of routes) {
      const path = fill(route, a.objects)
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'
      const res =
        method === 'get'
          ? await anonymous.get(path)
          : isApi(route)
            ? await request(ctx.app)[method](path).send({})
            : await anonymous[method](path).type('form').send({ _csrf })
      results.push({ where: where(route), got: outcome(route, path, res), stack: STACK_TRACE.test(res.text) })
    }
    const after = await dataFingerprint(ctx.db)

    expect(routes.length).toBeGreaterThan(100)
    expect(results).toEqual(routes.map(route => ({ where: where(route), got: expected(route, null), stack: false })))
    // A refused sign-in is the one write a stranger causes, and it is bookkeeping (sign_in_attempt).
    expect(after).toBe(before)
  })

  it.each(ROLES)(
    'when the %s user calls every route with their own objects, then the routes their role may use answer, the rest are 403, and refusals change nothing',
    async role => {
      const caller: Caller = await callerFor(ctx.app, role, a.users[role].email)
      const refused = ctx.routeTable.filter(r => expected(r, role) === '403')
      const routes = inOrder([...refused, ...ctx.routeTable.filter(r => expected(r, role) === 'ok')])

      const before = await dataFingerprint(ctx.db)
      const results = []
      for (const [i, route] of routes.entries()) {
        if (i === refused.length) expect(await dataFingerprint(ctx.db)).toBe(before)
        const path = fill(route, objectsFor(a, role))
        const res = await send(ctx.app, route, path, caller)
        results.push({ where: where(route), got: outcome(route, path, res), stack: STACK_TRACE.test(res.text) })
      }

      expect(refused.length).toBeGreaterThan(10)
      expect(results).toEqual(routes.map(route => ({ where: where(route), got: expected(route, role), stack: false })))
    },
  )
})
