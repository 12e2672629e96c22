import request from 'supertest'
import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'
import { decode, errorSummary } from '../../support/html'
import { makeWorld, type World } from '../scheduling/schedulingWorld'
import { qa, textOf } from '../progress/progressWorld'
import { toCurrentUser } from '../../../server/services/authService'
import { paths } from '../../../server/paths'
import { sha256 } from '../../../server/utils/ids'

// A court with two sittings (7 April: magistrate 1; 12 May: magistrates 1 and 2) and two people,
// each with a review in both: Zed's with the world's officer and provider, Quinn's with another
// officer and another provider. Their names and health details must never reach a feed.
const ZED = 'Zed Secretname'
const QUINN = 'Quinn Hiddenperson'

let ctx: TestContext
let w: World
let other: {
  officer: Awaited<ReturnType<typeof makeUser>>
  provider: Awaited<ReturnType<typeof makeUser>>
}
let zedReviews: string[]
let quinnReviews: string[]
let first: { id: string }
let second: { id: string }

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

/** Makes a feed address through the account page, as the user would; answers the path to fetch. */
async function makeFeed(agent: ReturnType<typeof request.agent>): Promise<string> {
  const res = await submitForm(agent, paths.account, {}, paths.accountCalendarFeed)
  expect(res.status).toBe(200)
  const url = /value="([^"]+)"/.exec(qa(res.text, 'feed-url'))?.[1]
  expect(url?.startsWith(`${ctx.config.baseUrl}/calendar-feed/`)).toBe(true)
  return decode(url!).slice(ctx.config.baseUrl.length)
}

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '')
const uids = (ics: string) =>
  [...unfold(ics).matchAll(/^UID:review-(.+)@drr-reviews\.service\r$/gm)].map(m => m[1]).sort()
const fetchFeed = (path: string) => request(ctx.app).get(path)

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  w = await makeWorld(ctx)
  first = await w.addSitting('2026-04-07', { benchUserIds: [w.magistrate1.id] })
  second = await w.addSitting('2026-05-12', { benchUserIds: [w.magistrate1.id, w.magistrate2.id] })
  const otherProviderOrg = await makeOrganisation(ctx.services, 'provider')
  other = {
    officer: await makeUser(ctx.services, 'probation', { organisationId: w.probationOrg.id }),
    provider: await makeUser(ctx.services, 'provider', { organisationId: otherProviderOrg.id }),
  }
  zedReviews = await order(ZED, w.officer.id, w.providerOrg.id)
  quinnReviews = await order(QUINN, other.officer.id, otherProviderOrg.id)
})

afterAll(async () => {
  await ctx.close()
})

