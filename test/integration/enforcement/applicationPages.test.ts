import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { errorSummary } from '../../support/html'
import { addDays } from '../../../server/utils/dates'
import { makeWorld, type World } from '../scheduling/schedulingWorld'

/**
 * Issue 21, applications to the review court on the pages: the responsible officer applies from the
 * person page to amend the requirement or to revoke it early for good progress (Sentencing Act 2020
 * Sch 10 paras 14 and 18; Sch 16 para 22). Only "the offender or an officer of a provider of probation
 * services" may apply (Sch 10 paras 14(1), 18(1); Sch 16 para 22(1)): the treatment provider sees the
 * applications but is not offered, nor let, to make one. The clerk records the decision.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx.close()
})

const EARLY = {
  kind: 'early_revocation',
  reason: 'Six months of negative tests, in work, attends every appointment',
}

/** An order whose first review (Tuesday 8 February 2028) was held; the next hearing is on 14 March. */
async function aCase(kind: 'community' | 'suspended' = 'community') {
  ctx.clock.set('2028-02-08T16:00:00Z')
  const world: World = await makeWorld(ctx)
  for (let date = '2028-02-08'; date <= '2028-06-27'; date = addDays(date, 7)) await world.addSitting(date)
  ctx.clock.set('2028-02-08T16:00:00Z')
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1, kind })
  const held = await world.clerkApi.post(`/reviews/${order.reviews[0].id}/outcome`, {
    attended: true,
    progress: 'good',
    decision: 'continue_hearing',
  })
  expect(held.status).toBe(201)
  ctx.clock.set('2028-02-10T10:00:00Z')
  const officer = await signIn(ctx.app, world.officer.email)
  const provider = await signIn(ctx.app, world.providerWorker.email)
  const clerk = await signIn(ctx.app, world.clerk.email)
  const applyUrl = `/requirements/${order.requirementId}/applications/new`
  return { world, order, officer, provider, clerk, applyUrl, personUrl: `/people/${order.person.id}` }
}

async function madeApplication(kind: 'community' | 'suspended' = 'community') {
  const c = await aCase(kind)
  expect((await submitForm(c.officer, c.applyUrl, EARLY)).status).toBe(303)
  const [application] = await ctx.services.applications.forRequirements([c.order.requirementId])
  return { ...c, application, decisionUrl: `/applications/${application.id}/decision` }
}

/** The day of the hearing, five weeks on: sessions from before have lapsed, so sign in again. */
const clerkOnHearingDay = async (world: World) => {
  ctx.clock.set('2028-03-14T16:00:00Z')
  return signIn(ctx.app, world.clerk.email)
}

