import request from 'supertest'
import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeCourt, makeUser } from '../../support/factories'
import { decode, errorSummary, qa, textOf } from '../sittings/sittingWorld'
import { makeWorld, type World } from '../scheduling/schedulingWorld'
import { toCurrentUser } from '../../../server/services/authService'
import type { CurrentUser } from '../../../server/roles'
import { ConflictError, NotFoundError } from '../../../server/errors'
import { HOME_BY_ROLE } from '../../../server/paths'

let ctx: TestContext

// Monday 2 March 2026: paper orders made on 2 February have their first review due today.
const START = '2026-03-02T09:00:00Z'

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

/** A person on a 6-month DRR reviewed monthly on paper, made on 2 February 2026. */
async function paperCase(world: World) {
  const made = await world.addOrder({ madeOn: '2026-02-02', months: 6, reviewMode: 'paper' })
  const reviews = await world.reviewsOf(made.requirementId)
  return { ...made, reviews, first: reviews[0] }
}

async function submitReport(world: World, reviewId: string) {
  await ctx.services.reports.save(toCurrentUser(world.officer), reviewId, FULL_REPORT, { submit: true })
}

const attendanceEmails = async (to: string) =>
  (await ctx.services.mail.outbox.list({ limit: 500 })).filter(m => m.to === to && m.template === 'attendance-required')

const rowsOf = (html: string, table: string) =>
  [...qa(html, table).matchAll(/data-qa="(?:review|sitting)-([0-9a-f-]+)"/g)].map(m => m[1])

describe('my sittings', () => {
  it('when a sentencer signs in, then they see only the upcoming sittings they sit on, with court list and pack links', async () => {
    const { world, justice } = await sentencerWorld()
    const mine = await world.addSitting('2026-03-19', {
      benchUserIds: [justice.id, world.magistrate1.id],
      courtroom: '4',
    })
    const notMine = await world.addSitting('2026-03-26', { benchUserIds: [world.magistrate2.id] })
    const tooFar = await world.addSitting('2026-07-02', { benchUserIds: [justice.id] })
    await world.addOrder({ madeOn: '2026-02-19', months: 6 })

    const agent = await signIn(ctx.app, justice.email)
    const res = await agent.get('/my-sittings')
    expect(res.status).toBe(200)
    expect(rowsOf(res.text, 'my-sittings')).toEqual([mine.id])
    const row = qa(res.text, `sitting-${mine.id}`)
    expect(textOf(qa(row, 'date'))).toBe('Thursday 19 March 2026')
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
    await submitReport(world, withReport.first.id)
    // A hearing case of the same court and a paper case of another court are not in the queue.
    await world.addSitting('2026-03-05', { benchUserIds: [justice.id] })
    const hearing = await world.addOrder({ madeOn: '2026-02-02', months: 6 })
    const elsewhere = await makeWorld(ctx)
    const otherPaper = await paperCase(elsewhere)

    const queue = await ctx.services.bench.paperQueue(toCurrentUser(justice))
    expect(queue.map(q => q.reviewId).sort()).toEqual([withReport.first.id, withoutReport.first.id].sort())
    expect(queue.find(q => q.reviewId === withReport.first.id)!.report?.content.treatment).toBe('Stable on methadone.')
    expect(queue.find(q => q.reviewId === withoutReport.first.id)!.report).toBeNull()

    const agent = await signIn(ctx.app, justice.email)
    const page = await agent.get('/paper-reviews')
    expect(page.status).toBe(200)
    expect(rowsOf(page.text, 'paper-queue').sort()).toEqual([withReport.first.id, withoutReport.first.id].sort())
    // Due two working days before today's review: submitted this morning, so late.
    expect(textOf(qa(qa(page.text, `review-${withReport.first.id}`), 'report'))).toBe('Submitted late')
    expect(textOf(qa(qa(page.text, `review-${withoutReport.first.id}`), 'report'))).toBe('No report yet')
    expect(textOf(qa(qa(page.text, `review-${withReport.first.id}`), 'review'))).toBe('Review 1')
    expect(page.text).not.toContain(hearing.reviews[0].id)
    expect(page.text).not.toContain(otherPaper.first.id)
    // The second monthly review is more than two weeks away.
    expect(page.text).not.toContain(withReport.reviews[1].id)

    const home = await agent.get('/my-sittings')
    expect(textOf(qa(home.text, 'queue-count'))).toContain(
      '2 paper reviews are waiting for a decision (1 with a report)',
    )

    // A sentencer of no court, or of another court, has nothing to decide here.
    const noCourt = await makeUser(ctx.services, 'sentencer')
    expect(await ctx.services.bench.paperQueue(toCurrentUser(noCourt))).toEqual([])
    const ofOther = await makeUser(ctx.services, 'sentencer', { courtIds: [otherCourt.id] })
    expect(await ctx.services.bench.paperQueue(toCurrentUser(ofOther))).toEqual([])
  })

  it('when the decision page is opened, then it shows the submitted report, and the view is audited', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    await submitReport(world, c.first.id)
    const agent = await signIn(ctx.app, justice.email)
    const page = await agent.get(`/paper-reviews/${c.first.id}`)
    expect(page.status).toBe(200)
    const report = textOf(qa(page.text, 'report'))
    expect(report).toContain('Engaged well in group work.')
    expect(report).toContain('Hold the next review on paper')
    expect(qa(page.text, 'decision-form')).toContain('Satisfactory, stays on paper')
    expect(qa(page.text, 'decision-form')).toContain('Not satisfactory, must attend a hearing')
    const viewed = await ctx.services.audit.list({ subjectId: c.first.id, action: 'view_paper_review' })
    expect(viewed.map(a => a.userId)).toEqual([justice.id])

    const other = await paperCase(world)
    const none = await agent.get(`/paper-reviews/${other.first.id}`)
    expect(textOf(qa(none.text, 'no-report'))).toContain('No report yet')
  })
})

