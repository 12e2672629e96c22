import { createTestContext, csrfFrom, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { qa, textOf } from '../sittings/sittingWorld'
import { makeWorld } from '../scheduling/schedulingWorld'
import { toCurrentUser } from '../../../server/services/authService'
import { paperHelpers, rowsOf, START } from './paperWorld'

// A sentencer's home page (the sittings they sit on) and their queue of paper reviews: only their
// own courts', due within two weeks, following the courts an administrator links them to.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

const { sentencerWorld, paperCase, submitReport } = paperHelpers(() => ctx)

describe('my sittings', () => {
  it('when a sentencer signs in, then they see only the upcoming sittings they sit on, with court list and pack links', async () => {
    const { world, justice } = await sentencerWorld()
    const mine = await world.addSitting('2026-04-16', {
      benchUserIds: [justice.id, world.magistrate1.id],
      courtroom: '4',
    })
    const notMine = await world.addSitting('2026-04-23', { benchUserIds: [world.magistrate2.id] })
    const tooFar = await world.addSitting('2026-07-09', { benchUserIds: [justice.id] })
    await world.addOrder({ madeOn: '2026-03-16', months: 6 })

    const agent = await signIn(ctx.app, justice.email)
    const res = await agent.get('/my-sittings')
    expect(res.status).toBe(200)
    expect(rowsOf(res.text, 'my-sittings')).toEqual([mine.id])
    const row = qa(res.text, `sitting-${mine.id}`)
    expect(textOf(qa(row, 'date'))).toBe('Thursday 16 April 2026')
    expect(textOf(qa(row, 'time'))).toBe('10am')
    expect(textOf(qa(row, 'courtroom'))).toContain('courtroom 4')
    expect(textOf(qa(row, 'booked'))).toBe('1 of 8')
    expect(row).toContain(`href="/sittings/${mine.id}"`)
    expect(row).toContain(`href="/sittings/${mine.id}/pack"`)
    expect(res.text).not.toContain(notMine.id)
    expect(res.text).not.toContain(tooFar.id)
    expect(qa(res.text, 'queue-link')).toContain('href="/paper-reviews"')
  })

  it('when another role asks for my sittings or the paper reviews, then it is refused', async () => {
    const { world } = await sentencerWorld()
    const agent = await signIn(ctx.app, world.clerk.email)
    expect((await agent.get('/my-sittings')).status).toBe(403)
    expect((await agent.get('/paper-reviews')).status).toBe(403)
  })
})

describe('the paper review queue', () => {
  it('when paper reviews are due in several courts, then a sentencer sees only those of their own courts, due within two weeks, with their reports', async () => {
    const { world, justice, otherCourt } = await sentencerWorld()
    const withReport = await paperCase(world)
    const withoutReport = await paperCase(world)
    await submitReport(world, withReport.paper.id)
    // A hearing case of the same court and a paper case of another court are not in the queue.
    await world.addSitting('2026-04-07', { benchUserIds: [justice.id] })
    const hearing = await world.addOrder({ madeOn: '2026-03-07', months: 6 })
    expect(hearing.reviews[0]).toEqual(expect.objectContaining({ mode: 'hearing', status: 'scheduled' }))
    const elsewhere = await makeWorld(ctx)
    const otherPaper = await paperCase(elsewhere)

    const queue = await ctx.services.papers.paperQueue(toCurrentUser(justice))
    expect(queue.map(q => q.reviewId).sort()).toEqual([withReport.paper.id, withoutReport.paper.id].sort())
    expect(queue.find(q => q.reviewId === withReport.paper.id)!.report?.content.treatment).toBe('Stable on methadone.')
    expect(queue.find(q => q.reviewId === withoutReport.paper.id)!.report).toBeNull()

    const agent = await signIn(ctx.app, justice.email)
    const page = await agent.get('/paper-reviews')
    expect(page.status).toBe(200)
    expect(rowsOf(page.text, 'paper-queue').sort()).toEqual([withReport.paper.id, withoutReport.paper.id].sort())
    // Due two working days before today's review: submitted this morning, so late.
    expect(textOf(qa(qa(page.text, `review-${withReport.paper.id}`), 'report'))).toBe('Submitted late')
    expect(textOf(qa(qa(page.text, `review-${withoutReport.paper.id}`), 'report'))).toBe('No report yet')
    expect(textOf(qa(qa(page.text, `review-${withReport.paper.id}`), 'review'))).toBe('Review 2')
    expect(textOf(qa(qa(page.text, `review-${withReport.paper.id}`), 'due'))).toBe('Thursday 2 April 2026')
    expect(page.text).not.toContain(hearing.reviews[0].id)
    expect(page.text).not.toContain(otherPaper.paper.id)
    // The next monthly paper review, in May, is more than two weeks away.
    const third = (await world.reviewsOf(withReport.requirementId)).find(r => r.sequence === 3)!
    expect(third).toEqual(expect.objectContaining({ mode: 'paper', status: 'scheduled' }))
    expect(page.text).not.toContain(third.id)

    const home = await agent.get('/my-sittings')
    expect(textOf(qa(home.text, 'queue-count'))).toContain(
      '2 paper reviews are waiting for a decision (1 with a report)',
    )

    // A sentencer of no court, or of another court, has nothing to decide here.
    const noCourt = await makeUser(ctx.services, 'sentencer')
    expect(await ctx.services.papers.paperQueue(toCurrentUser(noCourt))).toEqual([])
    const ofOther = await makeUser(ctx.services, 'sentencer', { courtIds: [otherCourt.id] })
    expect(await ctx.services.papers.paperQueue(toCurrentUser(ofOther))).toEqual([])
  })
})

describe('the paper review queue follows the courts an administrator links', () => {
  it('when an admin links a magistrate to a court and later unlinks it, then that court’s paper review comes into their queue and leaves it', async () => {
    const { world, outsider, otherCourt } = await sentencerWorld()
    const c = await paperCase(world)
    const admin = await signIn(ctx.app, (await makeUser(ctx.services, 'admin')).email)
    const magistrate = await signIn(ctx.app, outsider.email)
    const saveCourts = async (courtIds: string[]) => {
      const form = await admin.get(`/admin/users/${outsider.id}/edit`)
      const version = /name="version" value="(\d+)"/.exec(form.text)![1]
      return admin
        .post(`/admin/users/${outsider.id}/edit`)
        .type('form')
        .send({
          _csrf: csrfFrom(form.text),
          version,
          name: outsider.name,
          email: outsider.email,
          role: 'sentencer',
          courtIds,
        })
    }
    const before = rowsOf((await magistrate.get('/paper-reviews')).text, 'paper-queue')

    const linked = await saveCourts([otherCourt.id, world.court.id])
    const whileLinked = rowsOf((await magistrate.get('/paper-reviews')).text, 'paper-queue')
    await saveCourts([otherCourt.id])
    const after = rowsOf((await magistrate.get('/paper-reviews')).text, 'paper-queue')

    expect(linked.headers.location).toBe(`/admin/users/${outsider.id}`)
    expect(before).not.toContain(c.paper.id)
    expect(whileLinked).toContain(c.paper.id)
    expect(after).not.toContain(c.paper.id)
    expect((await magistrate.get(`/paper-reviews/${c.paper.id}`)).status).toBe(404)
  })
})
