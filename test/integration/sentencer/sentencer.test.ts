import request from 'supertest'
import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeCourt, makeUser } from '../../support/factories'
import { decode, errorSummary, qa, textOf } from '../sittings/sittingWorld'
import { makeWorld, type ApiReview, type ApiSitting, type World } from '../scheduling/schedulingWorld'
import { toCurrentUser } from '../../../server/services/authService'
import type { CurrentUser } from '../../../server/roles'
import { ConflictError, NotFoundError } from '../../../server/errors'
import { HOME_BY_ROLE } from '../../../server/paths'

let ctx: TestContext

// Thursday 2 April 2026, 9am in London: the day the paper review that follows each case's review
// hearing of Monday 2 March is due to be decided.
const START = '2026-04-02T08:00:00Z'
// Monday 2 March 2026, 3pm in London: the review hearing that moved each case to paper reviews.
const HEARING_DAY = '2026-03-02T15:00:00Z'

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

const FULL_REPORT = {
  attendance: 'Attended 7 of 8 appointments.',
  engagement: 'Engaged well in group work.',
  treatment: 'Stable on methadone.',
  testing: 'All tests negative for opiates.',
  recommendation: 'paper_review',
}

const BENCH_WORDS = 'Well done, Alex. Keep going with the group work.'

/** A court with its own single justice (a sentencer of the court) and a magistrate of another court. */
async function sentencerWorld() {
  const world = await makeWorld(ctx)
  const justice = await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] })
  const otherCourt = await makeCourt(ctx.services)
  const outsider = await makeUser(ctx.services, 'sentencer', { courtIds: [otherCourt.id] })
  return {
    world,
    justice,
    justiceUser: toCurrentUser(justice),
    otherCourt,
    outsider,
    outsiderUser: toCurrentUser(outsider),
  }
}

/** The review sitting of Monday 2 March 2026 of the world's court, added once. */
const hearingSittings = new Map<string, ApiSitting>()
async function hearingSitting(world: World): Promise<ApiSitting> {
  const known = hearingSittings.get(world.court.id)
  if (known) return known
  const sitting = await world.addSitting('2026-03-02')
  hearingSittings.set(world.court.id, sitting)
  return sitting
}

/**
 * A person on a DRR made on 2 February 2026 with monthly reviews. At its first review hearing, on
 * Monday 2 March, they attended and progress was satisfactory, so the court directed later reviews
 * without a hearing (Sentencing Act 2020 Sch 9 para 22(6)): the clerk records that on the day.
 * Returns the paper review that follows, due on Thursday 2 April 2026; the clock is put back.
 */
async function paperCase(world: World, options: { months?: number } = {}) {
  const sitting = await hearingSitting(world)
  const made = await world.addOrder({ madeOn: '2026-02-02', months: options.months ?? 6 })
  const hearing = made.reviews[0]
  if (hearing.sittingId !== sitting.id) throw new Error(`first review not listed on 2 March: ${hearing.sittingId}`)
  const now = ctx.clock.now()
  ctx.clock.set(HEARING_DAY)
  const res = await world.clerkApi.post(`/reviews/${hearing.id}/outcome`, {
    attended: true,
    progress: 'satisfactory',
    decision: 'continue_paper',
    benchComments: BENCH_WORDS,
  })
  ctx.clock.set(now)
  if (res.status !== 201) throw new Error(`outcome: ${res.status} ${res.text}`)
  const paper = res.body.nextReview as ApiReview
  if (paper.mode !== 'paper' || paper.targetDate !== '2026-04-02')
    throw new Error(`no paper review on 2 April: ${JSON.stringify(paper)}`)
  return { ...made, hearing, paper }
}

async function submitReport(world: World, reviewId: string) {
  await ctx.services.reports.save(toCurrentUser(world.officer), reviewId, FULL_REPORT, { submit: true })
}

const attendanceEmails = async (to: string) =>
  (await ctx.services.mail.outbox.list({ limit: 5000 })).filter(
    m => m.to === to && m.template === 'attendance-required',
  )

const rowsOf = (html: string, table: string) =>
  [...qa(html, table).matchAll(/data-qa="(?:review|sitting)-([0-9a-f-]+)"/g)].map(m => m[1])

