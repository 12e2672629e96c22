import request from 'supertest'
import { createTestContext, type TestContext } from '../../support/testApp'
import { makeCourt, makeUser } from '../../support/factories'
import { toCurrentUser } from '../../../server/services/authService'
import { makeAccessWorld, type AccessWorld } from './accessWorld'

/**
 * Issue 23 in the emails: the clerks' daily digest counts the interpreters needed at their courts' hearings
 * over the next 7 days and how many are not yet booked (counts and dates only: no names, no languages);
 * review emails and calendar invites say "in person" or "by video link", and never carry the video room or
 * reference, whichever way they are sent (listing, a change of attendance, a move, the calendar feed).
 */

let ctx: TestContext
let w: AccessWorld

beforeEach(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  w = await makeAccessWorld(ctx)
})
afterEach(async () => {
  await ctx.close()
})

const ROOM = 'SECRET-ROOM-4471'

/** Every email queued so far, rendered: subject, text, HTML and any invite. */
async function everyEmail() {
  return (await ctx.services.mail.outbox.list({ limit: 1000 })).map(m => ({
    to: m.to,
    template: m.template,
    subject: m.subject,
    text: m.text,
    html: m.html,
    calendar: m.calendar?.content ?? '',
  }))
}

const digestsTo = async (email: string) =>
  (await everyEmail()).filter(m => m.to === email && m.template === 'daily-digest')

async function needsInterpreter(personId: string, language = 'Polish') {
  const res = await w.clerk.put(`/people/${personId}/access-needs`, {
    interpreterLanguage: language,
    adjustments: [],
  })
  expect(res.status).toBe(200)
}

describe('the clerks’ daily digest counts interpreters', () => {
  it('when two people listed on Thursday need interpreters and one is booked, then Wednesday’s digest says "2 interpreters needed, 1 not yet booked", with no name or language', async () => {
    const clerk = await makeUser(ctx.services, 'clerk', { courtIds: [w.world.court.id] })
    await needsInterpreter(w.first.person.id)
    await needsInterpreter(w.second.person.id, 'Tigrinya')
    expect((await w.clerk.put(`/reviews/${w.first.review.id}/interpreter`, { booked: true })).status).toBe(200)

    ctx.clock.set('2026-03-18T07:00:00Z')
    await ctx.services.mail.reminders.run()
    const [digest] = await digestsTo(clerk.email)

    expect(digest.text).toContain('Interpreters needed in the next 7 days:')
    expect(digest.text).toContain('- Thursday 19 March 2026: 2 interpreters needed, 1 not yet booked')
    expect(digest.html).toContain('Thursday 19 March 2026: <strong>2 interpreters needed, 1 not yet booked</strong>')
    for (const word of ['Polish', 'Tigrinya', 'Alex Example', w.first.person.crn])
      expect(`${digest.subject}${digest.text}${digest.html}`).not.toContain(word)
  })

  it('when the hearing needing an interpreter is six days away and nothing sits tomorrow, then the digest still comes, with that day’s count; a clerk of another court gets none', async () => {
    const clerk = await makeUser(ctx.services, 'clerk', { courtIds: [w.world.court.id] })
    const otherCourt = await makeCourt(ctx.services, { name: 'Another court' })
    const elsewhere = await makeUser(ctx.services, 'clerk', { courtIds: [otherCourt.id] })
    await needsInterpreter(w.first.person.id)

    ctx.clock.set('2026-03-13T07:00:00Z') // Friday: tomorrow is Saturday, the hearing the Thursday after
    await ctx.services.mail.reminders.run()
    const [digest] = await digestsTo(clerk.email)

    expect(digest.text).toContain('No review sittings at your courts tomorrow.')
    expect(digest.text).toContain('- Thursday 19 March 2026: 1 interpreter needed, 1 not yet booked')
    expect(await digestsTo(elsewhere.email)).toHaveLength(0)
  })

  it('when the hearing is eight days away, then it is not counted yet', async () => {
    const clerk = await makeUser(ctx.services, 'clerk', { courtIds: [w.world.court.id] })
    await needsInterpreter(w.first.person.id)

    ctx.clock.set('2026-03-11T07:00:00Z') // Wednesday: the next 7 days are 12 to 18 March
    await ctx.services.mail.reminders.run()

    expect(await digestsTo(clerk.email)).toHaveLength(0)
  })
})

describe('the video room or reference is never in an email or an invite', () => {
  it('when a listed hearing changes to video, then the officer and the provider get an updated invite saying "by video link", and no email, invite or feed anywhere carries the room', async () => {
    const before = (await everyEmail()).length
    const res = await w.clerk.put(`/reviews/${w.first.review.id}/attendance-mode`, {
      mode: 'video',
      videoReference: ROOM,
      reason: 'Live link from residential rehab',
    })
    expect(res.status).toBe(200)

    const sent = (await everyEmail()).slice(before)
    expect(sent.map(m => m.to).sort()).toEqual([w.world.officer.email, w.world.providerWorker.email].sort())
    for (const m of sent) {
      expect(m.subject).toBe('Review hearing: the person now attends by video link')
      expect(m.text).toContain('Attends: By video link')
      expect(m.calendar).toContain('METHOD:REQUEST')
      expect(m.calendar).toContain('SEQUENCE:1')
      expect(m.calendar.replace(/\r\n /g, '')).toContain('the person attends by video link')
    }

    // A move afterwards re-sends the invite: still "by video link", still no room.
    const later = await w.world.addSitting('2026-03-26')
    const sitting = await w.clerk.get(`/sittings/${w.sitting.id}`)
    const version = sitting.body.reviews.find((r: { id: string }) => r.id === w.first.review.id).version
    const moved = await w.world.clerkApi.post(`/reviews/${w.first.review.id}/move`, {
      sittingId: later.id,
      reason: 'Court closed',
      version,
    })
    expect(moved.status).toBe(200)
    const afterMove = (await everyEmail()).filter(m => m.template === 'review-changes').slice(-1)[0]
    expect(afterMove.text).toContain('Attends: By video link')

    // The officer's calendar feed says it too.
    const feed = await ctx.services.calendarFeeds.createFeed(toCurrentUser(w.world.officer), null)
    const ics = await request(ctx.app).get(new URL(feed.url).pathname)
    expect(ics.status).toBe(200)
    expect(ics.text.replace(/\r\n /g, '')).toContain('the person attends by video link')

    const all = await everyEmail()
    const stored = (await ctx.db('email_outbox').select()).map(r => JSON.stringify(r)).join('\n')
    for (const m of all) expect(`${m.subject}${m.text}${m.html}${m.calendar}`).not.toContain(ROOM)
    expect(stored).not.toContain(ROOM)
    expect(ics.text).not.toContain(ROOM)
  })

  it('when a hearing in person is announced, then its invite says "in person"', async () => {
    const listed = (await everyEmail()).filter(m => m.to === w.world.officer.email && m.template === 'review-changes')
    expect(listed.length).toBeGreaterThan(0)
    expect(listed[0].text).toContain('Attends: In person')
    expect(listed[0].calendar.replace(/\r\n /g, '')).toContain('the person attends in person')
  })
})
