import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { decode, errorSummary, qa, textOf } from '../sittings/sittingWorld'
import { ConflictError, NotFoundError } from '../../../server/errors'
import { paperHelpers, START } from './paperWorld'

// Deciding a paper review on its page: what is refused (form errors, no sitting, a sitting after the
// requirement ends, a second decision, another court's sentencer) and that nothing changes then.

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
