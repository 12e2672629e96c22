import { createTestContext, csrfFrom, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { errorSummary } from '../../support/html'
import { makeWorld, open } from '../scheduling/schedulingWorld'
import { qa, textOf } from '../sittings/sittingWorld'
import { aCourtWithACase as aCase, outcome } from './outcomeWorld'

// Recording a review's outcome on the clerk's pages: the form, its check page, its errors and corrections.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

// The evening of the first review's sitting: tokens are issued and used at the same time.
beforeEach(() => {
  ctx.clock.set('2028-02-08T16:00:00Z')
})

describe('the outcome form', () => {
  const formBody = (csrf: string, overrides: Record<string, unknown> = {}) => ({
    attended: 'yes',
    progress: 'good',
    decision: 'continue_hearing',
    benchComments: 'Keep it up.',
    _csrf: csrf,
    ...overrides,
  })

  it('when the form and then its check page are each sent twice, then one outcome is recorded, the clerk returns to the sitting with the next date, and sending the form again shows the 409 message', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)
    const agent = await signIn(ctx.app, world.clerk.email)
    const form = await agent.get(`/reviews/${r1.id}/outcome`)
    expect(form.status).toBe(200)
    expect(textOf(form.text)).toContain('Tuesday 8 February 2028')
    const csrf = csrfFrom(form.text)
    const check = `/reviews/${r1.id}/outcome/check`

    const sent = await agent.post(`/reviews/${r1.id}/outcome`).type('form').send(formBody(csrf))
    const sentAgain = await agent.post(`/reviews/${r1.id}/outcome`).type('form').send(formBody(csrf))
    expect([sent.headers.location, sentAgain.headers.location]).toEqual([check, check])
    expect(await ctx.db('outcome').where({ review_id: r1.id })).toHaveLength(0)
    const first = await agent.post(check).type('form').send({ _csrf: csrf })
    const second = await agent.post(check).type('form').send({ _csrf: csrf })
    const late = await agent.post(`/reviews/${r1.id}/outcome`).type('form').send(formBody(csrf))

    expect(first.status).toBe(303)
    expect(first.headers.location).toBe(`/sittings/${r1.sittingId}`)
    const sitting = await agent.get(first.headers.location)
    expect(textOf(qa(sitting.text, 'flash'))).toContain('Outcome recorded. Next review: Tuesday 14 March 2028')
    expect(second.status).toBe(303)
    expect(second.headers.location).toBe(`/sittings/${r1.sittingId}`)
    expect(late.headers.location).toBe(`/reviews/${r1.id}/outcome`)
    const again = await agent.get(late.headers.location)
    expect(errorSummary(again.text)).toEqual([
      '#attended: An outcome has already been recorded for this review: change it instead',
    ])
    expect(await ctx.db('outcome').where({ review_id: r1.id })).toHaveLength(1)
  })

  it('when answers are missing or the amendment has no consent, then the error summary names the fields and keeps what was typed', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)
    const agent = await signIn(ctx.app, world.clerk.email)
    const csrf = csrfFrom((await agent.get(`/reviews/${r1.id}/outcome`)).text)

    await agent
      .post(`/reviews/${r1.id}/outcome`)
      .type('form')
      .send({ benchComments: 'Words kept <b>as typed</b>', _csrf: csrf })
    const missing = await agent.get(`/reviews/${r1.id}/outcome`)
    expect(errorSummary(missing.text)).toEqual([
      '#attended: Select whether the person attended',
      '#progress: Select the person’s progress: good, satisfactory or poor',
      '#decision: Select the court’s decision',
    ])
    expect(missing.text).toContain('Words kept &lt;b&gt;as typed&lt;/b&gt;')

    await agent
      .post(`/reviews/${r1.id}/outcome`)
      .type('form')
      .send(formBody(csrf, { decision: 'amend', amendment: 'Residential treatment for 3 months' }))
    const noConsent = await agent.get(`/reviews/${r1.id}/outcome`)
    expect(errorSummary(noConsent.text)[0]).toMatch(
      /^#consentToAmendment: An amendment needs the person to express willingness to comply/,
    )
    expect(noConsent.text).toContain('Residential treatment for 3 months')
    expect(noConsent.text).toMatch(/value="amend" checked/)
    expect(await ctx.db('outcome').where({ review_id: r1.id })).toHaveLength(0)
  })

  it('when the clerk corrects an outcome, then the decision is re-planned and the earlier version is kept in the history', async () => {
    const world = await makeWorld(ctx)
    const { order, r1 } = await aCase(world)
    const recorded = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, outcome({ progress: 'satisfactory' }))
    expect(recorded.status).toBe(201)
    const agent = await signIn(ctx.app, world.clerk.email)
    const edit = await agent.get(`/reviews/${r1.id}/outcome/edit`)
    expect(edit.text).toContain('This outcome has not been changed.')

    const res = await agent
      .post(`/reviews/${r1.id}/outcome/edit`)
      .type('form')
      .send({
        ...formBody(csrfFrom(edit.text), { progress: 'satisfactory', decision: 'continue_paper' }),
        version: '1',
        reason: 'The bench directed paper reviews; recorded wrongly in court',
      })

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/sittings/${r1.sittingId}`)
    const row = await ctx.db('outcome').where({ review_id: r1.id }).first()
    expect({ decision: row.decision, version: Number(row.version) }).toEqual({ decision: 'continue_paper', version: 2 })
    const history = await ctx.db('outcome_history').where({ outcome_id: row.id })
    expect(history).toHaveLength(1)
    expect(Number(history[0].version)).toBe(1)
    expect(JSON.parse(history[0].content)).toEqual(
      expect.objectContaining({ decision: 'continue_hearing', benchComments: outcome().benchComments }),
    )
    expect(history[0].reason).toBe('The bench directed paper reviews; recorded wrongly in court')
    const later = open(await world.reviewsOf(order.requirementId))
    expect(later.every(r => r.mode === 'paper' && r.sittingId === null)).toBe(true)
    const page = await agent.get(`/reviews/${r1.id}/outcome/edit`)
    expect(textOf(qa(page.text, 'outcome-history'))).toContain('Version 1: Continue, next review at a hearing')

    // A change made from a stale copy is refused.
    await expect(
      ctx.services.outcomes.correct(world.clerkUser, r1.id, outcome(), 1, 'Stale copy'),
    ).rejects.toMatchObject({ status: 409 })
  })

  it('when a sentencer or officer opens the outcome form, then it is 403', async () => {
    const world = await makeWorld(ctx)
    const { r1 } = await aCase(world)
    const other = await makeUser(ctx.services, 'sentencer')
    for (const email of [world.magistrate1.email, other.email, world.officer.email]) {
      const agent = await signIn(ctx.app, email)
      expect((await agent.get(`/reviews/${r1.id}/outcome`)).status).toBe(403)
      expect((await agent.get(`/reviews/${r1.id}/outcome/edit`)).status).toBe(403)
    }
  })
})