const outcomeOf = (reviewId: string) => ctx.db('outcome').where({ review_id: reviewId })

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

describe('the paper review page', () => {
  it('when the decision page is opened, then it shows the report, the provider’s views, the tests since the last review and the earlier review with the bench’s words, and the view is audited', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    const provider = toCurrentUser(world.providerWorker)
    // One test before the review hearing of 2 March (on the chart only), two since it.
    await ctx.services.providers.addTest(provider, c.person.id, {
      takenOn: '2026-02-20',
      method: 'urine',
      results: { cocaine: 'positive' },
    })
    await ctx.services.providers.addTest(provider, c.person.id, {
      takenOn: '2026-03-12',
      method: 'oral_fluid',
      results: { opiates: 'negative', cocaine: 'negative' },
    })
    await ctx.services.providers.addTest(provider, c.person.id, {
      takenOn: '2026-03-26',
      method: 'urine',
      results: { opiates: 'positive' },
    })
    await ctx.services.providers.saveUpdate(provider, c.paper.id, {
      treatmentView: 'Doing well on a reducing methadone script.',
      engagement: 'Keeps every key-worker session.',
      appointmentsOffered: 6,
      appointmentsKept: 5,
    })
    await submitReport(world, c.paper.id)

    const agent = await signIn(ctx.app, justice.email)
    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(page.status).toBe(200)

    const report = textOf(qa(page.text, 'report'))
    expect(report).toContain('Engaged well in group work.')
    expect(report).toContain('Stable on methadone.')
    expect(report).toContain('Hold the next review on paper')
    expect(qa(page.text, 'no-report')).toBe('')

    const views = textOf(qa(page.text, 'provider-views'))
    expect(views).toContain('Doing well on a reducing methadone script.')
    expect(views).toContain('Keeps every key-worker session.')
    expect(views).toContain('Kept 5 of 6 appointments offered')

    const tests = qa(page.text, 'tests')
    const rows = [...tests.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map(m => textOf(m[1]))
    expect(rows.slice(1)).toHaveLength(2)
    expect(rows.join('\n')).not.toMatch(/20 Feb/)
    expect(rows[1]).toMatch(/12 Mar/)
    expect(rows[2]).toMatch(/26 Mar/)
    expect(rows[2]).toMatch(/positive/i)
    // The chart shows every test on the order, the one before the hearing too.
    expect(qa(tests, 'chart')).toContain('<svg')

    const earlier = textOf(qa(page.text, 'earlier-reviews'))
    expect(earlier).toContain(`The bench’s words: ${BENCH_WORDS}`)
    expect(earlier).toContain(world.magistrate1.name)
    expect(earlier).toContain('Continue, next review on paper')

    expect(textOf(qa(page.text, 'warnings'))).toContain('The progress report was submitted late.')
    const form = qa(page.text, 'decision-form')
    expect(textOf(form)).toContain('Satisfactory: the next review stays on paper')
    expect(textOf(form)).toContain('Not satisfactory: the person must attend a hearing')
    expect(qa(page.text, 'not-decidable')).toBe('')
    expect(qa(page.text, 'bench-notes')).toContain(`href="/reviews/${c.paper.id}/bench-notes"`)

    const viewed = await ctx.services.audit.list({ subjectId: c.paper.id, action: 'view_paper_review' })
    expect(viewed.map(a => a.userId)).toEqual([justice.id])
  })

  it('when the report is not yet submitted, then the page says so, shows no form, and a decision is refused', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    const agent = await signIn(ctx.app, justice.email)

    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(textOf(qa(page.text, 'no-report'))).toContain('No report yet')
    expect(textOf(qa(page.text, 'not-decidable'))).toContain(
      'This review can be decided once the responsible officer’s report is submitted',
    )
    expect(qa(page.text, 'decision-form')).toBe('')
    expect(textOf(qa(page.text, 'warnings'))).toContain('No update from the treatment provider.')

    const res = await submitForm(agent, `/paper-reviews/${c.paper.id}`, { decision: 'yes', comments: 'Fine.' })
    expect(res.status).toBe(303)
    const again = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(errorSummary(again.text)).toEqual([
      '#report: The decision waits for the responsible officer’s written report, with the drug test results and the treatment provider’s views (Sentencing Act 2020 Sch 9 para 21(2)(d)-(e))',
    ])
    expect(await outcomeOf(c.paper.id)).toHaveLength(0)
    expect((await world.reviewsOf(c.requirementId)).find(r => r.id === c.paper.id)!.status).toBe('scheduled')
  })

  it('when the report is in but the review is not yet due, then the page says from when it can be decided and a decision is refused', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    // Tuesday 31 March: the report is in on time, two days before the review.
    ctx.clock.set('2026-03-31T10:00:00Z')
    await submitReport(world, c.paper.id)
    const agent = await signIn(ctx.app, justice.email)

    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(textOf(qa(page.text, 'report'))).toContain('Engaged well in group work.')
    expect(textOf(qa(page.text, 'not-decidable'))).toBe(
      'This review is due on Thursday 2 April 2026. It can be decided from that day.',
    )
    expect(qa(page.text, 'decision-form')).toBe('')

    await submitForm(agent, `/paper-reviews/${c.paper.id}`, { decision: 'yes', comments: 'Fine.' })
    expect(errorSummary((await agent.get(`/paper-reviews/${c.paper.id}`)).text)).toEqual([
      '#reviewDate: The outcome of this review can be recorded from Thursday 2 April 2026, the day it is heard: nothing has happened yet',
    ])
    expect(await outcomeOf(c.paper.id)).toHaveLength(0)
  })
})

