import { createTestContext, submitForm, type TestContext } from '../../support/testApp'
import {
  clerkUser,
  decode,
  errorSummary,
  inlineErrors,
  makeOrderParties,
  makePerson,
  signInAs,
  type Agent,
} from './caseSupport'
import { qa, textOf } from '../sittings/sittingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const date = (name: string, day: string, month: string, year: string) => ({
  [`${name}[day]`]: day,
  [`${name}[month]`]: month,
  [`${name}[year]`]: year,
})

/** A clerk, a person, and the court, provider and officer an order names. */
async function arrange() {
  const clerk = await clerkUser(ctx)
  const person = await makePerson(ctx, clerk)
  const parties = await makeOrderParties(ctx)
  const { agent } = await signInAs(ctx, 'clerk')
  const formUrl = `/people/${person.id}/orders/new`
  const answers = (overrides: Record<string, unknown> = {}) => ({
    courtId: parties.court.id,
    kind: 'community',
    ...date('madeOn', '2', '3', '2026'),
    ...date('endsOn', '', '', ''),
    caseReference: '01BH0123456',
    requirementKind: 'DRR',
    months: '6',
    reviewIntervalMonths: '1',
    reviewMode: 'hearing',
    residential: 'no',
    providerOrganisationId: parties.provider.id,
    responsibleOfficerId: parties.officer.id,
    willingToComply: 'yes',
    psrText: '',
    ...overrides,
  })
  return { clerk, person, parties, agent, formUrl, answers }
}

async function submitOrder(agent: Agent, formUrl: string, answers: Record<string, unknown>) {
  const res = await submitForm(agent, formUrl, answers)
  const page = await agent.get(res.headers.location)
  return { res, page }
}

const ordersFor = (personId: string) => ctx.db('sentence_order').where({ person_id: personId })

