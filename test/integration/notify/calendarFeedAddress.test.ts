import request from 'supertest'
import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import type { World } from '../scheduling/schedulingWorld'
import { qa, textOf } from '../progress/progressWorld'
import { toCurrentUser } from '../../../server/services/authService'
import { paths } from '../../../server/paths'
import { sha256 } from '../../../server/utils/ids'
import { feedHelpers, FEED_START, makeCalendarWorld } from './calendarFeedWorld'

// A calendar feed address: private (only a hash of its token is kept), revocable, audited, and read
// without a session. The world (calendarFeedWorld.ts) gives the officer whose feed has hearings.

let ctx: TestContext
let w: World

beforeAll(async () => {
  ctx = await createTestContext({ now: FEED_START })
  const made = await makeCalendarWorld(ctx)
  w = made.w
})

afterAll(async () => {
  await ctx.close()
})

const { makeFeed, fetchFeed } = feedHelpers(() => ctx)

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
