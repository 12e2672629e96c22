import request from 'supertest'
import { ROLES, type Role } from '../../server/roles'
import type { DeclaredRoute } from '../../server/middleware/routeTable'
import { paths } from '../../server/paths'
import { sha256 } from '../../server/utils/ids'
import { createTestContext, type TestContext } from '../support/testApp'
import { makeSecurityWorld, type ObjectKind, type Side } from './securityWorld'
import {
  SCOPED_ROLES,
  allows,
  callerFor,
  fill,
  isApi,
  objectsFor,
  send,
  useFakePdfRenderer,
  where,
  type Caller,
} from './securitySupport'

// Who saw this person (DPA 2018 s.62; ASVS 5.0 16.2.1 and 16.3.2). Generated from the route table:
// every GET route is either a read of case data, with the audit rows it must write, or listed below
// with the reason it reads none. A new route that is neither fails here until it is classified, so a
// new page cannot forget its audit row.

type Read = {
  action: string
  /** The object (in the route's path) whose person the row names; none for a list or a search. */
  person?: ObjectKind
}

/** Every GET route that reads case data, and the rows one call writes (one a request, per read). */
const READS: Record<string, Read[]> = {
  'GET /api/v1/sittings/:id': [{ action: 'view_court_list' }],
  'GET /api/v1/people/:id': [{ action: 'view_person', person: 'person' }],
  'GET /api/v1/warrants': [{ action: 'view_warrants' }],
  'GET /api/v1/courts/:id/insights': [{ action: 'view_insights' }],
  // Court insight pages (issue 22): counts only, one row a read; the dashboard also counts equality monitoring.
  'GET /insights': [{ action: 'view_insights' }],
  'GET /insights/courts/:id': [{ action: 'view_insights' }, { action: 'view_equality' }],
  'GET /api/v1/warrants/:id': [{ action: 'view_warrant', person: 'warrant' }],
  'GET /api/v1/requirements/:id/reviews': [{ action: 'view_reviews', person: 'requirement' }],
  'GET /api/v1/needs-listing': [{ action: 'view_needs_listing' }],
  'GET /api/v1/reviews/:id/report': [{ action: 'view_report', person: 'review' }],
  'GET /api/v1/reviews/:id/provider-update': [{ action: 'view_provider_update', person: 'review' }],
  'GET /api/v1/reviews/:id/statement': [{ action: 'view_statement', person: 'review' }],
  'GET /api/v1/people/:id/drug-tests': [{ action: 'view_drug_tests', person: 'person' }],
  'GET /api/v1/people/:id/drug-tests/:testId': [{ action: 'view_drug_test', person: 'person' }],
  'GET /api/v1/paper-reviews': [{ action: 'view_paper_reviews' }],
  'GET /api/v1/sittings/:id/pack': [{ action: 'view_pack' }],
  'GET /api/v1/sittings/:id/pack.pdf': [{ action: 'print_pack' }],
  'GET /api/v1/reviews/:id/pack': [{ action: 'view_pack', person: 'review' }],
  'GET /api/v1/reviews/:id/pack.pdf': [{ action: 'print_pack', person: 'review' }],
  'GET /admin/audit': [{ action: 'view_audit' }],
  'GET /admin/audit.csv': [{ action: 'export_audit' }],
  'GET /people': [{ action: 'search_people' }],
  // The person page lists the person's open warrants with their breaches.
  'GET /people/:id': [{ action: 'view_person', person: 'person' }, { action: 'view_warrants' }],
  'GET /reviews/:id/non-attendance': [{ action: 'view_review', person: 'review' }],
  'GET /warrants': [{ action: 'view_warrants' }],
  'GET /warrants/:id/executed': [{ action: 'view_warrant', person: 'warrant' }],
  'GET /warrants/:id/withdraw': [{ action: 'view_warrant', person: 'warrant' }],
  'GET /requirements/:id/breaches/new': [{ action: 'view_order', person: 'requirement' }],
  'GET /requirements/:id/amend': [{ action: 'view_order', person: 'requirement' }],
  'GET /requirements/:id/amend/check': [{ action: 'view_order', person: 'requirement' }],
  'GET /breaches/:id/outcome': [{ action: 'view_breach', person: 'breach' }],
  'GET /requirements/:id/applications/new': [{ action: 'view_order', person: 'requirement' }],
  'GET /applications/:id/decision': [{ action: 'view_application', person: 'application' }],
  'GET /people/:id/edit': [{ action: 'view_person', person: 'person' }],
  'GET /people/:id/access-needs': [{ action: 'view_access_needs', person: 'person' }],
  'GET /reviews/:id/attendance-mode': [{ action: 'view_review', person: 'review' }],
  'GET /people/:id/audit': [{ action: 'view_person_audit', person: 'person' }],
  'GET /people/:id/orders/new': [{ action: 'view_person', person: 'person' }],
  'GET /people/:id/orders/check': [{ action: 'view_person', person: 'person' }],
  'GET /orders/:id/psr': [
    { action: 'view_order', person: 'order' },
    { action: 'view_person', person: 'order' },
  ],
  'GET /documents/:id': [{ action: 'view_document', person: 'document' }],
  'GET /sittings/:id': [{ action: 'view_court_list' }],
  'GET /sittings/:id/print': [{ action: 'view_court_list' }],
  'GET /reviews/:id/move': [{ action: 'view_review', person: 'review' }],
  'GET /reviews/:id/adjourn': [{ action: 'view_review', person: 'review' }],
  'GET /reviews/:id/vacate': [{ action: 'view_review', person: 'review' }],
  'GET /needs-listing': [{ action: 'view_needs_listing' }],
  'GET /caseload': [{ action: 'view_caseload' }],
  'GET /reviews/:id/report': [{ action: 'view_report', person: 'review' }],
  'GET /reviews/:id/report/view': [{ action: 'view_report', person: 'review' }],
  'GET /reviews/:id/report/check': [{ action: 'view_report', person: 'review' }],
  'GET /clients': [{ action: 'view_clients' }],
  'GET /reviews/:id/provider-update': [{ action: 'view_provider_update', person: 'review' }],
  'GET /people/:id/drug-tests': [{ action: 'view_drug_tests', person: 'person' }],
  'GET /people/:id/drug-tests.csv': [{ action: 'drug-test.export', person: 'person' }],
  'GET /people/:id/drug-tests/new': [{ action: 'view_person', person: 'person' }],
  'GET /people/:id/drug-tests/:testId': [{ action: 'view_drug_test', person: 'person' }],
  'GET /people/:id/drug-tests/:testId/correct': [{ action: 'view_drug_test', person: 'person' }],
  'GET /people/:id/drug-tests/:testId/withdraw': [{ action: 'view_drug_test', person: 'person' }],
  'GET /people/:id/notes': [{ action: 'view_notes', person: 'person' }],
  'GET /reports/missing': [{ action: 'view_missing_reports' }],
  'GET /reviews/:id/outcome': [{ action: 'view_review', person: 'review' }],
  'GET /reviews/:id/statement': [{ action: 'view_statement', person: 'review' }],
  'GET /reviews/:id/outcome/edit': [{ action: 'view_review', person: 'heldReview' }],
  'GET /reviews/:id/outcome/check': [{ action: 'view_review', person: 'review' }],
  'GET /sittings/:id/pack': [{ action: 'view_pack' }],
  'GET /sittings/:id/pack.pdf': [{ action: 'print_pack' }],
  'GET /reviews/:id/pack': [{ action: 'view_pack', person: 'review' }],
  'GET /reviews/:id/pack.pdf': [{ action: 'print_pack', person: 'review' }],
  // Issuing a pack that warns of missing reports asks first, naming whose reports are missing.
  'GET /sittings/:id/pack/issue': [{ action: 'view_missing_reports' }],
  'GET /my-sittings': [{ action: 'view_paper_reviews' }],
  'GET /paper-reviews': [{ action: 'view_paper_reviews' }],
  'GET /paper-reviews/:id': [{ action: 'view_paper_review', person: 'paperReview' }],
  'GET /reviews/:id/bench-notes': [{ action: 'view_bench_notes', person: 'review' }],
  // Public: the feed's address is its credential; the row is the owner's, from the address that fetched it.
  'GET /calendar-feed/:token.ics': [{ action: 'read_calendar_feed' }],
  // Retention and subject access (DPA 2018 ss.39, 45, 47): admins only.
  'GET /admin/retention': [{ action: 'view_retention_due' }],
  'GET /admin/retention/people/:id': [{ action: 'view_legal_hold', person: 'person' }],
  'GET /people/:id/subject-access.zip': [{ action: 'export_subject_access', person: 'person' }],
  'GET /api/v1/people/:id/export': [{ action: 'export_subject_access', person: 'person' }],
}

