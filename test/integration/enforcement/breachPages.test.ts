import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { errorSummary } from '../../support/html'
import { addDays } from '../../../server/utils/dates'
import { makeWorld, type World } from '../scheduling/schedulingWorld'

/**
 * Issue 21, breach at the review court on the pages: the officer lays a breach of their own case
 * (Sentencing Act 2020 Sch 10 para 1), the clerk records the outcome with only the powers the order's
 * kind allows (Sch 10 para 10(5); Sch 16 para 13(1)), and the person page shows breaches and warrants.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx.close()
})

const LAID = {
  failure: 'Missed three appointments with the treatment provider',
  'occurredOn[day]': '9',
  'occurredOn[month]': '2',
  'occurredOn[year]': '2028',
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
    progress: 'poor',
    decision: 'continue_hearing',
  })
  expect(held.status).toBe(201)
  ctx.clock.set('2028-02-10T10:00:00Z')
  const officer = await signIn(ctx.app, world.officer.email)
  const clerk = await signIn(ctx.app, world.clerk.email)
  const layUrl = `/requirements/${order.requirementId}/breaches/new`
  return { world, order, officer, clerk, layUrl, personUrl: `/people/${order.person.id}` }
}

/** The day of the breach hearing, five weeks on: sessions from before have lapsed, so sign in again. */
async function onHearingDay(world: World) {
  ctx.clock.set('2028-03-14T16:00:00Z')
  return { clerk: await signIn(ctx.app, world.clerk.email), officer: await signIn(ctx.app, world.officer.email) }
}

async function laidBreach(kind: 'community' | 'suspended' = 'community') {
  const c = await aCase(kind)
  expect((await submitForm(c.officer, c.layUrl, LAID)).status).toBe(303)
  const [breach] = await ctx.services.breaches.forRequirements([c.order.requirementId])
  return { ...c, breach, outcomeUrl: `/breaches/${breach.id}/outcome` }
}

describe('the officer lays a breach from the person page', () => {
  it('the person page links to it; the form says what happens; errors are named in the summary and what was typed is kept', async () => {
    const { officer, layUrl, personUrl } = await aCase()
    expect((await officer.get(personUrl)).text).toContain(`href="${layUrl}"`)
    const page = await officer.get(layUrl)
    expect(page.status).toBe(200)
    expect(page.text).toContain('the order stays in force and its reviews stay listed')
    expect(page.text).toContain('Sentencing Act 2020 Schedule 10, paragraph 1')
    expect(page.text).toContain('data-maxlength="2000"')

    await submitForm(officer, layUrl, { 'occurredOn[day]': '31', 'occurredOn[month]': '2', details: 'Kept text' })
    const bad = await officer.get(layUrl)
    expect(errorSummary(bad.text)).toEqual([
      '#failure: Enter what the person failed to do',
      '#occurredOn-day: The date of the failure must include a year',
    ])
    expect(bad.text).toContain('value="31"')
    expect(bad.text).toContain('Kept text')

    await submitForm(officer, layUrl, { ...LAID, 'occurredOn[day]': '11' })
    const future = await officer.get(layUrl)
    expect(errorSummary(future.text)).toEqual(['#occurredOn-day: The date of the failure must be today or in the past'])
    expect(future.text).toContain(LAID.failure)
  })

  it('laid: back to the person page, told when it is heard; the requirement is in breach proceedings', async () => {
    const { officer, layUrl, personUrl } = await aCase()
    const res = await submitForm(officer, layUrl, { ...LAID, details: 'Told twice in writing' })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(personUrl)
    const person = await officer.get(personUrl)
    expect(person.text).toContain(
      'Breach laid: it will be heard at the review hearing on Tuesday 14 March 2028. The order stays in force and its reviews stay listed.',
    )
    expect(person.text).toContain('data-qa="breach-proceedings"')
    expect(person.text).toContain(LAID.failure)
    expect(person.text).toContain('Before the court')
    // The officer does not record outcomes.
    expect(person.text).not.toContain('Record the outcome')
  })

  it('another officer’s case is 404, to read and to lay; a clerk cannot lay one', async () => {
    const { order, layUrl, clerk } = await aCase()
    const other = await makeWorld(ctx)
    const stranger = await signIn(ctx.app, other.officer.email)
    expect((await stranger.get(layUrl)).status).toBe(404)
    expect((await submitForm(stranger, '/caseload', LAID, layUrl)).status).toBe(404)
    expect(await ctx.services.breaches.forRequirements([order.requirementId])).toEqual([])
    expect((await clerk.get(layUrl)).status).toBe(403)
  })
})

