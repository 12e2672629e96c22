import request from 'supertest'
import type { TestContext } from '../../support/testApp'
import { apiToken } from '../../support/testApp'
import { makeOrganisation, makeUser } from '../../support/factories'
import { bearer } from '../scheduling/schedulingWorld'
import { makePackWorld } from '../packs/packWorld'

/**
 * The pack world (a person whose first review was held on 7 April 2026 and whose second is listed on
 * 12 May 2026 before magistrates 1 and 2), with a second provider organisation's worker, and the API
 * as any of its users (a fresh token each call, so the tests may move the clock).
 */
export async function makeStatementWorld(ctx: TestContext, name?: string) {
  const w = await makePackWorld(ctx, name)
  const otherProviderOrg = await makeOrganisation(ctx.services, 'provider')
  const otherProvider = await makeUser(ctx.services, 'provider', { organisationId: otherProviderOrg.id })
  const admin = await makeUser(ctx.services, 'admin')

  async function api(email: string, method: 'get' | 'put' | 'post', path: string, body?: object) {
    const token = await apiToken(ctx.app, email)
    const req = request(ctx.app)[method](`/api/v1${path}`).set(bearer(token))
    return body ? req.send(body) : req
  }

  /** Another person on a 6-month order made on 1 April 2026, their first review listed on 12 May (any clock). */
  let people = 0
  async function addListedCase(): Promise<{ personId: string; reviewId: string }> {
    people += 1
    const crn = `Y${String(500000 + people)}`
    const person = await api(w.clerk.email, 'post', '/people', {
      name: `Case ${people}`,
      dateOfBirth: '1991-02-03',
      crn,
      pnc: null,
    })
    if (person.status !== 201) throw new Error(`person: ${person.status} ${person.text}`)
    const order = await api(
      w.clerk.email,
      'post',
      '/orders',
      w.orderBody(person.body.id, { madeOn: '2026-04-01', months: 6 }),
    )
    if (order.status !== 201) throw new Error(`order: ${order.status} ${order.text}`)
    const reviews = order.body.requirements[0].reviews as { id: string; sittingId: string | null }[]
    const listed = reviews.find(r => r.sittingId === w.second.id)
    if (!listed) throw new Error(`not listed on 12 May: ${JSON.stringify(reviews)}`)
    return { personId: person.body.id, reviewId: listed.id }
  }

  /** The audit rows of an action, newest last. */
  const auditRows = (action: string) =>
    ctx.db('audit_event').where({ action }).orderBy('id').select('user_id', 'person_id', 'subject_id', 'detail')

  return { ...w, otherProvider, admin, api, auditRows, addListedCase }
}

export type StatementWorld = Awaited<ReturnType<typeof makeStatementWorld>>