describe('a calendar feed: who sees which hearings', () => {
  it("when an officer reads their feed, then it has their hearings and not another officer's", async () => {
    const path = await makeFeed(await signIn(ctx.app, w.officer.email))

    const res = await fetchFeed(path)

    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(uids(res.text)).toEqual([...zedReviews].sort())
    expect(unfold(res.text)).toContain(`URL;VALUE=URI:${ctx.config.baseUrl}${paths.reports.edit(zedReviews[0])}`)
    const otherPath = await makeFeed(await signIn(ctx.app, other.officer.email))
    expect(uids((await fetchFeed(otherPath)).text)).toEqual([...quinnReviews].sort())
  })

  it("when a provider reads their feed, then it has their organisation's clients' hearings only", async () => {
    const mine = await fetchFeed(await makeFeed(await signIn(ctx.app, w.providerWorker.email)))
    const theirs = await fetchFeed(await makeFeed(await signIn(ctx.app, other.provider.email)))

    expect(uids(mine.text)).toEqual([...zedReviews].sort())
    expect(uids(theirs.text)).toEqual([...quinnReviews].sort())
  })

  it('when a sentencer reads their feed, then it has the sittings they sit on only', async () => {
    const both = await fetchFeed(await makeFeed(await signIn(ctx.app, w.magistrate1.email)))
    const secondOnly = await fetchFeed(await makeFeed(await signIn(ctx.app, w.magistrate2.email)))

    expect(uids(both.text)).toEqual([...zedReviews, ...quinnReviews].sort())
    expect(uids(secondOnly.text)).toEqual([zedReviews[1], quinnReviews[1]].sort())
  })

  it('when a clerk reads their feed, then it has the hearings at their courts', async () => {
    const elsewhere = await makeCourt(ctx.services)
    const otherCourtClerk = await makeUser(ctx.services, 'clerk', { courtIds: [elsewhere.id] })
    const thisCourtClerk = await makeUser(ctx.services, 'clerk', { courtIds: [w.court.id] })

    const here = await fetchFeed(await makeFeed(await signIn(ctx.app, thisCourtClerk.email)))
    const there = await fetchFeed(await makeFeed(await signIn(ctx.app, otherCourtClerk.email)))

    expect(uids(here.text)).toEqual([...zedReviews, ...quinnReviews].sort())
    expect(uids(there.text)).toEqual([])
    expect(there.text).toContain('BEGIN:VCALENDAR')
  })

  it('when a feed is read, then each entry is the court, London wall time and a link, with no names or health data', async () => {
    await ctx.db('review').where({ id: zedReviews[1] }).update({ calendar_sequence: 3 })
    const res = await fetchFeed(await makeFeed(await signIn(ctx.app, w.officer.email)))

    // 12 May 2026 10:00 in London is 09:00 UTC (BST): the entry says 10:00 in Europe/London.
    const event = /BEGIN:VEVENT\r\nUID:review-(.+?)@[\s\S]*?END:VEVENT/g
    const byReview = Object.fromEntries([...unfold(res.text).matchAll(event)].map(m => [m[1], m[0]]))
    expect(byReview[zedReviews[1]]).toContain('DTSTART;TZID=Europe/London:20260512T100000')
    expect(byReview[zedReviews[1]]).toContain('SEQUENCE:3')
    expect(byReview[zedReviews[1]]).toContain(`LOCATION:${w.court.name}\\, courtroom 3`)
    expect(byReview[zedReviews[0]]).toContain('SEQUENCE:0')
    expect(res.text).toContain('BEGIN:VTIMEZONE')
    const person = await ctx.db('person').where({ name: ZED }).first()
    for (const forbidden of [ZED, 'Secretname', person.crn, person.date_of_birth, w.officer.name, w.officer.email])
      expect(res.text).not.toContain(forbidden)
    expect(res.text).not.toMatch(/methadone|opiate|cocaine|drug test|positive|negative/i)
  })

  it('when a review is vacated or its sitting is long past, then the feed drops it', async () => {
    const path = await makeFeed(await signIn(ctx.app, other.officer.email))
    await ctx.db('review').where({ id: quinnReviews[1] }).update({ status: 'vacated', slot_index: null })
    expect(uids((await fetchFeed(path)).text)).toEqual([quinnReviews[0]])

    await ctx.db('review').where({ id: quinnReviews[0] }).update({ status: 'held' })
    ctx.clock.set('2026-05-01T09:00:00Z')
    try {
      expect(uids((await fetchFeed(path)).text)).toEqual([quinnReviews[0]])
      ctx.clock.set('2026-05-08T09:00:00Z')
      expect(uids((await fetchFeed(path)).text)).toEqual([])
    } finally {
      ctx.clock.set('2026-03-02T09:00:00Z')
    }
  })

  it('when an administrator makes a feed, then it is an empty calendar', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const res = await fetchFeed(await makeFeed(await signIn(ctx.app, admin.email)))

    expect(res.status).toBe(200)
    expect(uids(res.text)).toEqual([])
  })
})