describe('the clerk records the breach outcome', () => {
  it('before the hearing’s date the page says when it can be recorded, and offers no form', async () => {
    const { clerk, outcomeUrl } = await laidBreach()
    const page = await clerk.get(outcomeUrl)
    expect(page.status).toBe(200)
    expect(page.text).toContain('The breach is heard on Tuesday 14 March 2028: its outcome can be recorded from then.')
    expect(page.text).not.toContain('data-qa="breach-outcome-form"')
  })

  it('a community order: only its powers are offered, a fine revealed under "a fine"; a power of a suspended sentence is refused, and a fine over £2,500', async () => {
    const { world, outcomeUrl } = await laidBreach('community')
    const { clerk } = await onHearingDay(world)
    const page = await clerk.get(outcomeUrl)
    expect(page.text).toContain('data-aria-controls="conditional-proved"')
    expect(page.text).toContain('The powers of Sentencing Act 2020 Sch 10 para 10(5)')
    for (const power of ['fine', 'amend_more_onerous', 'revoke_resentence'])
      expect(page.text).toContain(`value="${power}"`)
    expect(page.text).not.toContain('value="activate_in_full"')
    expect(page.text).toContain('data-aria-controls="conditional-power-1"')
    expect(page.text).toContain('A fine')

    await submitForm(clerk, outcomeUrl, { comments: 'Kept comment' })
    const none = await clerk.get(outcomeUrl)
    expect(errorSummary(none.text)).toEqual(['#proved: Select whether the breach was proved'])
    expect(none.text).toContain('Kept comment')

    await submitForm(clerk, outcomeUrl, { proved: 'yes', power: 'activate_in_full' })
    const wrongKind = await clerk.get(outcomeUrl)
    expect(errorSummary(wrongKind.text)[0]).toMatch(
      /^#power: Choose what the court did under Sentencing Act 2020 Sch 10/,
    )

    await submitForm(clerk, outcomeUrl, { proved: 'yes', power: 'fine', fineAmount: '3000' })
    const tooMuch = await clerk.get(outcomeUrl)
    expect(errorSummary(tooMuch.text)[0]).toMatch(
      /^#fineAmount: A fine on breach must be a whole number of pounds from £1 to £2,500/,
    )
    expect(tooMuch.text).toContain('value="3000"')
    // The reveal stays open on what was chosen.
    expect(tooMuch.text).not.toMatch(/govuk-radios__conditional--hidden" id="conditional-power-1"/)

    const done = await submitForm(clerk, outcomeUrl, { proved: 'yes', power: 'fine', fineAmount: '250' })
    expect(done.status).toBe(303)
    const person = await clerk.get(done.headers.location)
    expect(person.text).toContain(
      'Breach outcome recorded for Alex Example: proved: a fine of £250. The order continues.',
    )
    expect(person.text).toContain('Proved: a fine of £250')
    expect(person.text).not.toContain('Record the outcome')

    // Recorded once: the page says so, and a second go (from a page opened before) is refused.
    expect((await clerk.get(outcomeUrl)).text).toContain('The outcome has been recorded. Proved: a fine of £250.')
    expect((await submitForm(clerk, done.headers.location, { proved: 'no' }, outcomeUrl)).status).toBe(303)
    const again = await clerk.get(outcomeUrl)
    expect(errorSummary(again.text)).toEqual(['#proved: The outcome of this breach has already been recorded'])
    expect(again.text).toContain('Proved: a fine of £250')
  })

  it('a suspended sentence order offers activation and no order, under Sch 16 para 13(1)', async () => {
    const { world, outcomeUrl } = await laidBreach('suspended')
    const { clerk } = await onHearingDay(world)
    const page = await clerk.get(outcomeUrl)
    expect(page.text).toContain('The powers of Sentencing Act 2020 Sch 16 para 13(1)')
    for (const power of ['activate_in_full', 'activate_lesser_term', 'fine', 'amend_sso', 'no_order'])
      expect(page.text).toContain(`value="${power}"`)
    expect(page.text).not.toContain('value="revoke_resentence"')
    const done = await submitForm(clerk, outcomeUrl, { proved: 'no', comments: 'Appointments were cancelled' })
    expect(done.status).toBe(303)
    expect((await clerk.get(done.headers.location)).text).toContain('Not proved: the breach was dismissed')
  })
})

describe('the person page shows breaches and warrants, with the links each role may use', () => {
  it('the clerk sees the open breach with "Record the outcome", and an open warrant with "Executed" and "Withdraw"; the officer sees both without them', async () => {
    const { world, personUrl, outcomeUrl, order, breach } = await laidBreach()
    // The hearing of 14 March is missed: the court issues a warrant, not backed for bail.
    const { clerk, officer } = await onHearingDay(world)
    const missed = `/reviews/${breach.hearingReviewId}/non-attendance`
    expect((await submitForm(clerk, missed, { action: 'warrant', bail: 'false' })).status).toBe(303)
    const [warrant] = await ctx.repos.enforcement.warrants({ requirementIds: [order.requirementId] })

    const asClerk = await clerk.get(personUrl)
    expect(asClerk.text).toContain('data-qa="warrant"')
    expect(asClerk.text).toContain('Not backed for bail')
    expect(asClerk.text).toContain(`href="/warrants/${warrant.id}/executed"`)
    expect(asClerk.text).toContain(`href="/warrants/${warrant.id}/withdraw"`)
    expect(asClerk.text).toContain(`href="${outcomeUrl}"`)
    expect(asClerk.text).not.toContain('/breaches/new')

    const asOfficer = await officer.get(personUrl)
    expect(asOfficer.text).toContain('data-qa="warrant"')
    expect(asOfficer.text).toContain(LAID.failure)
    expect(asOfficer.text).not.toContain(`/warrants/${warrant.id}/`)
    expect(asOfficer.text).not.toContain(outcomeUrl)
    expect(asOfficer.text).toContain(`/requirements/${order.requirementId}/breaches/new`)
  })
})