describe('recording an order', () => {
  it('when a clerk records a DRR through the form, then every review is planned and shown on the person’s page', async () => {
    const { clerk, person, parties, agent, formUrl, answers } = await arrange()
    const first = await ctx.services.sittings.create(clerk, parties.court.id, {
      date: '2026-04-07',
      startTime: '10:00',
      courtroom: '3',
      capacity: 6,
      slotMinutes: 15,
    })
    await ctx.services.sittings.create(clerk, parties.court.id, {
      date: '2026-05-12',
      startTime: '10:00',
      courtroom: '3',
      capacity: 6,
      slotMinutes: 15,
    })

    const form = await agent.get(formUrl)
    const { res: answered, page: check } = await submitOrder(
      agent,
      formUrl,
      answers({ psrText: 'Assessed as suitable for a DRR.' }),
    )
    // The clerk sees the plan before anything is saved.
    expect(answered.headers.location).toBe(`/people/${person.id}/orders/check`)
    expect(await ordersFor(person.id)).toHaveLength(0)
    const message = textOf(qa(check.text, 'plan-message'))
    // Due 2 April (listed 7 April), 7 May (12 May), then 12 June, July and August with no sittings set up yet.
    expect(message).toBe(
      '5 reviews, the last on Wednesday 12 August 2026; 3 cannot be listed yet because the court has no sittings after Tuesday 12 May 2026.',
    )
    expect(textOf(qa(check.text, 'planned-reviews'))).toContain('1 2 April 2026 7 April 2026 at 10am 1 April 2026')
    const res = await submitForm(agent, `/people/${person.id}/orders/check`, {})
    const page = await agent.get(res.headers.location)
    const reviews = await ctx
      .db('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .where('o.person_id', person.id)
      .select('r.*')
    const unlisted = reviews.filter(r => r.status === 'unlisted').length
    const html = decode(page.text)

    expect(form.status).toBe(200)
    expect(form.text).toContain(parties.court.name)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/people/${person.id}`)
    expect(reviews.length).toBeGreaterThanOrEqual(3)
    expect(reviews.length - unlisted).toBe(2)
    expect(html).toContain(
      `Order recorded: ${reviews.length} reviews planned (${unlisted} ${unlisted === 1 ? 'needs' : 'need'} listing)`,
    )
    expect(html).toContain('Community order, 01BH0123456')
    expect(html).toContain(parties.court.name)
    expect(html).toContain('Monday 2 March 2026')
    expect(html).toContain('Drug rehabilitation requirement (DRR)')
    expect(html).toContain(parties.officer.name)
    expect(html).toContain('Every 1 month')
    expect(html).toMatch(/Willingness to comply\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Recorded/)
    expect(html).toContain(`Review 1 of ${reviews.length}`)
    expect(html).toContain(`Review ${reviews.length} of ${reviews.length}`)
    expect(html).toContain(`<a class="govuk-link" href="/sittings/${first.id}">7 April 2026 at 10am</a>`)
    expect(html).toContain('Needs listing')
    expect(html).toContain('class="moj-timeline"')
    expect(html).toContain(`DRR review 1 of ${reviews.length}`)
    expect(page.text.match(/data-qa="review-row"/g)?.length).toBe(reviews.length)
    expect(html).toContain('Read the pre-sentence report')
    expect(html).toContain('Assessed as suitable for a DRR.')
    expect(html).toContain('data-qa="record-order"')
  })

  it('when the form is sent blank, then every missing answer is named in the summary and inline, in page order', async () => {
    const { person, agent, formUrl } = await arrange()

    const res = await submitForm(agent, formUrl, { willingToComply: '' })
    const page = await agent.get(formUrl)

    expect(res.headers.location).toBe(formUrl)
    expect(errorSummary(page.text)).toEqual([
      '#courtId: Select the court',
      '#kind: Select a community order or a suspended sentence order',
      '#madeOn-day: Enter the date the order was made',
      '#caseReference: Enter the case reference',
      '#requirementKind: Select the kind of requirement: DRR, ATR or MHTR',
      '#months: Enter the length of the requirement in months',
      '#providerOrganisationId: Select the treatment provider',
      '#responsibleOfficerId: Select the responsible officer',
    ])
    expect(inlineErrors(page.text)).toMatchObject({
      courtId: 'Select the court',
      madeOn: 'Enter the date the order was made',
      months: 'Enter the length of the requirement in months',
    })
    expect(await ordersFor(person.id)).toHaveLength(0)
  })

  it('when a date cannot be read, then it is named with the other problems and the typed answers are kept', async () => {
    const { agent, formUrl, answers } = await arrange()

    await submitForm(
      agent,
      formUrl,
      answers({ ...date('madeOn', '31', '2', '2026'), months: 'six', caseReference: 'REF-KEPT' }),
    )
    const page = await agent.get(formUrl)

    expect(errorSummary(page.text)).toEqual([
      '#madeOn-day: The date the order was made must be a real date',
      '#months: Enter the length of the requirement in months',
    ])
    expect(page.text).toContain('value="REF-KEPT"')
    expect(page.text).toContain('value="six"')
    expect(page.text).toMatch(/id="madeOn-day" name="madeOn\[day\]" type="text" value="31"/)
  })

  it('when a DRR of 18 months has no review interval, then it is refused with the rule and nothing is saved', async () => {
    const { person, agent, formUrl, answers } = await arrange()

    await submitForm(agent, formUrl, answers({ months: '18', reviewIntervalMonths: '' }))
    const page = await agent.get(formUrl)

    expect(errorSummary(page.text)).toEqual([
      '#reviewIntervalMonths: A DRR of more than 12 months must provide for review (Sentencing Act 2020 Sch 9 para 21(1)(a)): enter a review interval',
    ])
    expect(inlineErrors(page.text).reviewIntervalMonths).toBe(
      'A DRR of more than 12 months must provide for review (Sentencing Act 2020 Sch 9 para 21(1)(a)): enter a review interval',
    )
    expect(page.text).toMatch(/id="months" name="months" type="text" spellcheck="false" value="18"/)
    expect(await ordersFor(person.id)).toHaveLength(0)
  })

  it('when the review interval is 0, then it is refused: at least one whole month', async () => {
    const { person, agent, formUrl, answers } = await arrange()

    await submitForm(agent, formUrl, answers({ reviewIntervalMonths: '0' }))
    const page = await agent.get(formUrl)

    expect(errorSummary(page.text)).toEqual([
      '#reviewIntervalMonths: Review interval must be a whole number of months, at least 1',
    ])
    expect(await ordersFor(person.id)).toHaveLength(0)
  })

  it('when a requirement would outlast a suspended sentence order’s 2 years, then it is refused', async () => {
    const { person, agent, formUrl, answers } = await arrange()

    await submitForm(agent, formUrl, answers({ kind: 'suspended', months: '30' }))
    const blankEnd = await agent.get(formUrl)
    await submitForm(agent, formUrl, answers({ kind: 'suspended', months: '30', ...date('endsOn', '1', '3', '2028') }))
    const givenEnd = await agent.get(formUrl)

    expect(errorSummary(blankEnd.text)).toEqual([
      '#months: A suspended sentence order’s supervision period runs for at most 2 years: it must end by Wednesday 1 March 2028',
    ])
    expect(errorSummary(givenEnd.text)).toEqual([
      '#months: A requirement cannot outlast its order: 30 months from Monday 2 March 2026 ends after the order ends on Wednesday 1 March 2028',
    ])
    expect(await ordersFor(person.id)).toHaveLength(0)
  })

  it('when a DRR is recorded without the person’s willingness to comply, then it is refused', async () => {
    const { person, agent, formUrl, answers } = await arrange()

    await submitForm(agent, formUrl, answers({ willingToComply: '' }))
    const page = await agent.get(formUrl)

    expect(errorSummary(page.text)).toEqual([
      '#willingToComply: A DRR can only be made if the person expresses willingness to comply with it (Sentencing Act 2020 Sch 9 para 20)',
    ])
    expect(await ordersFor(person.id)).toHaveLength(0)
  })

  it('when the person is not recorded, then the order form is not found', async () => {
    const { agent } = await signInAs(ctx, 'clerk')

    const res = await agent.get('/people/00000000-0000-4000-8000-000000000000/orders/new')

    expect(res.status).toBe(404)
  })

  it('when a probation officer or a sentencer asks for the order form, then they are refused', async () => {
    const { person } = await arrange()
    const { agent: probation } = await signInAs(ctx, 'probation')
    const { agent: sentencer } = await signInAs(ctx, 'sentencer')

    expect((await probation.get(`/people/${person.id}/orders/new`)).status).toBe(403)
    expect((await sentencer.get(`/people/${person.id}/orders/new`)).status).toBe(403)
  })
})
