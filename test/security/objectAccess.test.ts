import { ROLES, type Role } from '../../server/roles'
import { createTestContext, type TestContext } from '../support/testApp'
import request from 'supertest'
import { SECRET_KINDS, type Side } from './securityObjects'
import { makeSecurityWorld } from './securityWorld'
import {
  MADE_UP_ID,
  SCOPED_ROLES,
  STACK_TRACE,
  UNSCOPED_ROLES,
  allows,
  callerFor,
  dataFingerprint,
  fill,
  isApi,
  kindsOf,
  send,
  useFakePdfRenderer,
  where,
  type Caller,
} from './securitySupport'

// DESIGN.md: "an object id guessed in a URL gets 404, never another person's data". Generated from
// the route table: a new route with an id is covered here as soon as it is declared. That the same
// routes answer for the caller's own side's objects is proven in routeMatrix.test.ts.

let ctx: TestContext
let a: Side
let b: Side
let callers: Record<Role, Caller>
let restorePdf: () => void

beforeAll(async () => {
  ctx = await createTestContext()
  restorePdf = useFakePdfRenderer()
  ;({ a, b } = await makeSecurityWorld(ctx))
  callers = Object.fromEntries(
    await Promise.all(ROLES.map(async role => [role, await callerFor(ctx.app, role, a.users[role].email)])),
  )
})

afterAll(async () => {
  restorePdf()
  await ctx.close()
})

const routesWithIds = () => ctx.routeTable.filter(r => r.path.includes('/:'))
/** Routes with an id that only some roles may use. */
const roleRoutesWithIds = (role: Role) => routesWithIds().filter(r => Array.isArray(r.access) && allows(r.access, role))
/** Public routes whose id is the credential: a secret address such as a calendar feed. */
const secretRoutes = () => routesWithIds().filter(r => r.access === 'public')
const notFoundType = (api: boolean) => (api ? 'application/problem+json' : 'text/html')

describe('every route with an id', () => {
  it('when the route table is read, then every id in every path names a kind of object the suite can supply, and no public route takes one', () => {
    const unfillable: string[] = []
    for (const route of routesWithIds()) {
      try {
        const kinds = kindsOf(route.path)
        if (route.access === 'public' && !kinds.every(k => SECRET_KINDS.includes(k)))
          unfillable.push(`${where(route)} is public but its id is not a secret address`)
      } catch (err) {
        unfillable.push((err as Error).message)
      }
      if (route.access === 'signed-in')
        unfillable.push(`${where(route)} is open to every role: say here whose objects it may name`)
    }

    expect(routesWithIds().length).toBeGreaterThan(40)
    expect(unfillable).toEqual([])
  })

  it.each(SCOPED_ROLES)(
    'when a %s user names the other side’s objects in every route their role may use, then each answers 404, shows nothing of theirs and changes nothing',
    async role => {
      const routes = roleRoutesWithIds(role)
      const before = await dataFingerprint(ctx.db)

      const results = []
      for (const route of routes) {
        const res = await send(ctx.app, route, fill(route, b.objects), callers[role])
        results.push({
          where: where(route),
          status: res.status,
          type: res.type,
          shown: b.words.filter(word => res.text.includes(word)),
          stack: STACK_TRACE.test(res.text),
        })
      }
      const after = await dataFingerprint(ctx.db)

      expect(routes.length).toBeGreaterThan(5)
      expect(results).toEqual(
        routes.map(route => ({
          where: where(route),
          status: 404,
          type: notFoundType(isApi(route)),
          shown: [],
          stack: false,
        })),
      )
      expect(after).toBe(before)
    },
  )

  it.each(UNSCOPED_ROLES)(
    'when a %s user (who sees every case) names an object no row has, then each GET answers 404 and nothing changes',
    async role => {
      const routes = roleRoutesWithIds(role)
      const before = await dataFingerprint(ctx.db)

      const results = []
      for (const route of routes) {
        const res = await send(ctx.app, route, fill(route, null, MADE_UP_ID), callers[role])
        // A form sent for a missing object may be refused for its empty answers first: it leads to the 404 page.
        const landed =
          res.status === 303 && route.method === 'POST' ? await callers[role].agent.get(res.headers.location) : res
        const notFound = landed.status === 404 || (route.method !== 'GET' && landed.status === 400)
        results.push({ where: where(route), status: landed.status, notFound, stack: STACK_TRACE.test(res.text) })
      }
      const after = await dataFingerprint(ctx.db)

      expect(routes.length).toBeGreaterThan(10)
      expect(results).toEqual(results.map(r => ({ ...r, notFound: true, stack: false })))
      expect(after).toBe(before)
    },
  )

  it('when anyone opens a secret address (a calendar feed) nobody was given, then 404; their own shows none of the other side', async () => {
    const routes = secretRoutes()

    const results = []
    for (const route of routes) {
      const madeUp = await request(ctx.app).get(fill(route, null, MADE_UP_ID))
      const own = await request(ctx.app).get(fill(route, a.objects))
      results.push({
        where: where(route),
        madeUp: madeUp.status,
        own: own.status,
        shown: b.words.filter(word => own.text.includes(word)),
        ownSideShown: a.words.some(word => own.text.includes(word)),
      })
    }

    expect(results).toEqual(
      routes.map(route => ({ where: where(route), madeUp: 404, own: 200, shown: [], ownSideShown: true })),
    )
  })
})
