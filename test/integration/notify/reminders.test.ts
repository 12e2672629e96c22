import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { makeWorld, type World } from '../scheduling/schedulingWorld'
import { FULL_REPORT } from '../progress/progressWorld'
import { makeUser } from '../../support/factories'
import { createServices } from '../../../server/services'
import { createRepositories } from '../../../server/data'
import { createLogger } from '../../../server/logger'
import { FixedClock } from '../../../server/utils/clock'
import { toCurrentUser } from '../../../server/services/authService'
import { localDateOf } from '../../../server/utils/dates'

let ctx: TestContext

beforeEach(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z', config: { reminderWorkingDays: 2 } })
})

afterEach(async () => {
  await ctx.close()
})

/** The same database seen by a freshly started worker process with its own clock. */
function restartedWorker(now: string) {
  const clock = new FixedClock(now)
  const services = createServices({
    repos: createRepositories(ctx.db),
    config: ctx.config,
    clock,
    logger: createLogger('silent'),
  })
  return { clock, reminders: services.mail.reminders }
}

const mailTo = async (to: string, template: string) =>
  (await ctx.services.mail.outbox.list({ limit: 500 })).filter(m => m.to === to && m.template === template)

/**
 * A review on Thursday 19 March 2026 at 10:00; the court wants reports 2 working days before, so
 * the report is due on Tuesday 17 March. "Due soon" starts 2 working days before that: Friday 13 March.
 */
async function aReview(world: World) {
  await world.addSitting('2026-03-19')
  const order = await world.addOrder({ madeOn: '2026-02-16', months: 2 })
  const review = order.reviews[0]
  expect(review.status).toBe('scheduled')
  expect(localDateOf(review.reportDueAt!)).toBe('2026-03-17')
  return review
}

describe('report reminders', () => {
  it('when the deadline is more than 2 working days away, then nothing is sent; from 2 working days before, one "due soon" to the officer', async () => {
    const world = await makeWorld(ctx)
    const review = await aReview(world)

    ctx.clock.set('2026-03-12T17:00:00Z') // Thursday: 3 working days before
    expect(await ctx.services.mail.reminders.run()).toBe(0)

    ctx.clock.set('2026-03-13T08:00:00Z') // Friday
    expect(await ctx.services.mail.reminders.run()).toBe(1)
    const [soon] = await mailTo(world.officer.email, 'report-due-soon')
    expect(soon.subject).toMatch(/^Progress report due by 17 March 2026 at /)
    expect(soon.text).toContain(`/reviews/${review.id}/report`)
  })

  it('then the reminder is queued once: again, after a restart, and with two workers running at once', async () => {
    const world = await makeWorld(ctx)
    await aReview(world)
    ctx.clock.set('2026-03-13T08:00:00Z')
    expect(await ctx.services.mail.reminders.run()).toBe(1)
    expect(await ctx.services.mail.reminders.run()).toBe(0)

    const restarted = restartedWorker('2026-03-16T08:00:00Z')
    expect(await restarted.reminders.run()).toBe(0)

    // Past the deadline: two workers race to queue the overdue notice; one row is written.
    const a = restartedWorker('2026-03-18T08:00:00Z')
    const b = restartedWorker('2026-03-18T08:00:00Z')
    await Promise.all([a.reminders.run(), b.reminders.run()])
    expect(await mailTo(world.officer.email, 'report-due-soon')).toHaveLength(1)
    expect(await mailTo(world.officer.email, 'report-overdue')).toHaveLength(1)
  })

  it('when the report is late, then the overdue notice goes to the officer, copied to the court’s clerks only', async () => {
    const world = await makeWorld(ctx)
    const courtClerk = await makeUser(ctx.services, 'clerk', { courtIds: [world.court.id] })
    const otherCourt = await makeUser(ctx.services, 'clerk', { courtIds: [] })
    await aReview(world)

    ctx.clock.set('2026-03-18T08:00:00Z')
    await ctx.services.mail.reminders.run()
    const [late] = await mailTo(world.officer.email, 'report-overdue')
    expect(late.subject).toBe('Progress report overdue')
    expect(late.cc).toEqual([courtClerk.email])
    expect(late.cc).not.toContain(otherCourt.email)
  })

  it('when the report has been submitted, then no reminder is sent', async () => {
    const world = await makeWorld(ctx)
    const review = await aReview(world)
    await ctx.services.reports.save(toCurrentUser(world.officer), review.id, FULL_REPORT, { submit: true })

    ctx.clock.set('2026-03-13T08:00:00Z')
    await ctx.services.mail.reminders.run()
    ctx.clock.set('2026-03-18T08:00:00Z')
    await ctx.services.mail.reminders.run()
    expect(await mailTo(world.officer.email, 'report-due-soon')).toHaveLength(0)
    expect(await mailTo(world.officer.email, 'report-overdue')).toHaveLength(0)
  })

  it('when the review moves to a later deadline, then the new deadline gets its own reminder', async () => {
    const world = await makeWorld(ctx)
    const review = await aReview(world)
    const later = await world.addSitting('2026-03-26')
    ctx.clock.set('2026-03-13T08:00:00Z')
    expect(await ctx.services.mail.reminders.run()).toBe(1)

    // A token issued now: the world's was issued eleven days ago and has expired.
    const token = await apiToken(ctx.app, world.clerk.email)
    const moved = await request(ctx.app)
      .post(`/api/v1/reviews/${review.id}/move`)
      .set({ Authorization: `Bearer ${token}` })
      .send({ sittingId: later.id, reason: 'Court unavailable', version: review.version })
    expect(moved.status).toBe(200)
    ctx.clock.set('2026-03-20T08:00:00Z') // 2 working days before Tuesday 24 March
    expect(await ctx.services.mail.reminders.run()).toBe(1)
    expect((await mailTo(world.officer.email, 'report-due-soon')).map(m => m.subject).sort()).toEqual([
      expect.stringMatching(/^Progress report due by 17 March 2026/),
      expect.stringMatching(/^Progress report due by 24 March 2026/),
    ])
  })
})

describe('the clerks’ daily digest', () => {
  it('when it is 7am in London, then each clerk of a court sitting tomorrow gets one digest with its missing reports, unless they turned it off', async () => {
    const world = await makeWorld(ctx)
    const wanted = await makeUser(ctx.services, 'clerk', { courtIds: [world.court.id] })
    const optedOut = await makeUser(ctx.services, 'clerk', { courtIds: [world.court.id] })
    await ctx.db('app_user').where({ id: optedOut.id }).update({ digest_opt_out: true })
    await aReview(world)

    ctx.clock.set('2026-03-18T06:59:00Z') // 6:59am in London (GMT)
    await ctx.services.mail.reminders.run()
    expect(await mailTo(wanted.email, 'daily-digest')).toHaveLength(0)

    ctx.clock.set('2026-03-18T07:00:00Z')
    await ctx.services.mail.reminders.run()
    await ctx.services.mail.reminders.run()
    const digests = await mailTo(wanted.email, 'daily-digest')
    expect(digests).toHaveLength(1)
    expect(digests[0].subject).toBe("Tomorrow's review sittings: Thursday 19 March 2026")
    expect(digests[0].text).toContain('1 of 8 reviews, 1 report(s) missing')
    expect(await mailTo(optedOut.email, 'daily-digest')).toHaveLength(0)
  })
})
