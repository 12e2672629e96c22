import request from 'supertest'
import type { TestContext } from '../../support/testApp'
import { apiToken } from '../../support/testApp'
import { makeOrganisation, makeUser } from '../../support/factories'
import { bearer, makeWorld, type ApiReview } from '../scheduling/schedulingWorld'

/**
 * Issue 23's world: one court with a sitting on Thursday 19 March 2026 (magistrate 1 on its bench), two
 * people listed in it on DRRs (first reviews), their officer, the provider's worker, and an officer of
 * another organisation who sees neither. Tokens for each. The clock stands at Monday 2 March 2026.
 */
export async function makeAccessWorld(ctx: TestContext) {
  const world = await makeWorld(ctx)
  const sitting = await world.addSitting('2026-03-19')
  const first = await world.addOrder({ madeOn: '2026-02-16', months: 6 })
  const second = await world.addOrder({ madeOn: '2026-02-16', months: 6 })
  const otherOrg = await makeOrganisation(ctx.services, 'probation')
  const otherOfficer = await makeUser(ctx.services, 'probation', { organisationId: otherOrg.id })
  const as = (token: string) => ({
    get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
    put: (path: string, body: object) => request(ctx.app).put(`/api/v1${path}`).set(bearer(token)).send(body),
  })
  const listedReview = (reviews: ApiReview[]) => reviews.find(r => r.sittingId === sitting.id)!
  return {
    world,
    sitting,
    first: { ...first, review: listedReview(first.reviews) },
    second: { ...second, review: listedReview(second.reviews) },
    otherOfficer,
    clerk: as(world.clerkToken),
    officer: as(await apiToken(ctx.app, world.officer.email)),
    provider: as(await apiToken(ctx.app, world.providerWorker.email)),
    magistrate: as(await apiToken(ctx.app, world.magistrate1.email)),
    otherMagistrate: as(await apiToken(ctx.app, world.magistrate2.email)),
    stranger: as(await apiToken(ctx.app, otherOfficer.email)),
  }
}

export type AccessWorld = Awaited<ReturnType<typeof makeAccessWorld>>

/** The audit rows after `id`, newest last. */
export const auditAfter = async (ctx: TestContext, id: number) =>
  ctx.db('audit_event').where('id', '>', id).orderBy('id') as Promise<
    { action: string; user_id: string; person_id: string | null; subject_id: string | null; detail: string | null }[]
  >

export const lastAuditId = async (ctx: TestContext) =>
  Number((await ctx.db('audit_event').max({ n: 'id' }).first())?.n ?? 0)