describe('deciding a paper review', () => {
  it('when progress is satisfactory, then the review is held, the outcome recorded, and the case stays on paper', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    await submitReport(world, c.first.id)
    const agent = await signIn(ctx.app, justice.email)
    const res = await submitForm(agent, `/paper-reviews/${c.first.id}`, { decision: 'yes', reason: 'Good progress.' })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/paper-reviews')
    const queue = await agent.get('/paper-reviews')
    expect(textOf(qa(queue.text, 'flash'))).toContain('satisfactory, the next review stays on paper')
    expect(queue.text).not.toContain(c.first.id)

    const outcome = await ctx.db('outcome').where({ review_id: c.first.id }).first()
    expect(outcome).toEqual(
      expect.objectContaining({
        progress: 'satisfactory',
        decision: 'continue_paper',
        bench_comments: 'Good progress.',
        recorded_by: justice.id,
      }),
    )
    expect(Boolean(outcome.attended)).toBe(false)
    expect((await ctx.db('review').where({ id: c.first.id }).first()).status).toBe('held')
    expect((await ctx.db('requirement').where({ id: c.requirementId }).first()).review_mode).toBe('paper')
    const after = await world.reviewsOf(c.requirementId)
    expect(after.filter(r => r.status === 'scheduled').every(r => r.mode === 'paper' && r.sittingId === null)).toBe(
      true,
    )
    expect(after.find(r => r.id === c.reviews[1].id)).toEqual(
      expect.objectContaining({ status: 'scheduled', mode: 'paper' }),
    )
    expect(outcome.next_review_id).toBe(c.reviews[1].id)
    expect(await ctx.services.audit.list({ subjectId: c.first.id, action: 'decide_paper_review' })).toHaveLength(1)
    expect(await ctx.services.audit.list({ subjectId: c.first.id, action: 'notify_officer' })).toHaveLength(0)

    // The page now shows the decision, not the form.
    const page = await agent.get(`/paper-reviews/${c.first.id}`)
    expect(textOf(qa(page.text, 'outcome'))).toContain('Satisfactory, stays on paper')
    expect(qa(page.text, 'decision-form')).toBe('')
  })

  it('when progress is not satisfactory, then the person is listed at the next suitable hearing sitting and the officer is told', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    // Too soon (under a month after the paper review), then the next suitable sitting.
    await world.addSitting('2026-03-19')
    const next = await world.addSitting('2026-04-09', { courtroom: '2' })
    await world.addSitting('2026-04-16')
    const agent = await signIn(ctx.app, justice.email)

    const missing = await submitForm(agent, `/paper-reviews/${c.first.id}`, { reason: '' })
    expect(missing.status).toBe(303)
    expect(errorSummary((await agent.get(`/paper-reviews/${c.first.id}`)).text)).toEqual([
      '#decision: Choose whether progress is satisfactory',
    ])
    await submitForm(agent, `/paper-reviews/${c.first.id}`, { decision: 'no', reason: '  ' })
    const again = await agent.get(`/paper-reviews/${c.first.id}`)
    expect(errorSummary(again.text)).toEqual(['#reason: Enter why progress is not satisfactory'])
    expect(again.text).toMatch(/value="no"[^>]* checked/)
    expect(await ctx.db('outcome').where({ review_id: c.first.id })).toHaveLength(0)

    const res = await submitForm(agent, `/paper-reviews/${c.first.id}`, {
      decision: 'no',
      reason: 'Two positive tests and missed appointments.',
    })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/paper-reviews')
    const flash = textOf(qa((await agent.get('/paper-reviews')).text, 'flash'))
    expect(flash).toContain('listed for Thursday 9 April 2026 at 10am, courtroom 2')
    expect(flash).toContain('The responsible officer has been told')

    const outcome = await ctx.db('outcome').where({ review_id: c.first.id }).first()
    expect(outcome).toEqual(
      expect.objectContaining({
        progress: 'poor',
        decision: 'require_attendance',
        bench_comments: 'Two positive tests and missed appointments.',
        recorded_by: justice.id,
      }),
    )
    expect((await ctx.db('requirement').where({ id: c.requirementId }).first()).review_mode).toBe('hearing')
    const after = await world.reviewsOf(c.requirementId)
    expect(after.find(r => r.id === c.first.id)!.status).toBe('held')
    const listed = after.find(r => r.id === c.reviews[1].id)!
    expect(listed).toEqual(expect.objectContaining({ mode: 'hearing', status: 'scheduled', sittingId: next.id }))
    // Later reviews are hearings now too.
    expect(after.filter(r => r.sequence > 2 && r.status !== 'vacated').every(r => r.mode === 'hearing')).toBe(true)

    const notices = await ctx.services.audit.list({ subjectId: c.first.id, action: 'notify_officer' })
    expect(notices).toHaveLength(1)
    expect(notices[0].subjectType).toBe('review')
    expect(outcome.next_review_id).toBe(listed.id)
    expect(notices[0].detail).toEqual(
      expect.objectContaining({ officerId: world.officer.id, nextReviewId: listed.id, sittingId: next.id }),
    )
    // Told by email too: the hearing's time and court, no case details.
    const told = await attendanceEmails(world.officer.email)
    expect(told).toHaveLength(1)
    expect(told[0].subject).toBe('Attendance required at a review hearing')
    expect(told[0].text).toMatch(/It is listed for \d+ \w+ 2026 at 10am at /)
    expect(told[0].text).not.toContain('Not engaging')
  })

  it('when there is no suitable sitting, then the hearing waits on needs listing and the flash says so', async () => {
    const { world, justice, justiceUser } = await sentencerWorld()
    const c = await paperCase(world)
    const decision = await ctx.services.bench.decidePaper(justiceUser, c.first.id, {
      satisfactory: false,
      reason: 'Not engaging.',
    })
    expect(decision.sitting).toBeNull()
    expect(decision.nextReview).toEqual(
      expect.objectContaining({ mode: 'hearing', status: 'unlisted', sittingId: null }),
    )
    const waiting = await ctx.services.repositories.reviews.unlisted(world.court.id)
    expect(waiting.map(w => w.id)).toContain(decision.nextReview!.id)
    expect(await ctx.services.audit.list({ subjectId: c.first.id, action: 'notify_officer' })).toHaveLength(1)
    const told = await attendanceEmails(world.officer.email)
    expect(told).toHaveLength(1)
    expect(told[0].text).toContain('"needs listing" list')

    const other = await paperCase(world)
    const agent = await signIn(ctx.app, justice.email)
    await submitForm(agent, `/paper-reviews/${other.first.id}`, { decision: 'no', reason: 'Missed tests.' })
    expect(textOf(qa((await agent.get('/paper-reviews')).text, 'flash'))).toContain('needs listing')
  })

  it('when the requirement ends within a month, then attendance is required but no review can be listed', async () => {
    const { world, justiceUser } = await sentencerWorld()
    // Made 10 September 2025 for 6 months: the last monthly review is on 10 February 2026.
    const made = await world.addOrder({ madeOn: '2025-09-10', months: 6, reviewMode: 'paper' })
    const planned = await world.reviewsOf(made.requirementId)
    const last = planned[planned.length - 1]
    const decision = await ctx.services.bench.decidePaper(justiceUser, last.id, {
      satisfactory: false,
      reason: 'Not engaging.',
    })
    expect(decision).toEqual({ satisfactory: false, nextReview: null, sitting: null })
    expect(await world.reviewsOf(made.requirementId)).toHaveLength(planned.length)
    expect(await ctx.services.audit.list({ subjectId: last.id, action: 'notify_officer' })).toHaveLength(1)
  })

  it('when a review is decided twice, then the second decision is refused with 409, even at the same moment', async () => {
    const { world, justice, justiceUser } = await sentencerWorld()
    const c = await paperCase(world)
    const both = await Promise.allSettled([
      ctx.services.bench.decidePaper(justiceUser, c.first.id, { satisfactory: true }),
      ctx.services.bench.decidePaper(justiceUser, c.first.id, { satisfactory: false, reason: 'Changed my mind.' }),
    ])
    expect(both.filter(r => r.status === 'fulfilled')).toHaveLength(1)
    const refused = both.find(r => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toBeInstanceOf(ConflictError)
    expect(refused.reason.status).toBe(409)
    expect(await ctx.db('outcome').where({ review_id: c.first.id })).toHaveLength(1)

    await expect(ctx.services.bench.decidePaper(justiceUser, c.first.id, { satisfactory: true })).rejects.toMatchObject(
      {
        status: 409,
      },
    )
    // Through the page, the refusal is shown and nothing changes.
    const agent = await signIn(ctx.app, justice.email)
    const page = await agent.get(`/paper-reviews/${c.first.id}`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]
    await agent.post(`/paper-reviews/${c.first.id}`).type('form').send({ decision: 'yes', _csrf: csrf })
    expect(errorSummary((await agent.get(`/paper-reviews/${c.first.id}`)).text)).toEqual([
      '#form: This paper review has already been decided.',
    ])
    expect(await ctx.db('outcome').where({ review_id: c.first.id })).toHaveLength(1)
  })

  it('when a sentencer of another court opens or decides a paper review, then it is not found', async () => {
    const { world, outsider, outsiderUser } = await sentencerWorld()
    const c = await paperCase(world)
    await expect(
      ctx.services.bench.decidePaper(outsiderUser, c.first.id, { satisfactory: true }),
    ).rejects.toBeInstanceOf(NotFoundError)
    const agent = await signIn(ctx.app, outsider.email)
    expect((await agent.get(`/paper-reviews/${c.first.id}`)).status).toBe(404)
    const res = await submitForm(agent, '/my-sittings', { decision: 'yes' }, `/paper-reviews/${c.first.id}`)
    expect(res.status).toBe(404)
    expect(await ctx.db('outcome').where({ review_id: c.first.id })).toHaveLength(0)
    expect((await ctx.db('review').where({ id: c.first.id }).first()).status).toBe('scheduled')
  })
})

describe('bench notes', () => {
  const HOSTILE = '<script>alert(1)</script>'

  it('when the bench adds a note, then it is listed escaped, audited, and private to the bench', async () => {
    const { world, justice } = await sentencerWorld()
    const sitting = await world.addSitting('2026-03-19', { benchUserIds: [justice.id] })
    const made = await world.addOrder({ madeOn: '2026-02-19', months: 6 })
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
      (await submitForm(agent, `/reviews/${c.first.id}/bench-notes`, { text: 'Watch the next report.' })).status,
    ).toBe(303)
    const page = await agent.get(`/reviews/${c.first.id}/bench-notes`)
    expect(textOf(qa(page.text, 'bench-notes'))).toContain('Watch the next report.')
    expect(textOf(qa(page.text, 'bench-notes'))).toContain('Review 1')

    const other = await signIn(ctx.app, outsider.email)
    expect((await other.get(`/reviews/${c.first.id}/bench-notes`)).status).toBe(404)
    await expect(
      ctx.services.bench.notes(toCurrentUser(world.clerk) as CurrentUser, c.first.id),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect((await request(ctx.app).get(`/reviews/${c.first.id}/bench-notes`)).status).not.toBe(200)
  })
})
