import crypto from 'node:crypto'
import type { Knex } from 'knex'
import request from 'supertest'
import type { Express } from 'express'
import { projectRoot } from '../../server/config'
import { ROLES, type Role } from '../../server/roles'
import type { Access, DeclaredRoute } from '../../server/middleware/routeTable'
import type { PdfRenderer } from '../../server/services/hearing/pdfRenderer'
import { apiToken, csrfFrom, signIn, usePdfRenderer } from '../support/testApp'
import { KIND_OF_SEGMENT, SMALL_PDF, type Agent, type ObjectKind, type Objects, type Side } from './securityObjects'

/** An id no row has. */
export const MADE_UP_ID = '00000000-0000-4000-8000-000000000000'

/** Roles whose every read is scoped to their own cases, organisation or bench (DESIGN.md, "Who uses it"). */
export const SCOPED_ROLES: readonly Role[] = ['probation', 'provider', 'sentencer']
/** Roles that see every case of the deployment. */
export const UNSCOPED_ROLES: readonly Role[] = ROLES.filter(r => !SCOPED_ROLES.includes(r))

export const HOME: Record<Role, string> = {
  clerk: '/calendar',
  probation: '/caseload',
  provider: '/clients',
  sentencer: '/my-sittings',
  admin: '/admin/users',
}

/** A stack frame, a source or install path, or an exception name: none belongs in a response. */
export const STACK_TRACE = new RegExp(
  [
    String.raw`\n\s+at .+[(:]\d+`,
    // the same, inside a JSON string
    String.raw`\\n\s+at `,
    'node_modules',
    String.raw`\.[jt]s:\d+`,
    projectRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    String.raw`\b(?:TypeError|ReferenceError|SyntaxError|RangeError)\b`,
    'SQLITE_|knex|select \\* from',
  ].join('|'),
  'i',
)

export const where = (route: DeclaredRoute) => `${route.method} ${route.path}`
export const isApi = (route: DeclaredRoute) => route.path.startsWith('/api/')
export const allows = (access: Access, role: Role) =>
  access === 'public' || access === 'signed-in' || access.includes(role)

const PARAM = /([^/]+)\/:([A-Za-z]+)/g

/** The kind of object each id in a path names, from the segment before it; throws for a segment it does not know. */
export function kindsOf(path: string): ObjectKind[] {
  return [...path.matchAll(PARAM)].map(([, segment]) => {
    const kind = KIND_OF_SEGMENT[segment]
    if (!kind) throw new Error(`${path}: no object kind for ":id" after "/${segment}/"; add it to KIND_OF_SEGMENT`)
    return kind
  })
}

/**
 * Routes that only answer for an object in a particular state name it here; every other route
 * takes the plain object its path names.
 */
export const STATE_NEEDED: Record<string, Partial<Record<ObjectKind, ObjectKind>>> = {
  'GET /reviews/:id/outcome/edit': { review: 'heldReview' },
  'POST /reviews/:id/outcome/edit': { review: 'heldReview' },
}

/** Query strings a GET needs before it looks anything up. */
export const QUERY_NEEDED: Record<string, string> = {
  'GET /api/v1/courts/:courtId/sittings': '?from=2026-03-01&to=2026-06-30',
}

/** A side's objects as `role` names them: an officer names their own drug test (only its tester may change one). */
export const objectsFor = (side: Side, role: Role): Objects =>
  role === 'probation' ? { ...side.objects, drugTest: side.officerDrugTest } : side.objects

/** The route's path with each id taken from `objects` (or `id` for every id when given). */
export function fill(route: DeclaredRoute, objects: Objects | null, id?: string): string {
  const state = STATE_NEEDED[where(route)] ?? {}
  kindsOf(route.path)
  const path = route.path.replace(PARAM, (_m, segment: string) => {
    const kind = state[KIND_OF_SEGMENT[segment]] ?? KIND_OF_SEGMENT[segment]
    const value = id ?? objects![kind]
    if (!value) throw new Error(`${where(route)}: the security world has no ${kind} to name`)
    return `${segment}/${value}`
  })
  return path + (QUERY_NEEDED[where(route)] ?? '')
}

export interface Caller {
  role: Role
  agent: Agent
  token: string
  /** A CSRF token of the agent's session, read from their home page. */
  csrf: string
}

export async function callerFor(app: Express, role: Role, email: string): Promise<Caller> {
  const agent = await signIn(app, email)
  const token = await apiToken(app, email)
  const home = await agent.get(HOME[role])
  return { role, agent, token, csrf: csrfFrom(home.text) }
}

/** Sends the route as its door expects: bearer and JSON on the API, the browser's session and a form with its CSRF token on the web. */
export function send(app: Express, route: DeclaredRoute, path: string, caller: Caller) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'
  if (isApi(route))
    return method === 'get'
      ? request(app).get(path).set('Authorization', `Bearer ${caller.token}`)
      : request(app)[method](path).set('Authorization', `Bearer ${caller.token}`).send({})
  return method === 'get'
    ? caller.agent.get(path)
    : caller.agent[method](path).type('form').send({ _csrf: caller.csrf })
}

const BOOKKEEPING = new Set([
  'session',
  'audit_event',
  'sign_in_attempt',
  'api_token',
  'form_submission',
  'knex_migrations',
  'knex_migrations_lock',
])

/** A hash of every row of every table that holds the service's data (sessions, audit and attempts aside). */
export async function dataFingerprint(db: Knex): Promise<string> {
  const client = String(db.client.config.client)
  const tables: string[] =
    client === 'pg'
      ? (await db('pg_tables').where('schemaname', db.raw('current_schema()')).pluck('tablename')).map(String)
      : (await db('sqlite_master').where({ type: 'table' }).whereNot('name', 'like', 'sqlite_%').pluck('name')).map(
          String,
        )
  const hash = crypto.createHash('sha256')
  for (const table of tables.filter(t => !BOOKKEEPING.has(t)).sort()) {
    const rows = (await db(table).select()).map(r => JSON.stringify(r)).sort()
    hash.update(`${table}\n${rows.join('\n')}\n`)
  }
  return hash.digest('hex')
}

/** A PDF renderer that needs no browser: the routes' access rules are what these tests are about. */
export function useFakePdfRenderer() {
  const fake: PdfRenderer = { render: async () => SMALL_PDF, close: async () => undefined, available: () => true }
  usePdfRenderer(fake)
  return () => usePdfRenderer(null)
}