describe('the responsible officer applies from the person page', () => {
  it('linked from the person page; the law named; errors named in the summary and what was typed kept', async () => {
    const { officer, applyUrl, personUrl } = await aCase()
    expect((await officer.get(personUrl)).text).toContain(`href="${applyUrl}"`)
    const page = await officer.get(applyUrl)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Sentencing Act 2020 Sch 10 para 14')
    expect(page.text).toContain('making good progress')

    await submitForm(officer, applyUrl, { proposed: 'Kept proposal' })
    const bad = await officer.get(applyUrl)
    expect(errorSummary(bad.text)).toEqual([
      '#kind: Select what you are asking the court to do',
      '#reason: Enter the reason for the application',
    ])
    expect(bad.text).toContain('Kept proposal')

    await submitForm(officer, applyUrl, { kind: 'amend', proposed: 'Kept proposal' })
    const noReason = await officer.get(applyUrl)
    expect(errorSummary(noReason.text)).toEqual(['#reason: Enter the reason for the application'])
    expect(noReason.text).toMatch(/value="amend"\s+checked/)
  })

  it('made: back to the person page, told when it is heard; the application is listed there', async () => {
    const { officer, applyUrl, personUrl } = await aCase()
    const res = await submitForm(officer, applyUrl, EARLY)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(personUrl)
    const person = await officer.get(personUrl)
    expect(person.text).toContain(
      'Application made: it will be heard at the review hearing on Tuesday 14 March 2028. The order stays in force until the court decides.',
    )
    expect(person.text).toContain('data-qa="application"')
    expect(person.text).toContain('To revoke early for good progress')
    expect(person.text).not.toContain('Record the decision')
  })

  it('the treatment provider is not offered the link and gets 403 on the form, yet sees the officer’s application; a suspended sentence order cites Sch 16 para 22', async () => {
    const { order, officer, provider, applyUrl, personUrl } = await aCase('suspended')
    const before = await provider.get(personUrl)
    expect(before.status).toBe(200)
    expect(before.text).not.toContain(applyUrl)
    expect(before.text).not.toContain('Apply to the court')
    expect((await provider.get(applyUrl)).status).toBe(403)
    const refused = await submitForm(
      provider,
      personUrl,
      { kind: 'amend', reason: 'Needs a residential place' },
      applyUrl,
    )
    expect(refused.status).toBe(403)
    expect(await ctx.services.applications.forRequirements([order.requirementId])).toEqual([])

    expect((await officer.get(applyUrl)).text).toContain('Sentencing Act 2020 Sch 16 para 22')
    const res = await submitForm(officer, applyUrl, { kind: 'amend', reason: 'Needs a residential place' })
    expect(res.status).toBe(303)
    const after = await provider.get(personUrl)
    expect(after.text).toContain('data-qa="application"')
    expect(after.text).toContain('To amend the requirement')
    expect(after.text).not.toContain(applyUrl)
  })

  it('another officer’s case is 404, to read and to apply; a clerk or another provider cannot apply (403)', async () => {
    const { order, applyUrl, clerk } = await aCase()
    const other = await makeWorld(ctx)
    const stranger = await signIn(ctx.app, other.officer.email)
    expect((await stranger.get(applyUrl)).status).toBe(404)
    expect((await submitForm(stranger, '/caseload', EARLY, applyUrl)).status).toBe(404)
    const otherProvider = await signIn(ctx.app, other.providerWorker.email)
    expect((await otherProvider.get(applyUrl)).status).toBe(403)
    expect((await submitForm(otherProvider, '/clients', EARLY, applyUrl)).status).toBe(403)
    expect(await ctx.services.applications.forRequirements([order.requirementId])).toEqual([])
    expect((await clerk.get(applyUrl)).status).toBe(403)
  })
})

describe('the clerk records the decision', () => {
  it('before the hearing’s date the page says when, with no form; the person page links clerks to it', async () => {
    const { clerk, decisionUrl, personUrl } = await madeApplication()
    const page = await clerk.get(decisionUrl)
    expect(page.text).toContain(
      'The application is heard on Tuesday 14 March 2028: the decision can be recorded from then.',
    )
    expect(page.text).not.toContain('data-qa="application-decision-form"')
    expect((await clerk.get(personUrl)).text).toContain(`href="${decisionUrl}"`)
  })

  it('early revocation granted: the requirement ends as completed early; recorded once', async () => {
    const { world, decisionUrl } = await madeApplication()
    const clerk = await clerkOnHearingDay(world)
    const page = await clerk.get(decisionUrl)
    expect(page.text).toContain('data-qa="application-decision-form"')
    expect(page.text).toContain('Sentencing Act 2020 Sch 10 para 14')

    await submitForm(clerk, decisionUrl, { comments: 'Kept comment' })
    const none = await clerk.get(decisionUrl)
    expect(errorSummary(none.text)).toEqual(['#granted: Select whether the application was granted'])
    expect(none.text).toContain('Kept comment')

    const done = await submitForm(clerk, decisionUrl, { granted: 'yes', comments: 'Excellent progress' })
    expect(done.status).toBe(303)
    const person = await clerk.get(done.headers.location)
    expect(person.text).toContain(
      'Application to revoke early for good progress granted for Alex Example. The requirement has ended as completed early and its later reviews are vacated.',
    )
    expect(person.text).toContain('Excellent progress')
    expect(person.text).toContain('Completed early (good progress)')
    expect(person.text).not.toContain('Record the decision')
    expect((await clerk.get(decisionUrl)).text).toContain('The decision has been recorded: Granted.')
    expect((await submitForm(clerk, done.headers.location, { granted: 'no' }, decisionUrl)).status).toBe(303)
    expect(errorSummary((await clerk.get(decisionUrl)).text)).toEqual([
      '#granted: The decision on this application has already been recorded',
    ])
  })

  it('refused: the order goes on', async () => {
    const { world, decisionUrl, order } = await madeApplication()
    const clerk = await clerkOnHearingDay(world)
    const done = await submitForm(clerk, decisionUrl, { granted: 'no' })
    expect((await clerk.get(done.headers.location)).text).toContain('The order goes on as it is.')
    expect((await ctx.db('requirement').where({ id: order.requirementId }).first()).status).toBe('active')
  })
})
