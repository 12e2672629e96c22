import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { errorSummary } from '../../support/html'
import { addDays } from '../../../server/utils/dates'
import { makeWorld } from '../scheduling/schedulingWorld'

/**
 * Issue 21, a clerk amends a requirement on the pages: the form, the re-plan shown before anything is
 * saved (a dry run), then the amendment made; errors named in the summary with what was typed kept.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx.close()
})
beforeEach(() => ctx.clock.set('2028-02-10T10:00:00Z'))

async function aCase() {
  const world = await makeWorld(ctx)
  for (let date = '2028-02-08'; date <= '2028-12-19'; date = addDays(date, 7)) await world.addSitting(date)
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 8, interval: 1 })
  const agent = await signIn(ctx.app, world.clerk.email)
  return { world, order, agent, url: `/requirements/${order.requirementId}/amend` }
}

describe('a clerk amends a requirement', () => {
  it('the form explains consent; without it, or with nothing changed, the summary says so and the answers are kept', async () => {
    const { agent, url } = await aCase()
    const { order } = await (async () => ({
      order: (await ctx.db('requirement').where('id', url.split('/')[2]).first()) as { order_id: string },
    }))()
    const personId = (await ctx.db('sentence_order').where('id', order.order_id).first()).person_id as string
    expect((await agent.get(`/people/${personId}`)).text).toContain(`href="${url}"`)
    const page = await agent.get(url)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Schedule 9, paragraph 22(3)(a)')
    await submitForm(agent, url, { reviewIntervalMonths: '2', reason: 'Spacing out' })
    const noConsent = await agent.get(url)
    expect(errorSummary(noConsent.text)[0]).toMatch(
      /^#consent: The requirement can be amended only if the person expresses willingness/,
    )
    expect(noConsent.text).toContain('Spacing out')
    await submitForm(agent, url, { reason: 'Nothing really', consent: 'yes' })
    expect(errorSummary((await agent.get(url)).text)[0]).toMatch(/^#months: Say what the amendment changes/)
  })

  it('the check page shows what changes and each review it re-plans, and nothing is saved until confirmed', async () => {
    const { agent, url, order, world } = await aCase()
    const res = await submitForm(agent, url, {
      reviewIntervalMonths: '2',
      reason: 'Good progress: reviews every two months',
      consent: 'yes',
    })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`${url}/check`)
    const check = await agent.get(`${url}/check`)
    expect(check.text).toContain('Review interval')
    expect(check.text).toContain('every 1 month(s) → every 2 month(s)')
    expect(check.text).toMatch(/data-qa="replanned"[\s\S]*Review 2:/)
    expect(await ctx.db('amendment').where({ requirement_id: order.requirementId })).toHaveLength(0)

    const done = await submitForm(agent, `${url}/check`, {})
    expect(done.status).toBe(303)
    expect(done.headers.location).toBe(`/people/${order.person.id}`)
    const person = await agent.get(done.headers.location)
    expect(person.text).toContain('Requirement amended for Alex Example: review interval changed')
    expect(await ctx.db('amendment').where({ requirement_id: order.requirementId })).toHaveLength(1)
    // Confirming again (a second tab) stores nothing more.
    await submitForm(agent, `${url}/check`, {}, `${url}/check`).catch(() => undefined)
    expect(await ctx.db('amendment').where({ requirement_id: order.requirementId })).toHaveLength(1)
    void world
  })

  it('an officer cannot amend (403)', async () => {
    const { world, url } = await aCase()
    const officer = await signIn(ctx.app, world.officer.email)
    expect((await officer.get(url)).status).toBe(403)
  })
})
