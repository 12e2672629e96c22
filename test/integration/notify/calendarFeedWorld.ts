import request from 'supertest'
import { submitForm, type TestContext } from '../../support/testApp'
import { makeOrganisation, makeUser } from '../../support/factories'
import { decode } from '../../support/html'
import { makeWorld, type World } from '../scheduling/schedulingWorld'
import { qa } from '../progress/progressWorld'
import { paths } from '../../../server/paths'

// A court with two sittings (7 April: magistrate 1; 12 May: magistrates 1 and 2) and two people,
// each with a review in both: Zed's with the world's officer and provider, Quinn's with another
// officer and another provider. Their names and health details must never reach a feed.
export const ZED = 'Zed Secretname'
export const QUINN = 'Quinn Hiddenperson'

// Monday 2 March 2026, 9am in London: the orders are made, the sittings are to come.
export const FEED_START = '2026-03-02T09:00:00Z'

/** The calendar feed world above, made in the context given (whose clock stands at FEED_START). */
export async function makeCalendarWorld(ctx: TestContext) {
  const w: World = await makeWorld(ctx)
  const first = await w.addSitting('2026-04-07', { benchUserIds: [w.magistrate1.id] })
  const second = await w.addSitting('2026-05-12', { benchUserIds: [w.magistrate1.id, w.magistrate2.id] })

  async function order(name: string, officerId: string, providerOrganisationId: string): Promise<string[]> {
    const person = await w.addPerson(name)
    const body = w.orderBody(person.id, { madeOn: '2026-03-06', months: 6 })
    body.requirements[0] = { ...body.requirements[0], responsibleOfficerId: officerId, providerOrganisationId }
    const res = await w.clerkApi.post('/orders', body)
    if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`)
    const reviews = res.body.requirements[0].reviews as { id: string; sittingId: string | null }[]
    const listed = [first.id, second.id].map(s => reviews.find(r => r.sittingId === s)?.id)
    if (listed.some(id => !id)) throw new Error(`reviews not listed as expected: ${JSON.stringify(reviews)}`)
    return listed as string[]
  }

  const otherProviderOrg = await makeOrganisation(ctx.services, 'provider')
  const other = {
    officer: await makeUser(ctx.services, 'probation', { organisationId: w.probationOrg.id }),
    provider: await makeUser(ctx.services, 'provider', { organisationId: otherProviderOrg.id }),
  }
  const zedReviews = await order(ZED, w.officer.id, w.providerOrg.id)
  const quinnReviews = await order(QUINN, other.officer.id, otherProviderOrg.id)
  return { w, first, second, other, zedReviews, quinnReviews }
}

export type CalendarWorld = Awaited<ReturnType<typeof makeCalendarWorld>>

export const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '')
export const uids = (ics: string) =>
  [...unfold(ics).matchAll(/^UID:review-(.+)@drr-reviews\.service\r$/gm)].map(m => m[1]).sort()

/** The helpers of a test file, bound to its context (made in its beforeAll, hence read when called). */
export function feedHelpers(getCtx: () => TestContext) {
  /** Makes a feed address through the account page, as the user would; answers the path to fetch. */
  async function makeFeed(agent: ReturnType<typeof request.agent>): Promise<string> {
    const ctx = getCtx()
    const res = await submitForm(agent, paths.account, {}, paths.accountCalendarFeed)
    expect(res.status).toBe(200)
    const url = /value="([^"]+)"/.exec(qa(res.text, 'feed-url'))?.[1]
    expect(url?.startsWith(`${ctx.config.baseUrl}/calendar-feed/`)).toBe(true)
    return decode(url!).slice(ctx.config.baseUrl.length)
  }

  const fetchFeed = (path: string) => request(getCtx().app).get(path)

  return { makeFeed, fetchFeed }
}