describe('deciding a paper review', () => {
  it('when progress is satisfactory, then the review is held, the outcome recorded with who decided, and the case stays on paper', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const agent = await signIn(ctx.app, justice.email)
    const res = await submitForm(agent, `/paper-reviews/${c.paper.id}`, { decision: 'yes', comments: 'Good progress.' })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/paper-reviews')
    const queue = await agent.get('/paper-reviews')
    expect(textOf(qa(queue.text, 'flash'))).toContain(
      'Decision recorded: satisfactory, the next review stays on paper, due Tuesday 5 May 2026.',
    )
    expect(queue.text).not.toContain(c.paper.id)

    const [outcome] = await outcomeOf(c.paper.id)
    expect(outcome).toEqual(
      expect.objectContaining({
        progress: 'satisfactory',
        decision: 'continue_paper',
        bench_comments: 'Good progress.',
        recorded_by: justice.id,
      }),
    )
    expect(Boolean(outcome.attended)).toBe(false)
    expect(await ctx.db('outcome_bench').where({ outcome_id: outcome.id }).pluck('user_id')).toEqual([justice.id])
    expect((await ctx.db('requirement').where({ id: c.requirementId }).first()).review_mode).toBe('paper')
    const after = await world.reviewsOf(c.requirementId)
    expect(after.find(r => r.id === c.paper.id)!.status).toBe('held')
    const open = after.filter(r => r.status === 'scheduled' || r.status === 'unlisted')
    expect(open.length).toBeGreaterThan(0)
    expect(open.every(r => r.mode === 'paper' && r.sittingId === null)).toBe(true)
    expect(outcome.next_review_id).toBe(open[0].id)
    // A calendar month after 2 April; decided on the first working day from then (4 May is a bank holiday).
    expect(open[0]).toEqual(expect.objectContaining({ sequence: 3, targetDate: '2026-05-02' }))
    expect(await ctx.services.audit.list({ subjectId: c.paper.id, action: 'decide_paper_review' })).toHaveLength(1)
    expect(await ctx.services.audit.list({ subjectId: c.paper.id, action: 'notify_officer' })).toHaveLength(0)
    expect(await attendanceEmails(world.officer.email)).toHaveLength(0)

    // The page now shows the decision, not the form.
    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    const shown = textOf(qa(page.text, 'outcome'))
    expect(shown).toContain('Satisfactory, stays on paper')
    expect(shown).toContain('Good progress.')
    expect(qa(page.text, 'decision-form')).toBe('')
  })

  it('when progress is not satisfactory, then a sitting must be chosen, and the person is listed in the one chosen, less than a month after the paper review', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    // A week after the paper review: the one-month gap between periodic reviews does not bind it (para 22(7)).
    const chosen = await world.addSitting('2026-04-09', { courtroom: '2' })
    const later = await world.addSitting('2026-04-16')
    const agent = await signIn(ctx.app, justice.email)

    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    const offered = textOf(qa(page.text, 'attend-sittings'))
    expect(offered).toContain('Thursday 9 April 2026, 10am, courtroom 2')
    expect(offered).toContain('Thursday 16 April 2026, 10am, courtroom 3')
    expect(qa(page.text, 'attend-sittings')).toContain(`value="${chosen.id}"`)
    expect(qa(page.text, 'attend-sittings')).toContain(`value="${later.id}"`)
    // The sitting of the hearing on 2 March is past.
    expect(offered).not.toContain('2 March 2026')

    await submitForm(agent, `/paper-reviews/${c.paper.id}`, { comments: '' })
    expect(errorSummary((await agent.get(`/paper-reviews/${c.paper.id}`)).text)).toEqual([
      '#decision: Choose whether progress is satisfactory',
    ])
    await submitForm(agent, `/paper-reviews/${c.paper.id}`, { decision: 'no', comments: '  ' })
    expect(errorSummary((await agent.get(`/paper-reviews/${c.paper.id}`)).text)).toEqual([
      '#attendSittingId: Choose the sitting the person must attend',
      '#comments: Enter why progress is not satisfactory',
    ])
    await submitForm(agent, `/paper-reviews/${c.paper.id}`, { decision: 'no', comments: 'Missed tests.' })
    expect(errorSummary((await agent.get(`/paper-reviews/${c.paper.id}`)).text)).toEqual([
      '#attendSittingId: Choose the sitting the person must attend',
    ])
    expect(await outcomeOf(c.paper.id)).toHaveLength(0)

    const res = await submitForm(agent, `/paper-reviews/${c.paper.id}`, {
      decision: 'no',
      comments: 'Two positive tests and missed appointments.',
      attendSittingId: chosen.id,
    })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/paper-reviews')
    const flash = textOf(qa((await agent.get('/paper-reviews')).text, 'flash'))
    expect(flash).toContain('the person must attend a hearing on Thursday 9 April 2026 at 10am, courtroom 2')
    expect(flash).toContain('The responsible officer and the court’s clerks have been told.')

    const [outcome] = await outcomeOf(c.paper.id)
    expect(outcome).toEqual(
      expect.objectContaining({
        progress: 'poor',
        decision: 'require_attendance',
        bench_comments: 'Two positive tests and missed appointments.',
        recorded_by: justice.id,
      }),
    )
    expect(await ctx.db('outcome_bench').where({ outcome_id: outcome.id }).pluck('user_id')).toEqual([justice.id])
    expect((await ctx.db('requirement').where({ id: c.requirementId }).first()).review_mode).toBe('hearing')
    const after = await world.reviewsOf(c.requirementId)
    expect(after.find(r => r.id === c.paper.id)!.status).toBe('held')
    const listed = after.find(r => r.id === outcome.next_review_id)!
    expect(listed).toEqual(
      expect.objectContaining({ sequence: 3, mode: 'hearing', status: 'scheduled', sittingId: chosen.id }),
    )
    // Later reviews are hearings now too.
    const rest = after.filter(r => r.sequence > 3 && r.status !== 'vacated')
    expect(rest.length).toBeGreaterThan(0)
    expect(rest.every(r => r.mode === 'hearing')).toBe(true)

    // The clerk sees the person in the court list of the sitting chosen.
    const clerk = await signIn(ctx.app, world.clerk.email)
    const list = await clerk.get(`/sittings/${chosen.id}`)
    expect(list.status).toBe(200)
    expect(list.text).toContain(c.person.crn)

    const notices = await ctx.services.audit.list({ subjectId: c.paper.id, action: 'notify_officer' })
    expect(notices).toHaveLength(1)
    expect(notices[0].detail).toEqual(
      expect.objectContaining({ officerId: world.officer.id, nextReviewId: listed.id, sittingId: chosen.id }),
    )

    // The decision page now shows it.
    const decided = textOf(qa((await agent.get(`/paper-reviews/${c.paper.id}`)).text, 'outcome'))
    expect(decided).toContain('Not satisfactory, must attend a hearing')
    expect(decided).toContain('Two positive tests and missed appointments.')
  })

  it('when attendance is required, then the officer and the court’s clerk are emailed the hearing, with no case details', async () => {
    const { world, justice } = await sentencerWorld()
    const courtClerk = await makeUser(ctx.services, 'clerk', { courtIds: [world.court.id] })
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const chosen = await world.addSitting('2026-04-09', { courtroom: '2' })
    const agent = await signIn(ctx.app, justice.email)

    await submitForm(agent, `/paper-reviews/${c.paper.id}`, {
      decision: 'no',
      comments: 'Not engaging with treatment.',
      attendSittingId: chosen.id,
    })

    for (const to of [world.officer.email, courtClerk.email]) {
      const told = await attendanceEmails(to)
      expect(told).toHaveLength(1)
      expect(told[0].subject).toBe('Attendance required at a review hearing')
      expect(told[0].text).toContain(`It is listed for 9 April 2026 at 10am at ${world.court.name}.`)
      expect(told[0].text).toContain(`/people/${c.person.id}`)
      for (const secret of ['Not engaging', 'Alex Example', c.person.crn]) expect(told[0].text).not.toContain(secret)
    }
    // A clerk who is not of this court is not told.
    expect(await attendanceEmails(world.clerk.email)).toHaveLength(0)
  })

  it('when the form has an error, then what was typed and chosen is kept', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const chosen = await world.addSitting('2026-04-09', { courtroom: '2' })
    const agent = await signIn(ctx.app, justice.email)

    await submitForm(agent, `/paper-reviews/${c.paper.id}`, {
      decision: 'no',
      comments: 'Two positive tests & a missed appointment.',
    })
    const first = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(errorSummary(first.text)).toEqual(['#attendSittingId: Choose the sitting the person must attend'])
    const form = qa(first.text, 'decision-form')
    expect(form).toMatch(/value="no"[^>]* checked/)
    expect(form).not.toMatch(/value="yes"[^>]* checked/)
    // The sittings stay open to choose from, with the error beside them.
    expect(form).not.toContain('govuk-radios__conditional--hidden')
    expect(textOf(qa(form, 'attend-sittings'))).toContain('Error: Choose the sitting the person must attend')
    expect(decode(form)).toContain('Two positive tests & a missed appointment.</textarea>')

    await submitForm(agent, `/paper-reviews/${c.paper.id}`, {
      decision: 'no',
      comments: '',
      attendSittingId: chosen.id,
    })
    const second = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(errorSummary(second.text)).toEqual(['#comments: Enter why progress is not satisfactory'])
    expect(qa(second.text, 'attend-sittings')).toMatch(new RegExp(`value="${chosen.id}"[^>]* checked`))
    expect(await outcomeOf(c.paper.id)).toHaveLength(0)
  })

  it('when the court has no sitting to attend, then the page says to ask the clerk and "not satisfactory" is refused', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const agent = await signIn(ctx.app, justice.email)

    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(textOf(qa(page.text, 'attend-sittings'))).toContain(
      'This court has no sittings with a free place in the next three months. Ask the clerk to add one.',
    )
    await submitForm(agent, `/paper-reviews/${c.paper.id}`, { decision: 'no', comments: 'Not engaging.' })
    expect(errorSummary((await agent.get(`/paper-reviews/${c.paper.id}`)).text)).toEqual([
      '#attendSittingId: Choose the sitting the person must attend',
    ])
    expect(await outcomeOf(c.paper.id)).toHaveLength(0)
    expect(await attendanceEmails(world.officer.email)).toHaveLength(0)
  })

  it('when the paper review is the last before the requirement ends, then the hearing to attend is a new review, and a sitting after the end is refused', async () => {
    const { world, justice } = await sentencerWorld()
    // Three months from 2 February: no periodic review is left after 2 April.
    const c = await paperCase(world, { months: 3 })
    await submitReport(world, c.paper.id)
    const planned = await world.reviewsOf(c.requirementId)
    expect(planned.map(r => r.sequence)).toEqual([1, 2])
    const before = await world.addSitting('2026-04-23')
    const after = await world.addSitting('2026-05-07')
    const agent = await signIn(ctx.app, justice.email)

    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(qa(page.text, 'attend-sittings')).toContain(`value="${before.id}"`)
    expect(qa(page.text, 'attend-sittings')).not.toContain(`value="${after.id}"`)

    await submitForm(agent, `/paper-reviews/${c.paper.id}`, {
      decision: 'no',
      comments: 'Not engaging.',
      attendSittingId: after.id,
    })
    const refused = errorSummary((await agent.get(`/paper-reviews/${c.paper.id}`)).text)
    expect(refused).toHaveLength(1)
    expect(refused[0]).toMatch(/^#attendSittingId: Choose a sitting on or before .* 2026, when the requirement ends$/)
    expect(await outcomeOf(c.paper.id)).toHaveLength(0)

    await submitForm(agent, `/paper-reviews/${c.paper.id}`, {
      decision: 'no',
      comments: 'Not engaging.',
      attendSittingId: before.id,
    })
    const reviews = await world.reviewsOf(c.requirementId)
    expect(reviews).toHaveLength(3)
    expect(reviews[2]).toEqual(
      expect.objectContaining({ sequence: 3, mode: 'hearing', status: 'scheduled', sittingId: before.id }),
    )
    expect((await outcomeOf(c.paper.id))[0].next_review_id).toBe(reviews[2].id)
    expect(await ctx.services.audit.list({ subjectId: c.paper.id, action: 'notify_officer' })).toHaveLength(1)
  })

  it('when a review is decided twice, then the second decision is refused with 409, even at the same moment', async () => {
    const { world, justice, justiceUser } = await sentencerWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    const sitting = await world.addSitting('2026-04-09')
    const both = await Promise.allSettled([
      ctx.services.papers.decidePaper(justiceUser, c.paper.id, { satisfactory: true }),
      ctx.services.papers.decidePaper(justiceUser, c.paper.id, {
        satisfactory: false,
        comments: 'Changed my mind.',
        attendSittingId: sitting.id,
      }),
    ])
    expect(both.filter(r => r.status === 'fulfilled')).toHaveLength(1)
    const refused = both.find(r => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toBeInstanceOf(ConflictError)
    expect(refused.reason.status).toBe(409)
    expect(await outcomeOf(c.paper.id)).toHaveLength(1)

    await expect(
      ctx.services.papers.decidePaper(justiceUser, c.paper.id, { satisfactory: true }),
    ).rejects.toMatchObject({ status: 409 })
    // Through the page, the refusal is shown and nothing changes.
    const agent = await signIn(ctx.app, justice.email)
    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    await agent
      .post(`/paper-reviews/${c.paper.id}`)
      .type('form')
      .send({ decision: 'yes', _csrf: csrfFrom(page.text) })
    expect(errorSummary((await agent.get(`/paper-reviews/${c.paper.id}`)).text)).toEqual([
      '#form: This paper review has already been decided.',
    ])
    expect(await outcomeOf(c.paper.id)).toHaveLength(1)
  })

  it('when a sentencer of another court opens or decides a paper review, then it is not found and nothing changes', async () => {
    const { world, outsider, outsiderUser } = await sentencerWorld()
    const c = await paperCase(world)
    await submitReport(world, c.paper.id)
    await expect(
      ctx.services.papers.decidePaper(outsiderUser, c.paper.id, { satisfactory: true }),
    ).rejects.toBeInstanceOf(NotFoundError)
    const agent = await signIn(ctx.app, outsider.email)
    expect((await agent.get(`/paper-reviews/${c.paper.id}`)).status).toBe(404)
    const res = await submitForm(agent, '/my-sittings', { decision: 'yes' }, `/paper-reviews/${c.paper.id}`)
    expect(res.status).toBe(404)
    expect(await outcomeOf(c.paper.id)).toHaveLength(0)
    expect((await world.reviewsOf(c.requirementId)).find(r => r.id === c.paper.id)!.status).toBe('scheduled')
  })
})

