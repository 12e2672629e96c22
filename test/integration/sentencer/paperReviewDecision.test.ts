import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { errorSummary, qa, textOf } from '../sittings/sittingWorld'
import { paperHelpers, START } from './paperWorld'

// Deciding a paper review on its page: satisfactory keeps the case on paper; not satisfactory lists
// the person at the sitting chosen, and the officer and the court's clerks are told.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

const { sentencerWorld, paperCase, submitReport, attendanceEmails, outcomeOf } = paperHelpers(() => ctx)

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
})