/** GET routes that read no case data, each with why. */
const NO_CASE_DATA: Record<string, string> = {
  'GET /health': 'whether the service and its database answer',
  'GET /api/openapi.json': 'the API’s description',
  'GET /api/v1/courts': 'reference data: courts',
  'GET /api/v1/users': 'reference data: users (staff, not people on orders)',
  'GET /api/v1/organisations': 'reference data: organisations',
  'GET /api/v1/bank-holidays': 'reference data: bank holidays',
  'GET /api/v1/courts/:courtId/sittings': 'sittings with counts of places and continuity rates: no person named',
  'GET /sign-in': 'the sign-in form',
  'GET /sign-in/code': 'the sign-in form’s second step',
  'GET /accessibility-statement': 'the footer’s accessibility statement',
  'GET /privacy-notice': 'the footer’s privacy notice',
  'GET /cookies': 'the footer’s cookies page',
  'GET /account/two-step': 'the user’s own two-step verification',
  'GET /account/two-step/set-up': 'the user’s own two-step verification',
  'GET /account/password': 'the user’s own password form',
  'GET /': 'sends each role to its home page',
  'GET /account': 'the user’s own account',
  'GET /admin/users': 'staff accounts',
  'GET /admin/users/new': 'a blank form',
  'GET /admin/users/:id': 'a staff account',
  'GET /admin/users/:id/edit': 'a staff account',
  'GET /admin/organisations': 'reference data',
  'GET /admin/organisations/new': 'a blank form',
  'GET /admin/organisations/:id/edit': 'reference data',
  'GET /admin/courts': 'reference data',
  'GET /admin/courts/new': 'a blank form',
  'GET /admin/courts/:id/edit': 'reference data',
  'GET /admin/bank-holidays': 'reference data',
  'GET /admin/retention/settings': 'how many years each kind of record is kept: no person named',
  'GET /admin/mail': 'emails name no person (dates, courts and links only)',
  'GET /admin/mail/failed': 'emails name no person (dates, courts and links only)',
  'GET /admin/mail/:id': 'emails name no person (dates, courts and links only)',
  'GET /people/new': 'a blank form',
  'GET /calendar': 'sittings with counts of places and bench names: no person named',
  'GET /calendar/week': 'sittings with counts of places and bench names: no person named',
  'GET /sittings/new': 'a blank form',
  'GET /sittings/new-series': 'a blank form',
  'GET /sittings/:id/edit': 'the sitting’s room, places and bench: no person named',
  'GET /sittings/:id/cancel': 'the sitting’s room and count of places: no person named',
  'GET /drug-tests/template.csv': 'a blank template',
  'GET /drug-tests/upload': 'a blank form',
  'GET /drug-tests/codes': 'the codes a drug test file may use',
}