describe('bench notes', () => {
  const HOSTILE = '<script>alert(1)</script>'

  it('when the bench adds a note, then it is listed escaped, audited, and private to the bench', async () => {
    const { world, justice } = await sentencerWorld()
    const sitting = await world.addSitting('2026-04-16', { benchUserIds: [justice.id] })
    const made = await world.addOrder({ madeOn: '2026-03-16', months: 6 })
    const review = made.reviews[0]
    expect(review.sittingId).toBe(sitting.id)

    const agent = await signIn(ctx.app, justice.email)
    const empty = await submitForm(agent, `/reviews/${review.id}/bench-notes`, { text: '   ' })
    expect(empty.status).toBe(303)
    expect(errorSummary((await agent.get(`/reviews/${review.id}/bench-notes`)).text)).toEqual(['#text: Enter the note'])

    const added = await submitForm(agent, `/reviews/${review.id}/bench-notes`, { text: `${HOSTILE}\nSecond line` })
    expect(added.status).toBe(303)
    const page = await agent.get(`/reviews/${review.id}/bench-notes`)
    expect(page.status).toBe(200)
    expect(page.text).not.toContain(HOSTILE)
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(decode(qa(page.text, 'note-text'))).toContain(`${HOSTILE}<br>Second line`)
    expect(await ctx.services.audit.list({ subjectId: review.id, action: 'add_bench_note' })).toHaveLength(1)
    expect(
      (await ctx.services.audit.list({ subjectId: review.id, action: 'view_bench_notes' })).length,
    ).toBeGreaterThan(0)

    // Every other role is refused, admins included; a sentencer not on the bench gets a 404.
    for (const role of ['clerk', 'probation', 'provider', 'admin'] as const) {
      const user =
        role === 'clerk' ? world.clerk : role === 'probation' ? world.officer : await makeUser(ctx.services, role)
      const other = await signIn(ctx.app, user.email)
      const get = await other.get(`/reviews/${review.id}/bench-notes`)
      expect(get.status).toBe(403)
      expect(get.text).not.toContain('alert(1)')
      const post = await submitForm(
        other,
        HOME_BY_ROLE[role],
        { text: 'Not allowed' },
        `/reviews/${review.id}/bench-notes`,
      )
      expect(post.status).toBe(403)
    }
    const notOnBench = await signIn(ctx.app, world.magistrate2.email)
    expect((await notOnBench.get(`/reviews/${review.id}/bench-notes`)).status).toBe(404)
    expect(await ctx.db('bench_note').where({ review_id: review.id })).toHaveLength(1)

    // Never shown anywhere else: not on the court list, the person's page or the report.
    const clerk = await signIn(ctx.app, world.clerk.email)
    for (const url of [`/sittings/${sitting.id}`, `/people/${made.person.id}`]) {
      const res = await clerk.get(url)
      expect(res.status).toBe(200)
      expect(decode(res.text)).not.toContain('alert(1)')
    }
    const list = await agent.get(`/sittings/${sitting.id}`)
    expect(list.status).toBe(200)
    expect(decode(list.text)).not.toContain('alert(1)')
  })

  it('when a review is on paper, then the sentencers of its court may keep notes on it, and no one else', async () => {
    const { world, justice, outsider } = await sentencerWorld()
    const c = await paperCase(world)
    const agent = await signIn(ctx.app, justice.email)
    expect(
      (await submitForm(agent, `/reviews/${c.paper.id}/bench-notes`, { text: 'Watch the next report.' })).status,
    ).toBe(303)
    const page = await agent.get(`/reviews/${c.paper.id}/bench-notes`)
    expect(textOf(qa(page.text, 'bench-notes'))).toContain('Watch the next report.')
    expect(textOf(qa(page.text, 'bench-notes'))).toContain('Review 2')

    const other = await signIn(ctx.app, outsider.email)
    expect((await other.get(`/reviews/${c.paper.id}/bench-notes`)).status).toBe(404)
    await expect(
      ctx.services.bench.notes(toCurrentUser(world.clerk) as CurrentUser, c.paper.id),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect((await request(ctx.app).get(`/reviews/${c.paper.id}/bench-notes`)).status).not.toBe(200)
  })
})
