import request from 'supertest'
import { ROLES, type Role } from '../../server/roles'
import { createTestContext, type TestContext } from '../support/testApp'
import type { Side } from './securityObjects'
import { makeSecurityWorld } from './securityWorld'
import {
  SCOPED_ROLES,
  allows,
  callerFor,
  fill,
  isApi,
  send,
  useFakePdfRenderer,
  where,
  type Caller,
} from './securitySupport'
import { LOCAL, isGet, lastId as lastIdIn, rowsAfter as rowsAfterIn } from './auditRoutes'

// Refused access is audited (ASVS 5.0 16.3.2): a signed-in user who names another side's objects or
// calls a route their role may not use leaves an access_refused row; nobody signed in leaves none.
// Generated from the route table, like the reads in auditReads.test.ts.

let ctx: TestContext
let a: Side
let b: Side
let restorePdf: () => void
let callers: Record<Role, Caller>

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

const lastId = () => lastIdIn(ctx.db)
const rowsAfter = (id: number) => rowsAfterIn(ctx.db, id)

type Route = TestContext['routeTable'][number]

/** Each route sent as `role` with `objects` filled in: its status and the audit rows it wrote. */
async function refusals(routes: Route[], objects: Side['objects'], role: Role, withPerson: boolean) {
  const results = []
  for (const route of routes) {
    const before = await lastId()
    const res = await send(ctx.app, route, fill(route, objects), callers[role])
    const rows = await rowsAfter(before)
    results.push({
      where: where(route),
      status: res.status,
      rows: rows.map(r => ({
        action: r.action,
        user: r.user_id,
        role: r.role,
        ip: LOCAL.test(String(r.ip)),
        ...(withPerson ? { person: r.person_id } : {}),
        detail: JSON.parse(r.detail),
      })),
    })
  }
  return results
}

describe('refused access is audited', () => {
  it.each(SCOPED_ROLES)(
    'ASVS 16.3.2: when a %s user names the other side’s objects in every GET route their role may use, then each answers 404 and writes one access_refused row (who, role, address, method and path), and no read',
    async role => {
      const routes = ctx.routeTable.filter(
        r => isGet(r) && r.path.includes('/:') && Array.isArray(r.access) && allows(r.access, role),
      )
      const results = await refusals(routes, b.objects, role, true)

      expect(routes.length).toBeGreaterThan(5)
      expect(results).toEqual(
        routes.map(route => ({
          where: where(route),
          status: 404,
          rows: [
            {
              action: 'access_refused',
              user: a.users[role].id,
              role,
              ip: true,
              person: null,
              detail: { method: 'GET', path: fill(route, b.objects).split('?')[0], status: 404 },
            },
          ],
        })),
      )
    },
  )

  it.each(ROLES)(
    'ASVS 16.3.2: when the %s user calls every route their role may not use, then each answers 403 and writes one access_refused row',
    async role => {
      const routes = ctx.routeTable.filter(r => Array.isArray(r.access) && !allows(r.access, role))
      const results = await refusals(routes, a.objects, role, false)

      expect(routes.length).toBeGreaterThan(10)
      expect(results).toEqual(
        routes.map(route => ({
          where: where(route),
          status: 403,
          rows: [
            {
              action: 'access_refused',
              user: a.users[role].id,
              role,
              ip: true,
              detail: { method: route.method, path: fill(route, a.objects).split('?')[0], status: 403 },
            },
          ],
        })),
      )
    },
  )

  it('when a signed-in user asks for an address no route answers (an icon a browser looks for), then 404 and no row: it is not an access to a case', async () => {
    const before = await lastId()

    const page = await callers.clerk.agent.get('/apple-touch-icon.png')
    const api = await request(ctx.app)
      .get('/api/v1/no-such-thing')
      .set('Authorization', `Bearer ${callers.clerk.token}`)

    expect([page.status, api.status]).toEqual([404, 404])
    expect(await rowsAfter(before)).toEqual([])
  })

  it('ASVS 16.3.2: when nobody is signed in, then refused and missing pages and API calls write no audit row (anyone could fill the table)', async () => {
    const before = await lastId()
    const anonymous = request.agent(ctx.app)
    const routes = ctx.routeTable.filter(r => isGet(r) && r.access !== 'public')
    for (const route of routes) {
      const path = fill(route, b.objects)
      if (isApi(route)) await request(ctx.app).get(path)
      else await anonymous.get(path)
    }
    await anonymous.get('/no-such-page')
    await request(ctx.app).get('/api/v1/no-such-thing')

    expect(routes.length).toBeGreaterThan(40)
    expect(await rowsAfter(before)).toEqual([])
  })
})
