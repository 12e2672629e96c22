import request from 'supertest'
import type { TestContext } from '../../support/testApp'
import { apiToken, signIn } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { newId } from '../../../server/utils/ids'
import { bearer, makeWorld } from '../scheduling/schedulingWorld'

export const FULL_REPORT = {
  attendance: 'Attended 7 of 8 appointments.',
  engagement: 'Engaged well in group work.',
  treatment: 'Stable on methadone.',
  testing: 'All tests negative for opiates.',
  recommendation: 'continue',
}

/**
 * A court with Tuesday sittings, a responsible officer (with a bearer token and a signed-in
 * browser), a second officer in the same organisation, and a clerk.
 */
export async function makeReportWorld(ctx: TestContext, options: { reportDueWorkingDays?: number } = {}) {
  const world = await makeWorld(ctx, options)
  const otherOfficer = await makeUser(ctx.services, 'probation', { organisationId: world.probationOrg.id })
  // Tokens expire (12 hours), and the tests move the clock by weeks: a fresh one after each move.
  const as = (email: string) => {
    let token: { value: string; at: number } | null = null
    const current = async () => {
      const at = ctx.clock.now().getTime()
      if (!token || Math.abs(at - token.at) > 60 * 60 * 1000) token = { value: await apiToken(ctx.app, email), at }
      return token.value
    }
    return {
      put: async (path: string, body: object) =>
        request(ctx.app)
          .put(`/api/v1${path}`)
          .set(bearer(await current()))
          .send(body),
      get: async (path: string) =>
        request(ctx.app)
          .get(`/api/v1${path}`)
          .set(bearer(await current())),
    }
  }

  /** A person on a DRR whose first review is listed in the sitting on `sittingDate`. */
  async function personWithReview(sittingDate: string, madeOn: string) {
    const order = await world.addOrder({ madeOn, months: 3 })
    const first = order.reviews.find(r => r.status === 'scheduled')
    if (!first) throw new Error(`no listed review: ${JSON.stringify(order.reviews)}`)
    if (first.startsAt?.slice(0, 10) !== sittingDate) throw new Error(`review listed on ${first.startsAt}`)
    return { ...order, review: first }
  }

  /** The provider's update for a review, as the provider's pages would store it. */
  async function providerUpdate(
    reviewId: string,
    values: { treatmentView: string; appointmentsOffered: number | null; appointmentsKept: number | null },
  ) {
    const at = ctx.services.clock.now().toISOString()
    await ctx.db('provider_update').insert({
      id: newId(),
      review_id: reviewId,
      organisation_id: world.providerOrg.id,
      author_id: world.providerWorker.id,
      treatment_view: values.treatmentView,
      engagement: null,
      appointments_offered: values.appointmentsOffered,
      appointments_kept: values.appointmentsKept,
      created_at: at,
      updated_at: at,
    })
  }

  async function drugTest(personId: string, takenOn: string, results: Record<string, string>) {
    await ctx.db('drug_test').insert({
      id: newId(),
      person_id: personId,
      taken_on: takenOn,
      method: 'urine',
      results: JSON.stringify(results),
      organisation_id: world.providerOrg.id,
      entered_by: world.providerWorker.id,
      created_at: ctx.services.clock.now().toISOString(),
    })
  }

  return {
    ...world,
    otherOfficer,
    officerApi: as(world.officer.email),
    otherApi: as(otherOfficer.email),
    clerkReportApi: as(world.clerk.email),
    officerAgent: () => signIn(ctx.app, world.officer.email),
    otherAgent: () => signIn(ctx.app, otherOfficer.email),
    clerkAgent: () => signIn(ctx.app, world.clerk.email),
    personWithReview,
    providerUpdate,
    drugTest,
  }
}

export type ReportWorld = Awaited<ReturnType<typeof makeReportWorld>>

/** Page text without tags, entities decoded, whitespace collapsed: what a reader sees. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The HTML of the element carrying data-qa="name" (up to the end of its line block). */
export function qa(html: string, name: string): string {
  const start = html.indexOf(`data-qa="${name}"`)
  if (start < 0) return ''
  const open = html.lastIndexOf('<', start)
  const tag = /^<([a-z0-9]+)/i.exec(html.slice(open))?.[1] ?? 'div'
  let depth = 0
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi')
  re.lastIndex = open
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1
    if (depth === 0) return html.slice(open, m.index + m[0].length)
  }
  return html.slice(open)
}
