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

  /** The audit rows of an action, newest last. */
  const auditRows = (action: string) =>
    ctx.db('audit_event').where({ action }).orderBy('id').select('user_id', 'person_id', 'subject_id', 'detail')

  return { ...w, otherProvider, admin, api, auditRows }
}

export type StatementWorld = Awaited<ReturnType<typeof makeStatementWorld>>
