import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { errorSummary } from '../../support/html'
import { addDays } from '../../../server/utils/dates'
import { makeWorld, type World } from '../scheduling/schedulingWorld'
import { qa, textOf } from '../sittings/sittingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

// Tuesday 8 February 2028, the evening of the first review hearing.
beforeEach(() => ctx.clock.set('2028-02-08T16:00:00Z'))

/** A weekly Tuesday review court and a 4-month DRR whose first review is heard on 8 February 2028. */
async function aCase() {
  const world: World = await makeWorld(ctx)
  for (let date = '2028-02-08'; date <= '2028-05-30'; date = addDays(date, 7)) await world.addSitting(date)
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 4, interval: 1 })
  const [r1] = order.reviews
  const form = `/reviews/${r1.id}/outcome`
  const agent = await signIn(ctx.app, world.clerk.email)
  return { world, r1, form, check: `${form}/check`, agent }
}

const outcomeRows = (reviewId: string) => ctx.db('outcome').where({ review_id: reviewId })
const reviewStatus = async (reviewId: string) => (await ctx.db('review').where({ id: reviewId }).first()).status

const AMEND = {
  attended: 'yes',
  progress: 'satisfactory',
  decision: 'amend',
  amendment: 'Testing reduced to fortnightly',
  consentToAmendment: 'yes',
  benchComments: 'Well done.\nKeep <going>.',
}

describe('the outcome form: reveal and character count', () => {
  it('when the clerk opens the form, then the amendment and consent are revealed under "Amend", hidden until chosen, and the text boxes count to 10,000', async () => {
    const { form, agent } = await aCase()

    const page = await agent.get(form)

    const amendId = /id="(decision[^"]*)" name="decision" type="radio" value="amend"/.exec(page.text)?.[1]
    expect(page.text).toMatch(new RegExp(`value="amend"[^>]*data-aria-controls="conditional-${amendId}"`))
    const reveal = new RegExp(
      `<div class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-${amendId}">([\\s\\S]*?)</fieldset>`,
    ).exec(page.text)?.[1]
    expect(reveal).toContain('name="amendment"')
    expect(reveal).toContain('name="consentToAmendment"')
    for (const field of ['benchComments', 'amendment'])
      expect(page.text).toMatch(
        new RegExp(`data-module="govuk-character-count" data-maxlength="10000">[\\s\\S]*?name="${field}"`),
      )
    expect(textOf(page.text)).toContain('You can enter up to 10,000 characters')
    expect(textOf(qa(page.text, 'outcome-form'))).toContain('Continue')
  })

  it('when the bench’s words are over 10,000 characters, then the error names them, nothing is stored, and the amendment stays revealed', async () => {
    const { r1, form, agent } = await aCase()

    const res = await submitForm(agent, form, { ...AMEND, benchComments: 'w'.repeat(10001) })
    const page = await agent.get(form)

    expect(res.headers.location).toBe(form)
    expect(errorSummary(page.text)).toEqual([
      '#benchComments: The bench’s words to the person must be 10,000 characters or fewer',
    ])
    expect(page.text).toMatch(/<div class="govuk-radios__conditional" id="conditional-decision-\d+">/)
    expect(page.text).toContain('>Testing reduced to fortnightly</textarea>')
    expect(await outcomeRows(r1.id)).toHaveLength(0)
  })
})

describe('check the outcome before it is recorded', () => {
  it('when the clerk continues, then nothing is stored and the answers are shown in words, escaped, each with a Change link', async () => {
    const { world, r1, form, check, agent } = await aCase()

    const res = await submitForm(agent, form, AMEND)
    const page = await agent.get(check)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(check)
    expect(await outcomeRows(r1.id)).toHaveLength(0)
    expect(await reviewStatus(r1.id)).toBe('scheduled')
    const answers = qa(page.text, 'check-answers')
    expect(textOf(answers)).toContain('Did the person attend? Yes')
    expect(textOf(answers)).toContain(`Who sat ${world.magistrate1.name}`)
    expect(textOf(answers)).toContain('Progress Satisfactory')
    expect(textOf(answers)).toContain('The amendment Testing reduced to fortnightly')
    expect(textOf(answers)).toContain('Consent The person expressed willingness to comply')
    expect(textOf(answers)).toContain('The bench’s words to the person Well done. Keep <going>.')
    expect(answers).not.toContain('<going>')
    expect(answers).toContain(`href="${form}#decision"`)
    expect(textOf(answers)).toContain('Change what the court decided')
    expect(textOf(page.text)).toContain('Nothing has been recorded yet.')
  })

  it('when the clerk follows Change, then the form has every answer as given, and continuing again shows the change', async () => {
    const { r1, form, check, agent } = await aCase()
    await submitForm(agent, form, AMEND)

    const back = await agent.get(form)
    await submitForm(agent, form, { ...AMEND, amendment: 'Testing reduced to monthly' })
    const page = await agent.get(check)

    expect(back.text).toMatch(/value="amend"[^>]*checked/)
    expect(back.text).toMatch(/value="satisfactory"[^>]*checked/)
    expect(back.text).toMatch(/name="consentToAmendment"[^>]*value="yes"[^>]*checked/)
    expect(back.text).toContain('>Testing reduced to fortnightly</textarea>')
    expect(back.text).toContain('>Well done.\nKeep &lt;going&gt;.</textarea>')
    expect(textOf(qa(page.text, 'check-answers'))).toContain('The amendment Testing reduced to monthly')
    expect(await outcomeRows(r1.id)).toHaveLength(0)
  })

  it('when the clerk confirms, then the outcome is recorded once with the checked answers; confirming again stores nothing more', async () => {
    const { r1, form, check, agent } = await aCase()
    await submitForm(agent, form, AMEND)
    const page = await agent.get(check)
    const body = { _csrf: csrfFrom(page.text), _formId: /name="_formId" value="([^"]+)"/.exec(page.text)?.[1] }

    const first = await agent.post(check).type('form').send(body)
    const again = await agent.post(check).type('form').send(body)
    const fresh = await agent.post(check).type('form').send({ _csrf: body._csrf })

    expect([first.status, again.status, fresh.status]).toEqual([303, 303, 303])
    expect(new Set([first.headers.location, again.headers.location, fresh.headers.location]).size).toBe(1)
    expect(first.headers.location).toBe(`/sittings/${r1.sittingId}`)
    const rows = await outcomeRows(r1.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toEqual(expect.objectContaining({ decision: 'amend', amendment: 'Testing reduced to fortnightly' }))
    expect(await reviewStatus(r1.id)).toBe('held')
  })

  it('when the rules refuse the answers by the time the clerk confirms, then nothing is stored and the form says why with the answers kept', async () => {
    const { world, r1, form, check, agent } = await aCase()
    await submitForm(agent, form, { attended: 'yes', progress: 'good', decision: 'continue_hearing' })
    const checking = await agent.get(check)
    // Another clerk records the outcome while this one is checking.
    await ctx.services.outcomes.record(world.clerkUser, r1.id, {
      attended: false,
      progress: 'poor',
      decision: 'continue_hearing',
    })

    const res = await agent
      .post(check)
      .type('form')
      .send({ _csrf: csrfFrom(checking.text) })
    const page = await agent.get(form)

    expect(res.headers.location).toBe(form)
    expect(errorSummary(page.text)).toEqual([
      '#attended: An outcome has already been recorded for this review: change it instead',
    ])
    expect(page.text).toMatch(/value="good"[^>]*checked/)
    const rows = await outcomeRows(r1.id)
    expect(rows).toHaveLength(1)
    expect(rows[0].progress).toBe('poor')
  })
})