/** What a list or search needs in its query string to read anything. */
const QUERY: Record<string, string> = {
  'GET /people': '?q=Hearing+Person+A',
}

let ctx: TestContext
let a: Side
let b: Side
let restorePdf: () => void
let callers: Record<Role, Caller>
/** The person each kind of object in side A's world belongs to. */
let personOf: Partial<Record<ObjectKind, string>>
let feedOwnerId: string

const isGet = (r: DeclaredRoute) => r.method === 'GET'
const LOCAL = /^(::ffff:)?127\.0\.0\.1$|^::1$/

async function personOfReview(reviewId: string): Promise<string> {
  const row = await ctx
    .db('review as r')
    .join('requirement as q', 'q.id', 'r.requirement_id')
    .join('sentence_order as o', 'o.id', 'q.order_id')
    .where('r.id', reviewId)
    .first('o.person_id')
  return row.person_id as string
}

async function personOfRequirement(requirementId: string): Promise<string> {
  const row = await ctx
    .db('requirement as q')
    .join('sentence_order as o', 'o.id', 'q.order_id')
    .where('q.id', requirementId)
    .first('o.person_id')
  return row.person_id as string
}

beforeAll(async () => {
  ctx = await createTestContext()
  restorePdf = useFakePdfRenderer()
  ;({ a, b } = await makeSecurityWorld(ctx))
  callers = Object.fromEntries(
    await Promise.all(ROLES.map(async role => [role, await callerFor(ctx.app, role, a.users[role].email)])),
  )
  const o = a.objects
  personOf = {
    person: o.person,
    order: o.person,
    requirement: o.person,
    document: o.person,
    review: await personOfReview(o.review),
    paperReview: await personOfReview(o.paperReview),
    heldReview: await personOfReview(o.heldReview),
    warrant: (await ctx.repos.enforcement.warrant(o.warrant))!.personId,
    breach: await personOfRequirement((await ctx.repos.breaches.find(o.breach))!.requirementId),
    application: await personOfRequirement((await ctx.repos.amendments.application(o.application))!.requirementId),
  }
  const owner = await ctx
    .db('app_user')
    .where({ calendar_token_hash: sha256(o.calendarFeed) })
    .first('id')
  feedOwnerId = owner.id as string
})

afterAll(async () => {
  restorePdf()
  await ctx.close()
})

const lastId = async () => Number((await ctx.db('audit_event').max({ n: 'id' }).first())?.n ?? 0)
// A page may read two things side by side (the insight figures and the equality tables): its rows are compared
// as a set, in the order of their actions, not in the order they happened to commit.
const byAction = (a: { action: string }, b: { action: string }) => a.action.localeCompare(b.action)

