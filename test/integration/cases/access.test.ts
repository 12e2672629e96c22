import request from 'supertest'
import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeOrganisation, makeUser } from '../../support/factories'
import { clerkUser, makeOrder, makeOrderParties, makePerson, signInAs } from './caseSupport'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

/** Two people on orders with different officers and providers. */
async function arrange() {
  const clerk = await clerkUser(ctx)
  const mine = await makePerson(ctx, clerk, { name: 'Owen Mine' })
  const theirs = await makePerson(ctx, clerk, { name: 'Tegan Theirs' })
  const parties = await makeOrderParties(ctx)
  const otherParties = await makeOrderParties(ctx)
  await makeOrder(ctx, clerk, mine.id, parties)
  await makeOrder(ctx, clerk, theirs.id, otherParties)
  return { clerk, mine, theirs, parties, otherParties }
}

describe('who may see a person', () => {
  it('when a probation officer opens their own person, then they see the page (audited) without the clerk’s actions', async () => {
    const { mine, parties } = await arrange()
    const agent = await signIn(ctx.app, parties.officer.email)

    const res = await agent.get(`/people/${mine.id}`)
    const audit = await ctx.db('audit_event').where({ action: 'view_person', subject_id: mine.id })

    expect(res.status).toBe(200)
    expect(res.text).toContain('Owen Mine')
    expect(res.text).toContain('data-qa="reviews"')
    expect(res.text).not.toContain('data-qa="record-order"')
    expect(res.text).not.toContain(`/people/${mine.id}/edit`)
    expect(res.text).not.toMatch(/href="\/sittings\//)
    expect(audit.map(a => a.user_id)).toContain(parties.officer.id)
  })

  it('when a probation officer opens another officer’s person, then it is not found', async () => {
    const { theirs, parties } = await arrange()
    const agent = await signIn(ctx.app, parties.officer.email)

    const res = await agent.get(`/people/${theirs.id}`)

    expect(res.status).toBe(404)
    expect(res.text).not.toContain('Tegan Theirs')
  })

  it('when a provider worker opens a person referred to their organisation, then they see it; another organisation’s is not found', async () => {
    const { mine, theirs, parties } = await arrange()
    const worker = await makeUser(ctx.services, 'provider', { organisationId: parties.provider.id })
    const agent = await signIn(ctx.app, worker.email)

    const own = await agent.get(`/people/${mine.id}`)
    const other = await agent.get(`/people/${theirs.id}`)

    expect(own.status).toBe(200)
    expect(other.status).toBe(404)
    expect(other.text).not.toContain('Tegan Theirs')
  })

  it('when a worker of an organisation with no clients opens a person, then it is not found', async () => {
    const { mine } = await arrange()
    const org = await makeOrganisation(ctx.services, 'provider')
    const { agent } = await signInAs(ctx, 'provider', { organisationId: org.id })

    expect((await agent.get(`/people/${mine.id}`)).status).toBe(404)
  })

  it('when a sentencer asks for the people pages, then they are refused with 403', async () => {
    const { mine } = await arrange()
    const { agent } = await signInAs(ctx, 'sentencer')

    const search = await agent.get('/people?q=Owen')
    const page = await agent.get(`/people/${mine.id}`)

    expect(search.status).toBe(403)
    expect(page.status).toBe(403)
    expect(page.text).not.toContain('Owen Mine')
  })

  it('when nobody is signed in, then the person page sends them to sign in', async () => {
    const { mine } = await arrange()

    const res = await request(ctx.app).get(`/people/${mine.id}`)

    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/sign-in')
  })
})
