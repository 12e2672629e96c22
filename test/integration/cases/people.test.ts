import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import {
  clerkUser,
  decode,
  errorSummary,
  inlineErrors,
  makeOrder,
  makeOrderParties,
  makePerson,
  signInAs,
  uniqueCrn,
} from './caseSupport'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const dob = (day: string, month: string, year: string) => ({
  'dateOfBirth[day]': day,
  'dateOfBirth[month]': month,
  'dateOfBirth[year]': year,
})

describe('adding a person', () => {
  it('when a clerk adds a person, then their page shows the details and says they were added', async () => {
    const { agent } = await signInAs(ctx, 'clerk')
    const crn = uniqueCrn()

    const res = await submitForm(agent, '/people/new', {
      name: 'Rhiannon Evans',
      ...dob('7', 'apr', '1991'),
      crn: crn.toLowerCase(),
      pnc: '2004/0012345h',
    })
    const page = await agent.get(res.headers.location)

    expect(res.status).toBe(303)
    expect(res.headers.location).toMatch(/^\/people\/[0-9a-f-]{36}$/)
    expect(page.status).toBe(200)
    expect(page.text).toContain('data-qa="flash"')
    expect(page.text).toContain('Rhiannon Evans added.')
    expect(page.text).toContain('Sunday 7 April 1991')
    expect(page.text).toContain(crn)
    expect(page.text).toContain('2004/0012345H')
    expect(page.text).toContain('No orders have been recorded for this person.')
    expect(await ctx.db('person').where({ crn }).first()).toMatchObject({ name: 'Rhiannon Evans' })
  })

  it('when every answer is missing, then each field is named in the summary and inline, linked to its control', async () => {
    const { agent } = await signInAs(ctx, 'clerk')

    const res = await submitForm(agent, '/people/new', { name: ' ', ...dob('', '', ''), crn: '', pnc: '' })
    const page = await agent.get('/people/new')

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/people/new')
    expect(errorSummary(page.text)).toEqual([
      '#name: Enter the person’s full name',
      '#dateOfBirth-day: Enter date of birth',
      '#crn: CRN must be a letter followed by 6 digits, like X123456',
    ])
    expect(inlineErrors(page.text)).toMatchObject({
      name: 'Enter the person’s full name',
      dateOfBirth: 'Enter date of birth',
      crn: 'CRN must be a letter followed by 6 digits, like X123456',
    })
    expect(page.text).toMatch(/<title>Error: Add a person/)
  })

  it('when answers are wrong, then each is named, the date link goes to the box in error and the typed values are kept', async () => {
    const { agent } = await signInAs(ctx, 'clerk')

    await submitForm(agent, '/people/new', {
      name: 'Dai Jones',
      ...dob('12', '', '1988'),
      crn: 'ABC',
      pnc: '12345',
    })
    const page = await agent.get('/people/new')

    expect(errorSummary(page.text)).toEqual([
      '#dateOfBirth-month: Date of birth must include a month',
      '#crn: CRN must be a letter followed by 6 digits, like X123456',
      '#pnc: PNC ID must be in the format 2004/0012345H',
    ])
    expect(page.text).toContain('value="Dai Jones"')
    expect(page.text).toMatch(/id="dateOfBirth-day" name="dateOfBirth\[day\]" type="text" value="12"/)
    expect(page.text).toMatch(/govuk-input--error govuk-input--width-2" id="dateOfBirth-month"/)
    expect(page.text).not.toMatch(/govuk-input--error govuk-input--width-2" id="dateOfBirth-day"/)
    expect(page.text).toContain('value="ABC"')
    expect(page.text).toContain('value="12345"')
  })

  it('when the date is not a real date or is in the future, then the date of birth rule is named', async () => {
    const { agent } = await signInAs(ctx, 'clerk')

    await submitForm(agent, '/people/new', { name: 'A Person', ...dob('30', '2', '1990'), crn: uniqueCrn() })
    const notReal = await agent.get('/people/new')
    await submitForm(agent, '/people/new', { name: 'A Person', ...dob('1', '1', '2030'), crn: uniqueCrn() })
    const future = await agent.get('/people/new')

    expect(errorSummary(notReal.text)).toEqual(['#dateOfBirth-day: Date of birth must be a real date'])
    expect(errorSummary(future.text)).toEqual(['#dateOfBirth-day: Date of birth must be in the past'])
  })

  it('when the CRN is already recorded, then the clerk is told and nothing is added', async () => {
    const clerk = await clerkUser(ctx)
    const existing = await makePerson(ctx, clerk)
    const { agent } = await signInAs(ctx, 'clerk')

    const res = await submitForm(agent, '/people/new', {
      name: 'Someone Else',
      ...dob('1', '2', '1980'),
      crn: existing.crn,
    })
    const page = await agent.get('/people/new')

    expect(res.headers.location).toBe('/people/new')
    expect(errorSummary(page.text)).toEqual([`#crn: A person with CRN ${existing.crn} is already recorded`])
    expect(page.text).toContain('value="Someone Else"')
    expect(await ctx.db('person').where({ crn: existing.crn })).toHaveLength(1)
  })
})

describe('changing a person’s details', () => {
  it('when a clerk changes the details, then the page shows the new ones', async () => {
    const clerk = await clerkUser(ctx)
    const person = await makePerson(ctx, clerk, { name: 'Old Name' })
    const { agent } = await signInAs(ctx, 'clerk')

    const form = await agent.get(`/people/${person.id}/edit`)
    const res = await submitForm(agent, `/people/${person.id}/edit`, {
      name: 'New Name',
      ...dob('17', '5', '1990'),
      crn: person.crn,
      pnc: '',
      version: '1',
    })
    const page = await agent.get(`/people/${person.id}`)

    expect(form.text).toContain('value="Old Name"')
    expect(form.text).toMatch(/name="version" value="1"/)
    expect(res.headers.location).toBe(`/people/${person.id}`)
    expect(page.text).toContain('New Name')
    expect(page.text).toContain('Details saved.')
  })

  it('when someone else saved first, then the conflict is shown in the summary and the typed answers are kept', async () => {
    const clerk = await clerkUser(ctx)
    const person = await makePerson(ctx, clerk, { name: 'First Name' })
    await ctx.services.cases.updatePerson(
      clerk,
      person.id,
      { name: 'Changed Elsewhere', dateOfBirth: person.dateOfBirth, crn: person.crn },
      1,
    )
    const { agent } = await signInAs(ctx, 'clerk')

    const res = await submitForm(agent, `/people/${person.id}/edit`, {
      name: 'My Typed Name',
      ...dob('17', '5', '1990'),
      crn: person.crn,
      version: '1',
    })
    const page = await agent.get(`/people/${person.id}/edit`)
    const reloaded = await agent.get(`/people/${person.id}/edit`)

    expect(res.headers.location).toBe(`/people/${person.id}/edit`)
    expect(errorSummary(page.text)).toEqual([
      'Someone else changed these details since you opened them. Reload the page and try again.',
    ])
    expect(page.text).toContain('value="My Typed Name"')
    expect(reloaded.text).toContain('value="Changed Elsewhere"')
    expect(reloaded.text).toMatch(/name="version" value="2"/)
    expect((await ctx.db('person').where({ id: person.id }).first()).name).toBe('Changed Elsewhere')
  })
})

describe('searching for people', () => {
  it('when a clerk searches by part of a name, a CRN or a PNC ID, then the person is in the results table', async () => {
    const clerk = await clerkUser(ctx)
    const suffix = uniqueCrn().slice(1)
    const person = await makePerson(ctx, clerk, { name: `Gwen Searchable${suffix}`, pnc: '2011/0054321K' })
    const other = await makePerson(ctx, clerk, { name: `Unrelated Person${suffix}` })
    const { agent } = await signInAs(ctx, 'clerk')

    const byName = await agent.get(`/people?q=${encodeURIComponent(`searchable${suffix}`)}`)
    const byCrn = await agent.get(`/people?q=${person.crn.toLowerCase()}`)
    const byPnc = await agent.get(`/people?q=${encodeURIComponent('2011/0054321k')}`)

    for (const res of [byName, byCrn, byPnc]) {
      expect(res.status).toBe(200)
      expect(res.text).toContain('data-qa="search-results"')
      expect(res.text).toContain(`href="/people/${person.id}"`)
      expect(res.text).toContain('17 May 1990')
      expect(res.text).not.toContain(other.name)
    }
    expect(decode(byPnc.text)).toContain('2011/0054321K')
    expect(byName.text).toContain('data-qa="add-person"')
  })

  it('when nothing matches, then the page says so', async () => {
    const { agent } = await signInAs(ctx, 'clerk')

    const res = await agent.get('/people?q=Nobody-By-This-Name')

    expect(res.status).toBe(200)
    expect(res.text).toContain('data-qa="no-results"')
    expect(res.text).not.toContain('data-qa="search-results"')
  })

  it('when a probation officer searches, then only their own people are found and they cannot add one', async () => {
    const clerk = await clerkUser(ctx)
    const parties = await makeOrderParties(ctx)
    const suffix = uniqueCrn().slice(1)
    const mine = await makePerson(ctx, clerk, { name: `Scoped Mine${suffix}` })
    const theirs = await makePerson(ctx, clerk, { name: `Scoped Theirs${suffix}` })
    await makeOrder(ctx, clerk, mine.id, parties)
    await makeOrder(ctx, clerk, theirs.id, await makeOrderParties(ctx))
    const agent = await signIn(ctx.app, parties.officer.email)

    const res = await agent.get('/people?q=Scoped')
    const newPage = await agent.get('/people/new')

    expect(res.text).toContain(`Scoped Mine${suffix}`)
    expect(res.text).not.toContain(`Scoped Theirs${suffix}`)
    expect(res.text).not.toContain('data-qa="add-person"')
    expect(newPage.status).toBe(403)
  })
})
