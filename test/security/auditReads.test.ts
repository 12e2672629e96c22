import request from 'supertest'
import { ROLES, type Role } from '../../server/roles'
import { paths } from '../../server/paths'
import { sha256 } from '../../server/utils/ids'
import { createTestContext, type TestContext } from '../support/testApp'
import type { ObjectKind, Side } from './securityObjects'
import { makeSecurityWorld } from './securityWorld'
import { allows, callerFor, fill, objectsFor, send, useFakePdfRenderer, where, type Caller } from './securitySupport'
import {
  LOCAL,
  NO_CASE_DATA,
  QUERY,
  READS,
  byAction,
  isGet,
  lastId as lastIdIn,
  rowsAfter as rowsAfterIn,
} from './auditRoutes'

// Who saw this person (DPA 2018 s.62; ASVS 5.0 16.2.1 and 16.3.2). Generated from the route table:
// every GET route is either a read of case data, with the audit rows it must write, or listed in
// auditRoutes.ts with the reason it reads none. A new route that is neither fails here until it is
// classified, so a new page cannot forget its audit row. Refusals are in auditRefusals.test.ts.

let ctx: TestContext
let a: Side
let restorePdf: () => void
let callers: Record<Role, Caller>
/** The person each kind of object in side A's world belongs to. */
let personOf: Partial<Record<ObjectKind, string>>
let feedOwnerId: string

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
  ;({ a } = await makeSecurityWorld(ctx))
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

const lastId = () => lastIdIn(ctx.db)
const rowsAfter = (id: number) => rowsAfterIn(ctx.db, id)

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