describe('a calendar feed: a private, revocable address', () => {
  it('when the feed is turned off, then its address answers 404 and the page says it is off', async () => {
    const officer = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, officer.email)
    const path = await makeFeed(agent)
    expect((await fetchFeed(path)).status).toBe(200)
    expect(textOf(qa((await agent.get(paths.account)).text, 'feed-status'))).toContain(
      'You have a calendar feed address',
    )

    const res = await submitForm(agent, paths.account, {}, paths.accountCalendarFeedRevoke)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(paths.account)
    const gone = await fetchFeed(path)
    expect(gone.status).toBe(404)
    expect(gone.type).toBe('text/plain')
    expect(gone.headers['cache-control']).toBe('no-store')
    const page = await agent.get(paths.account)
    expect(textOf(qa(page.text, 'flash'))).toContain('Calendar feed address turned off')
    expect(textOf(qa(page.text, 'feed-status'))).toContain('You do not have a calendar feed address')
    const row = await ctx.db('app_user').where({ id: officer.id }).first()
    expect(row.calendar_token_hash).toBeNull()
  })

  it('when a new address is made, then the old one answers 404 and the new one works', async () => {
    const agent = await signIn(ctx.app, w.officer.email)
    const old = await makeFeed(agent)
    const fresh = await makeFeed(agent)

    expect(fresh).not.toBe(old)
    expect((await fetchFeed(old)).status).toBe(404)
    expect((await fetchFeed(fresh)).status).toBe(200)
  })

  it('when the token is made, then only its SHA-256 is kept and the address is never shown again', async () => {
    const officer = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, officer.email)
    const path = await makeFeed(agent)
    const token = /\/calendar-feed\/([A-Za-z0-9_-]+)\.ics$/.exec(path)![1]

    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    const row = await ctx.db('app_user').where({ id: officer.id }).first()
    expect(row.calendar_token_hash).toBe(sha256(token))
    const sessions = await ctx.db('session').select('sess')
    expect(sessions.some(s => String(s.sess).includes(token))).toBe(false)
    expect((await agent.get(paths.account)).text).not.toContain(token)
  })

  it('when a calendar application polls the feed, then no session is started for it', async () => {
    const agent = await signIn(ctx.app, w.officer.email)
    const path = await makeFeed(agent)
    const before = (await ctx.db('session').count({ n: '*' }))[0].n

    const polls = [await fetchFeed(path), await fetchFeed(path)]

    for (const res of polls) {
      expect(res.status).toBe(200)
      expect(res.headers['set-cookie']).toBeUndefined()
    }
    expect((await ctx.db('session').count({ n: '*' }))[0].n).toEqual(before)
  })

  it('when the token is unknown or malformed, then the answer is a bare 404', async () => {
    for (const path of [paths.calendarFeed('A'.repeat(43)), paths.calendarFeed('nope'), '/calendar-feed/x%00y.ics']) {
      const res = await fetchFeed(path)
      expect(res.status).toBe(404)
      expect(res.text).not.toContain('BEGIN:VCALENDAR')
    }
  })

  it("when the feed's owner is disabled, then the feed answers 404, and again once they are enabled", async () => {
    const officer = await makeUser(ctx.services, 'probation')
    const admin = toCurrentUser(await makeUser(ctx.services, 'admin'))
    const path = await makeFeed(await signIn(ctx.app, officer.email))

    await ctx.services.users.setDisabled(admin, officer.id, true)
    expect((await fetchFeed(path)).status).toBe(404)
    await ctx.services.users.setDisabled(admin, officer.id, false)
    expect((await fetchFeed(path)).status).toBe(200)
  })

  it('when a feed is made, replaced, read and turned off, then each is audited, the read against its owner (and their role) from the address that fetched it, never the feed’s address', async () => {
    const officer = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, officer.email)
    await makeFeed(agent)
    const path = await makeFeed(agent)
    await fetchFeed(path)
    await submitForm(agent, paths.account, {}, paths.accountCalendarFeedRevoke)

    const events = await ctx.services.audit.list({ userId: officer.id })
    const feedEvents = events.filter(e => /calendar_feed/.test(e.action)).reverse()
    expect(feedEvents.map(e => e.action)).toEqual([
      'create_calendar_feed',
      'replace_calendar_feed',
      'read_calendar_feed',
      'revoke_calendar_feed',
    ])
    const read = feedEvents[2]
    expect(read).toEqual(
      expect.objectContaining({
        subjectId: officer.id,
        role: 'probation',
        ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
        detail: { hearings: 0 },
      }),
    )
    expect(JSON.stringify(read)).not.toContain(path.split('/').pop()!.replace('.ics', ''))
  })

  it('when a form is sent without its CSRF token, then nothing changes', async () => {
    const officer = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, officer.email)

    const created = await agent.post(paths.accountCalendarFeed).type('form').send({})
    const revoked = await agent.post(paths.accountCalendarFeedRevoke).type('form').send({ _csrf: 'forged' })

    expect(created.status).toBe(403)
    expect(revoked.status).toBe(403)
    expect((await ctx.db('app_user').where({ id: officer.id }).first()).calendar_token_hash).toBeNull()
  })

  it('when someone not signed in asks for the account page or posts its forms, then they are sent to sign in', async () => {
    const page = await request(ctx.app).get(paths.account)
    const post = await request(ctx.app).post(paths.accountCalendarFeed).type('form').send({})

    expect(page.status).toBe(302)
    expect(page.headers.location).toBe(paths.signIn)
    expect([303, 403]).toContain(post.status)
  })
})

