import request from 'supertest'
import { ROLES, type Role } from '../../../server/roles'
import { isGuard, type Access, type DeclaredRoute } from '../../../server/middleware/routeTable'
import { apiToken, createTestContext, csrfFrom, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'

const HOME: Record<Role, string> = {
  clerk: '/calendar',
  probation: '/caseload',
  provider: '/clients',
  sentencer: '/my-sittings',
  admin: '/admin/users',
}

/** An id no row has: the guard must answer before any handler looks for it. */
const MADE_UP_ID = '00000000-0000-4000-8000-000000000000'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] }
  handle?: { stack?: Layer[] }
  rawPath?: unknown
  slash?: boolean
}

interface RoutedRoute {
  method: string
  path: string
  first: unknown
}

/** Every route in the Express 5 router, with the path prefixes of the routers it is mounted in. */
function routesOf(stack: Layer[], prefix = ''): RoutedRoute[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      const { path, methods, stack: handlers } = layer.route
      return Object.keys(methods).map(method => ({
        method: method.toUpperCase(),
        path: prefix + path,
        first: handlers[0]?.handle,
      }))
    }
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && !layer.slash && layer.rawPath !== '/' ? layer.rawPath : ''
      return routesOf(layer.handle.stack, prefix + mount)
    }
    return []
  })
}

const allows = (access: Access, role: Role) => access === 'public' || access === 'signed-in' || access.includes(role)
const isApi = (route: DeclaredRoute) => route.path.startsWith('/api/')
const withMadeUpIds = (path: string) => path.replace(/:[A-Za-z]+/g, MADE_UP_ID)

describe('the route table', () => {
  it('when the router is walked, then every route starts with a guard that declares who may use it', () => {
    const routes = routesOf((ctx.app as unknown as { router: { stack: Layer[] } }).router.stack)

    const unguarded = routes.filter(r => !isGuard(r.first)).map(r => `${r.method} ${r.path}`)

    expect(routes.length).toBeGreaterThanOrEqual(ctx.routeTable.length)
    expect(unguarded).toEqual([])
  })

  it('when the router is walked, then each route is in the route table with the access its guard enforces', () => {
    const routes = routesOf((ctx.app as unknown as { router: { stack: Layer[] } }).router.stack)
    const table = new Map(ctx.routeTable.map(r => [`${r.method} ${r.path}`, r.access]))

    const mismatched = routes
      .filter(r => isGuard(r.first))
      .filter(
        r =>
          JSON.stringify(table.get(`${r.method} ${r.path}`)) !== JSON.stringify((r.first as { access: Access }).access),
      )
      .map(r => `${r.method} ${r.path}`)

    expect(mismatched).toEqual([])
  })
})

describe('the role matrix', () => {
  const getRoutes = () => ctx.routeTable.filter(r => r.method === 'GET' && !r.path.includes(':'))

  it('when nobody is signed in, then web pages redirect to sign-in, the API answers 401 problem+json and public routes 200', async () => {
    const results = []
    for (const route of getRoutes()) {
      const res = await request(ctx.app).get(route.path)
      results.push({ route, res })
    }

    expect(results.length).toBeGreaterThan(10)
    for (const { route, res } of results) {
      const where = `${route.method} ${route.path}`
      if (route.access === 'public') {
        expect({ where, status: res.status }).toEqual({ where, status: 200 })
      } else if (isApi(route)) {
        expect({ where, status: res.status, type: res.type }).toEqual({
          where,
          status: 401,
          type: 'application/problem+json',
        })
      } else {
        expect({ where, status: res.status, location: res.headers.location }).toEqual({
          where,
          status: 302,
          location: '/sign-in',
        })
      }
    }
  })

  it.each(ROLES)(
    'when the %s user asks for every GET route, then allowed ones answer and the rest are 403',
    async role => {
      const user = await makeUser(ctx.services, role)
      const agent = await signIn(ctx.app, user.email)
      const token = await apiToken(ctx.app, user.email)

      const results = []
      for (const route of getRoutes()) {
        const res = isApi(route)
          ? await request(ctx.app).get(route.path).set('Authorization', `Bearer ${token}`)
          : await agent.get(route.path)
        results.push({ route, res })
      }

      for (const { route, res } of results) {
        const where = `${route.method} ${route.path}`
        if (allows(route.access, role)) {
          const answered =
            res.status === 200 || ([302, 303].includes(res.status) && res.headers.location !== '/sign-in')
          expect({ where, status: res.status, answered }).toEqual({ where, status: res.status, answered: true })
        } else {
          expect({ where, status: res.status }).toEqual({ where, status: 403 })
        }
      }
      expect(results.find(r => r.route.path === HOME[role])?.res.status).toBe(200)
    },
  )

  it.each(ROLES)(
    'when the %s user sends any other request their role may not make, then it is refused with 403 before anything happens',
    async role => {
      const user = await makeUser(ctx.services, role)
      const agent = await signIn(ctx.app, user.email)
      const token = await apiToken(ctx.app, user.email)
      const _csrf = csrfFrom((await agent.get(HOME[role])).text)
      const denied = ctx.routeTable.filter(
        r => Array.isArray(r.access) && !allows(r.access, role) && (r.method !== 'GET' || r.path.includes(':')),
      )
      const auditBefore = await ctx.db('audit_event').count({ n: '*' }).first()

      const results = []
      for (const route of denied) {
        const path = withMadeUpIds(route.path)
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'
        const res = isApi(route)
          ? await request(ctx.app)[method](path).set('Authorization', `Bearer ${token}`).send({})
          : await agent[method](path).type('form').send({ _csrf })
        results.push({ where: `${route.method} ${route.path}`, status: res.status })
      }
      const auditAfter = await ctx.db('audit_event').count({ n: '*' }).first()

      expect(results).toEqual(results.map(r => ({ where: r.where, status: 403 })))
      expect(Number(auditAfter?.n)).toBe(Number(auditBefore?.n))
      if (role !== 'admin') expect(results.some(r => r.where === 'POST /admin/users/new')).toBe(true)
    },
  )
})
