import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { errorSummary } from '../../support/html'
import { addDays } from '../../../server/utils/dates'
import { makeWorld, type World } from '../scheduling/schedulingWorld'

/**
 * Issue 21, non-attendance and warrants on the clerk's pages: the choices revealed under what the court
 * did, errors named in the summary with what was typed kept, the warrants list by status, and a warrant
 * recorded as executed (the return hearing listed) or withdrawn.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx.close()
})
beforeEach(() => ctx.clock.set('2028-02-08T16:00:00Z'))

async function aCase() {
  const world: World = await makeWorld(ctx)
  const dateOf: Record<string, string> = {}
  for (let date = '2028-02-08'; date <= '2028-06-27'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date)).id] = date
  const sittingOn = (date: string) => Object.keys(dateOf).find(id => dateOf[id] === date)!
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1 })
  const agent = await signIn(ctx.app, world.clerk.email)
  return { world, dateOf, sittingOn, order, r1: order.reviews[0], agent }
}

describe('the clerk records that the person did not attend', () => {
  it('the form offers adjourn, summons and warrant with what each needs revealed under it, and sittings with the same bench say so', async () => {
    const { r1, agent } = await aCase()
    const page = await agent.get(`/reviews/${r1.id}/non-attendance`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('The person did not attend')
    expect(page.text).toContain('Sentencing Act 2020 Schedule 9, paragraph 21(2)(c)')
    for (const value of ['adjourn', 'summons', 'warrant']) expect(page.text).toContain(`value="${value}"`)
    expect(page.text).toContain('data-aria-controls="conditional-action"')
    expect(page.text).toMatch(/Tuesday 15 February 2028[^<]*same bench/)
  })

  it('errors are named in the summary and what was typed is kept', async () => {
    const { r1, agent } = await aCase()
    const url = `/reviews/${r1.id}/non-attendance`
    const none = await submitForm(agent, url, { comments: 'Phoned in sick' })
    expect(none.status).toBe(303)
    const again = await agent.get(url)
    expect(errorSummary(again.text)).toEqual(['#action: Select what the court did: adjourn, summons or warrant'])
    expect(again.text).toContain('Phoned in sick')

    await submitForm(agent, url, { action: 'summons' })
    const noSitting = await agent.get(url)
    expect(errorSummary(noSitting.text)).toEqual([
      '#summonsSittingId: Choose the sitting the summons requires the person to attend',
    ])

    await submitForm(agent, url, { action: 'warrant' })
    const noBail = await agent.get(url)
    expect(errorSummary(noBail.text)[0]).toMatch(/^#bail: Say whether the warrant is backed for bail/)
    expect(await ctx.repos.reviews.find(r1.id)).toMatchObject({ status: 'scheduled' })
  })

  it('adjourned: back to the sitting with the new hearing named', async () => {
    const { r1, agent, sittingOn } = await aCase()
    const res = await submitForm(agent, `/reviews/${r1.id}/non-attendance`, {
      action: 'adjourn',
      adjournSittingId: sittingOn('2028-02-22'),
    })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/sittings/${r1.sittingId}`)
    const sitting = await agent.get(res.headers.location)
    expect(sitting.text).toContain(
      'Adjournment recorded for Alex Example: the hearing is listed on Tuesday 22 February 2028',
    )
  })

  it('a warrant: on the open list with links to record it executed or withdrawn; executed needs a real date and lists the return hearing', async () => {
    const { r1, agent, sittingOn } = await aCase()
    await submitForm(agent, `/reviews/${r1.id}/non-attendance`, { action: 'warrant', bail: 'false' })
    const list = await agent.get('/warrants')
    expect(list.status).toBe(200)
    expect(list.text).toContain('Alex Example')
    expect(list.text).toContain('Not backed for bail')
    const warrant = (await ctx.repos.enforcement.warrants({ status: 'open' })).find(w => w.missedReviewId === r1.id)!
    const url = `/warrants/${warrant.id}/executed`

    await submitForm(agent, url, { 'executedOn[day]': '31', 'executedOn[month]': '2', 'executedOn[year]': '2028' })
    const bad = await agent.get(url)
    expect(errorSummary(bad.text)).toEqual(['#executedOn-day: The date the warrant was executed must be a real date'])
    expect(bad.text).toContain('value="31"')

    const done = await submitForm(agent, url, {
      'executedOn[day]': '8',
      'executedOn[month]': '2',
      'executedOn[year]': '2028',
      sittingId: sittingOn('2028-02-15'),
    })
    expect(done.status).toBe(303)
    const after = await agent.get('/warrants')
    expect(after.text).toContain(
      'Warrant for Alex Example recorded as executed. The return hearing is listed on Tuesday 15 February 2028',
    )
    expect(after.text).toContain('No open warrants.')
    const executed = await agent.get('/warrants?status=executed')
    expect(executed.text).toContain('Alex Example')
  })

  it('a warrant withdrawn needs a reason, then leaves the open list', async () => {
    const { r1, agent } = await aCase()
    await submitForm(agent, `/reviews/${r1.id}/non-attendance`, { action: 'warrant', bail: 'true' })
    const warrant = (await ctx.repos.enforcement.warrants({ status: 'open' })).find(w => w.missedReviewId === r1.id)!
    const url = `/warrants/${warrant.id}/withdraw`
    await submitForm(agent, url, { reason: '' })
    expect(errorSummary((await agent.get(url)).text)).toEqual(['#reason: Enter the reason the warrant is withdrawn'])
    await submitForm(agent, url, { reason: 'Came to court the next morning' })
    const withdrawn = await agent.get('/warrants?status=withdrawn')
    expect(withdrawn.text).toContain('Came to court the next morning')
  })

  it('from the court list on the hearing’s day: "Did not attend" beside "Record outcome"; once recorded, the row says so and offers no outcome to change', async () => {
    const { r1, agent, sittingOn, order } = await aCase()
    const list = await agent.get(`/sittings/${r1.sittingId}`)
    expect(list.text).toContain(`href="/reviews/${r1.id}/non-attendance"`)
    expect(list.text).toContain(`href="/reviews/${r1.id}/outcome"`)
    // The next review, weeks ahead, offers neither yet.
    const later = await agent.get(`/sittings/${order.reviews[1].sittingId}`)
    expect(later.text).not.toContain(`/reviews/${order.reviews[1].id}/non-attendance`)
    const form = await agent.get(`/reviews/${r1.id}/outcome`)
    expect(form.text).toContain('record what the court did about the non-attendance')

    await submitForm(agent, `/reviews/${r1.id}/non-attendance`, {
      action: 'adjourn',
      adjournSittingId: sittingOn('2028-02-15'),
    })
    const after = await agent.get(`/sittings/${r1.sittingId}`)
    expect(after.text).toContain('data-qa="did-not-attend"')
    expect(after.text).not.toContain(`href="/reviews/${r1.id}/outcome/edit"`)
    expect(after.text).not.toContain(`href="/reviews/${r1.id}/non-attendance"`)
    // The clerk's menu has the warrants list.
    expect(after.text).toMatch(/href="\/warrants"[^>]*>\s*Warrants/)
  })

  it('an officer cannot reach these pages', async () => {
    const { world, r1 } = await aCase()
    const officer = await signIn(ctx.app, world.officer.email)
    expect((await officer.get(`/reviews/${r1.id}/non-attendance`)).status).toBe(403)
    expect((await officer.get('/warrants')).status).toBe(403)
  })
})