describe('the account page', () => {
  it.each(['clerk', 'probation', 'provider', 'sentencer', 'admin'] as const)(
    'when a %s is signed in, then the header links to their account page, which offers a feed',
    async role => {
      const user = await makeUser(ctx.services, role)
      const agent = await signIn(ctx.app, user.email)
      const home = await agent.get(paths.home).redirects(2)
      expect(home.status).toBe(200)
      expect(qa(home.text, 'account-link')).toContain(`href="${paths.account}"`)

      const res = await agent.get(paths.account)

      expect(res.status).toBe(200)
      expect(textOf(qa(res.text, 'feed-status'))).toContain('You do not have a calendar feed address')
      expect(qa(res.text, 'create-feed')).toContain('name="_csrf"')
      expect(Boolean(qa(res.text, 'digest-form'))).toBe(role === 'clerk')
    },
  )

  it('when a clerk turns the daily digest off, then it is saved and shown, and back on again', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, clerk.email)
    expect(qa((await agent.get(paths.account)).text, 'digest-form')).toMatch(/value="yes" checked/)

    const off = await submitForm(agent, paths.account, { digest: 'no' }, paths.accountDigest)

    expect(off.status).toBe(303)
    expect((await ctx.db('app_user').where({ id: clerk.id }).first()).digest_opt_out).toBeTruthy()
    expect(await ctx.services.calendarFeeds.wantsDigest(toCurrentUser(clerk))).toBe(false)
    const page = await agent.get(paths.account)
    expect(textOf(qa(page.text, 'flash'))).toBe('Success You will not get the daily digest email.')
    expect(qa(page.text, 'digest-form')).toMatch(/value="no" checked/)
    expect(qa(page.text, 'digest-form')).not.toMatch(/value="yes" checked/)
    expect(textOf(page.text)).toContain('Essential notices are always sent and cannot be turned off')

    await submitForm(agent, paths.account, { digest: 'yes' }, paths.accountDigest)
    expect((await ctx.db('app_user').where({ id: clerk.id }).first()).digest_opt_out).toBeFalsy()
    const audit = await ctx.services.audit.list({ userId: clerk.id, action: 'set_digest' })
    expect(audit.map(e => e.detail)).toEqual([{ digest: true }, { digest: false }])
  })

  it('when the digest answer is missing or unknown, then the page shows the error summary and nothing changes', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, clerk.email)

    for (const body of [{}, { digest: 'maybe' }]) {
      const res = await submitForm(agent, paths.account, body, paths.accountDigest)
      expect(res.status).toBe(303)
      const page = await agent.get(paths.account)
      expect(errorSummary(page.text)).toEqual(['#digest: Select yes if you want the daily digest email'])
      expect(page.text).toContain('<title>Error: Your account')
      expect(page.text).toContain('id="digest-error"')
    }
    expect((await ctx.db('app_user').where({ id: clerk.id }).first()).digest_opt_out).toBeFalsy()
  })

  it('when someone other than a clerk posts the digest form, then it is refused', async () => {
    const officer = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, officer.email)
    const page = await agent.get(paths.account)

    const res = await agent
      .post(paths.accountDigest)
      .type('form')
      .send({ digest: 'no', _csrf: csrfFrom(page.text) })

    expect(res.status).toBe(403)
    expect((await ctx.db('app_user').where({ id: officer.id }).first()).digest_opt_out).toBeFalsy()
  })
})
