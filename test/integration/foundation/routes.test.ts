import { isGuard, type Access } from '../../../server/middleware/routeTable'
import { createTestContext, type TestContext } from '../../support/testApp'

// Every route for every role is called in test/security/routeMatrix.test.ts; here, the router's
// own wiring: each route is guarded, and guarded as the route table says.

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

  it('when routes are tried in order, then none is hidden by a less specific one before it (so groups may be reordered)', () => {
    const routes = routesOf((ctx.app as unknown as { router: { stack: Layer[] } }).router.stack)
    const segments = (path: string) => path.split('/').filter(Boolean)
    const isParam = (segment: string) => segment.startsWith(':')
    // An earlier route that matches every path a later one does, where the later has a word the earlier
    // takes as a parameter: the later would never be reached for that word.
    const hidden: string[] = []
    routes.forEach((later, j) => {
      for (const earlier of routes.slice(0, j)) {
        if (earlier.method !== later.method) continue
        const [a, b] = [segments(earlier.path), segments(later.path)]
        if (a.length !== b.length || !a.every((s, i) => s === b[i] || isParam(s) || isParam(b[i]))) continue
        if (a.some((s, i) => isParam(s) && !isParam(b[i])))
          hidden.push(`${later.method} ${later.path} behind ${earlier.path}`)
      }
    })
    expect(routes.length).toBeGreaterThan(100)
    expect(hidden).toEqual([])
  })
})
