import request from 'supertest'
import { apiToken, createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { decode, errorSummary } from '../../support/html'
import { makeWorld, bearer, type World } from '../scheduling/schedulingWorld'

/**
 * Issue 22 point 4: the equality monitoring questions are asked on the clerk's person form only, and the answers
 * never leave it but as counts: not on the person's page, the court list, the hearing pack, the caseload, the API's
 * person, or any email.
 */

let ctx: TestContext
let world: World

const BLACK = 'Black, Black British, Caribbean or African'
const dob = { 'dateOfBirth[day]': '17', 'dateOfBirth[month]': '5', 'dateOfBirth[year]': '1990' }
const checked = (html: string, id: string) => new RegExp(`id="${id}"[^>]*checked`).test(html)

beforeAll(async () => {
  ctx = await createTestContext({ now: '2028-01-10T09:00:00Z' })
  world = await makeWorld(ctx)
})
afterAll(async () => {
  await ctx.close()
})

describe('the person form’s equality monitoring questions', () => {
  it('when the clerk sends a code that is not a category, then the summary names the question and keeps what was typed', async () => {
    const agent = await signIn(ctx.app, world.clerk.email)
    const res = await submitForm(agent, '/people/new', {
      name: 'Rhian Pritchard',
      ...dob,
      crn: 'R123457',
      pnc: '',
      sex: 'female',
      ethnicity: 'martian',
    })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/people/new')
    const page = decode((await agent.get('/people/new')).text)
    expect(errorSummary(page)).toEqual(['#ethnicity: Ethnic group must be one of the groups listed, or not recorded'])
    expect(page).toContain('value="Rhian Pritchard"')
    expect(page).toContain('value="R123457"')
    // Female is the second sex radio (ids count from 0 after the first: sex, sex-1, ...).
    expect(checked(page, 'sex-1')).toBe(true)
    expect(await ctx.db('person').where({ crn: 'R123457' }).first()).toBeUndefined()
  })

  it('when the clerk answers, the answers are saved, shown back on the edit form only, and can be cleared', async () => {
    const agent = await signIn(ctx.app, world.clerk.email)
    const res = await submitForm(agent, '/people/new', {
      name: 'Dafydd Owen',
      ...dob,
      crn: 'D123458',
      sex: 'prefer_not_to_say',
      ethnicity: 'black',
    })
    expect(res.status).toBe(303)
    const id = res.headers.location.split('/').pop()!
    expect(await ctx.db('person').where({ id }).first('sex', 'ethnicity')).toEqual({
      sex: 'prefer_not_to_say',
      ethnicity: 'black',
    })
    const edit = decode((await agent.get(`/people/${id}/edit`)).text)
    expect(edit).toContain('Equality monitoring (optional)')
    expect(checked(edit, 'sex-2')).toBe(true)
    expect(checked(edit, 'ethnicity-1')).toBe(true)
    // The person's own page does not show them, even to the clerk.
    const show = decode((await agent.get(`/people/${id}`)).text)
    expect(show).not.toContain(BLACK)
    expect(show).not.toContain('Prefer not to say')

    const version = /name="version" value="(\d+)"/.exec(edit)![1]
    const cleared = await submitForm(agent, `/people/${id}/edit`, {
      name: 'Dafydd Owen',
      ...dob,
      crn: 'D123458',
      version,
      sex: '',
      ethnicity: 'white',
    })
    expect(cleared.status).toBe(303)
    expect(await ctx.db('person').where({ id }).first('sex', 'ethnicity')).toEqual({ sex: null, ethnicity: 'white' })
  })

  it('when the API records a person with answers, they are stored but never answered back', async () => {
    const res = await world.clerkApi.post('/people', {
      name: 'Api Person',
      dateOfBirth: '1990-05-17',
      crn: 'A123459',
      sex: 'male',
      ethnicity: 'mixed',
    })
    expect(res.status).toBe(201)
    expect(res.body).not.toHaveProperty('sex')
    expect(res.body).not.toHaveProperty('ethnicity')
    expect(await ctx.db('person').where({ id: res.body.id }).first('sex', 'ethnicity')).toEqual({
      sex: 'male',
      ethnicity: 'mixed',
    })
    const bad = await world.clerkApi.post('/people', {
      name: 'Api Person',
      dateOfBirth: '1990-05-17',
      crn: 'A123460',
      sex: 'M',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors).toEqual([
      { field: 'sex', message: 'Sex must be one of the answers listed, or not recorded' },
    ])
  })
})

describe('where the answers never appear', () => {
  it('when a person answered, then the court list, the pack, the caseload, the API and the emails do not show it', async () => {
    const sitting = await world.addSitting('2028-02-08', { benchUserIds: [world.magistrate1.id] })
    const person = await ctx.services.cases.createPerson(world.clerkUser, {
      name: 'Morgan Lloyd',
      dateOfBirth: '1985-03-02',
      crn: 'M123461',
      sex: 'prefer_not_to_say',
      ethnicity: 'black',
    })
    const order = await world.clerkApi.post(
      '/orders',
      world.orderBody(person.id, { madeOn: '2028-01-05', months: 3, interval: 1 }),
    )
    expect(order.status).toBe(201)
    expect(order.body.requirements[0].reviews[0].sittingId).toBe(sitting.id)

    const clerk = await signIn(ctx.app, world.clerk.email)
    const bench = await signIn(ctx.app, world.magistrate1.email)
    const officer = await signIn(ctx.app, world.officer.email)
    const pages = {
      courtList: await clerk.get(`/sittings/${sitting.id}`),
      courtListPrint: await clerk.get(`/sittings/${sitting.id}/print`),
      clerkPack: await clerk.get(`/sittings/${sitting.id}/pack`),
      benchPack: await bench.get(`/sittings/${sitting.id}/pack`),
      caseload: await officer.get('/caseload'),
      personForOfficer: await officer.get(`/people/${person.id}`),
      api: await request(ctx.app)
        .get(`/api/v1/people/${person.id}`)
        .set(bearer(await apiToken(ctx.app, world.officer.email))),
    }
    for (const [name, res] of Object.entries(pages)) {
      expect([name, res.status]).toEqual([name, 200])
      // Each page is about Morgan Lloyd, so it would be the place for the answers if they leaked.
      const text = decode(res.text)
      expect([name, text.includes('Morgan Lloyd') || text.includes('M123461')]).toEqual([name, true])
      expect([name, text.includes(BLACK), text.includes('Prefer not to say'), /ethnic|equality/i.test(text)]).toEqual([
        name,
        false,
        false,
        false,
      ])
    }
    // The booking emails the order queued (to the officer and the provider) carry none of it either: an email is
    // rendered from its subject and payload alone, so neither may hold the answers.
    const mail = await ctx.db('email_outbox').select('to_address', 'subject', 'payload')
    expect(mail.map(m => m.to_address)).toContain(world.officer.email)
    for (const m of mail)
      expect(`${m.subject} ${m.payload}`).not.toMatch(/ethnic|Black, Black British|prefer_not_to_say/i)
  })
})
