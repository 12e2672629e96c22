import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeCourt, makeUser } from '../../support/factories'
import type { World } from '../scheduling/schedulingWorld'
import { paths } from '../../../server/paths'
import { feedHelpers, FEED_START, makeCalendarWorld, unfold, uids, ZED, type CalendarWorld } from './calendarFeedWorld'

// A calendar feed: who sees which hearings. The world (calendarFeedWorld.ts) is a court with two
// sittings and two people, Zed and Quinn, with different officers and providers; their names and
// health details must never reach a feed.

let ctx: TestContext
let w: World
let other: CalendarWorld['other']
let zedReviews: string[]
let quinnReviews: string[]

beforeAll(async () => {
  ctx = await createTestContext({ now: FEED_START })
  const made = await makeCalendarWorld(ctx)
  w = made.w
  other = made.other
  zedReviews = made.zedReviews
  quinnReviews = made.quinnReviews
})

afterAll(async () => {
  await ctx.close()
})

const { makeFeed, fetchFeed } = feedHelpers(() => ctx)

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