const rowsAfter = (id: number) => ctx.db('audit_event').where('id', '>', id).orderBy('id')

describe('who saw this person: every read of case data is audited', () => {
  it('ASVS 16.3.2: when the route table is read, then every GET route is either a read with its audit rows or says why it reads no case data', () => {
    const gets = ctx.routeTable.filter(isGet).map(where)
    const unclassified = gets.filter(w => !(w in READS) && !(w in NO_CASE_DATA))
    const both = gets.filter(w => w in READS && w in NO_CASE_DATA)
    const stale = [...Object.keys(READS), ...Object.keys(NO_CASE_DATA)].filter(w => !gets.includes(w))

    expect(unclassified).toEqual([])
    expect(both).toEqual([])
    expect(stale).toEqual([])
  })

  it.each(ROLES)(
    'ASVS 16.3.2 / 16.2.1: when the %s user calls every GET route they may use, then each read writes exactly its audit rows: who, their role, the address, what, and the person',
    async role => {
      const caller = callers[role]
      const user = a.users[role]
      const routes = ctx.routeTable.filter(r => isGet(r) && allows(r.access, role))

      const results = []
      for (const route of routes) {
        const before = await lastId()
        const path = fill(route, objectsFor(a, role)) + (QUERY[where(route)] ?? '')
        const res = await send(ctx.app, route, path, caller)
        const rows = await rowsAfter(before)
        const answered =
          res.status === 200 || ([302, 303].includes(res.status) && res.headers.location !== paths.signIn)
        results.push({
          where: where(route),
          answered,
          rows: rows
            .map(r => ({
              action: r.action,
              user: r.user_id === user.id ? 'caller' : r.user_id === feedOwnerId ? 'feed owner' : r.user_id,
              role: r.role,
              ip: LOCAL.test(String(r.ip)),
              person: r.person_id,
              list: r.person_id === null && Array.isArray(JSON.parse(r.detail ?? '{}').personIds),
            }))
            .sort(byAction),
        })
      }

      const feed = where(ctx.routeTable.find(r => r.path === paths.calendarFeed(':token'))!)
      expect(routes.length).toBeGreaterThan(10)
      expect(results).toEqual(
        routes.map(route => ({
          where: where(route),
          answered: true,
          rows: (READS[where(route)] ?? [])
            .map(read => ({
              action: read.action,
              user: where(route) === feed ? 'feed owner' : 'caller',
              role: where(route) === feed ? 'provider' : role,
              ip: true,
              person: read.person ? personOf[read.person] : null,
              // A list names its people by id in its one row; the audit pages' own reads, a feed and the CSV of tests do not list people.
              list: !read.person && !['view_audit', 'export_audit', 'read_calendar_feed'].includes(read.action),
            }))
            .sort(byAction),
        })),
      )
    },
  )

  it('ASVS 16.3.2: when nobody is signed in, then no route writes an audit row but the calendar feed, whose row is its owner’s', async () => {
    const before = await lastId()
    for (const route of ctx.routeTable.filter(isGet)) {
      const path = fill(route, a.objects) + (QUERY[where(route)] ?? '')
      await request(ctx.app).get(path)
    }
    const rows = await rowsAfter(before)

    expect(rows.map(r => [r.action, r.user_id])).toEqual([['read_calendar_feed', feedOwnerId]])
  })
})

describe('refused access is audited', () => {
  it.each(SCOPED_ROLES)(
    'ASVS 16.3.2: when a %s user names the other side’s objects in every GET route their role may use, then each answers 404 and writes one access_refused row (who, role, address, method and path), and no read',
    async role => {
      const routes = ctx.routeTable.filter(
        r => isGet(r) && r.path.includes('/:') && Array.isArray(r.access) && allows(r.access, role),
      )
      const results = []
      for (const route of routes) {
        const before = await lastId()
        const path = fill(route, b.objects)
        const res = await send(ctx.app, route, path, callers[role])
        const rows = await rowsAfter(before)
        results.push({
          where: where(route),
          status: res.status,
          rows: rows.map(r => ({
            action: r.action,
            user: r.user_id,
            role: r.role,
            ip: LOCAL.test(String(r.ip)),
            person: r.person_id,
            detail: JSON.parse(r.detail),
          })),
        })
      }

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
      const results = []
      for (const route of routes) {
        const before = await lastId()
        const path = fill(route, a.objects)
        const res = await send(ctx.app, route, path, callers[role])
        const rows = await rowsAfter(before)
        results.push({
          where: where(route),
          status: res.status,
          rows: rows.map(r => ({
            action: r.action,
            user: r.user_id,
            role: r.role,
            ip: LOCAL.test(String(r.ip)),
            detail: JSON.parse(r.detail),
          })),
        })
      }

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
