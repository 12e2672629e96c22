import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { expectProblem, fieldsOf } from '../scheduling/schedulingWorld'
import { makeProviderWorld, type ProviderWorld } from './providerWorld'
import { queriesDuring } from '../../support/queries'

let ctx: TestContext
let w: ProviderWorld

beforeAll(async () => {
  ctx = await createTestContext()
  w = await makeProviderWorld(ctx)
})

afterAll(async () => {
  await ctx.close()
})

const update = { treatmentView: 'Attending well.', appointmentsOffered: 4, appointmentsKept: 3 }
// The clock reads 2 March 2026, the day the orders were made: the one day a test may be dated.
const test = { takenOn: '2026-03-02', method: 'urine', results: { opiates: 'negative', cocaine: 'positive' } }

describe('provider update (API)', () => {
  it('when a provider saves an update for their client’s review, then it is stored once and saving again replaces it', async () => {
    const reviewId = w.mine.reviews[0].id

    const first = await w.as(w.tokens.provider).put(`/reviews/${reviewId}/provider-update`, update)
    const second = await w.as(w.tokens.provider).put(`/reviews/${reviewId}/provider-update`, {
      ...update,
      engagement: 'Good',
      appointmentsKept: 4,
    })
    const rows = await ctx.db('provider_update').where({ review_id: reviewId })

    expect(first.status).toBe(200)
    expect(first.body).toEqual(expect.objectContaining({ reviewId, treatmentView: 'Attending well.', version: 1 }))
    expect(second.status).toBe(200)
    expect(second.body).toEqual(expect.objectContaining({ appointmentsKept: 4, engagement: 'Good', version: 2 }))
    expect(rows).toHaveLength(1)
  })

  it('when a provider reads an update back, then they get what was saved, and 404 before one is saved or for another organisation', async () => {
    const reviewId = w.mine.reviews[2].id
    const api = w.as(w.tokens.provider)

    const before = await api.get(`/reviews/${reviewId}/provider-update`)
    await api.put(`/reviews/${reviewId}/provider-update`, update)
    const after = await api.get(`/reviews/${reviewId}/provider-update`)
    const theirs = await api.get(`/reviews/${w.theirs.reviews[0].id}/provider-update`)

    expectProblem(before, 404)
    expect(after.status).toBe(200)
    expect(after.body).toEqual(
      expect.objectContaining({ reviewId, treatmentView: 'Attending well.', appointmentsKept: 3 }),
    )
    expectProblem(theirs, 404)
  })

  it('when another organisation’s provider saves an update for the review, then it is not found and nothing is stored', async () => {
    const reviewId = w.theirs.reviews[0].id

    const res = await w.as(w.tokens.provider).put(`/reviews/${reviewId}/provider-update`, update)

    expectProblem(res, 404)
    expect(await ctx.db('provider_update').where({ review_id: reviewId })).toHaveLength(0)
  })

  it('when more appointments are kept than offered, or the view is missing, then 400 names the field', async () => {
    const api = w.as(w.tokens.provider)
    const path = `/reviews/${w.mine.reviews[1].id}/provider-update`

    const kept = await api.put(path, { ...update, appointmentsOffered: 2, appointmentsKept: 3 })
    const missing = await api.put(path, { appointmentsOffered: 2, appointmentsKept: 1 })

    expect(fieldsOf(expectProblem(kept, 400))).toEqual(['appointmentsKept'])
    expect(fieldsOf(expectProblem(missing, 400))).toEqual(['treatmentView'])
  })

  it('when a probation officer tries to save a provider update, then 403', async () => {
    const res = await w.as(w.tokens.officer).put(`/reviews/${w.mine.reviews[0].id}/provider-update`, update)

    expectProblem(res, 403)
  })
})

describe('drug tests (API)', () => {
  it('when a provider records a test for their client, then 201 and it is listed for the officer and the clerk', async () => {
    const res = await w.as(w.tokens.provider).post(`/people/${w.mine.person.id}/drug-tests`, test)
    const officer = await w.as(w.tokens.officer).get(`/people/${w.mine.person.id}/drug-tests`)
    const clerk = await w.clerkApi.get(`/people/${w.mine.person.id}/drug-tests`)

    expect(res.status).toBe(201)
    expect(res.body).toEqual(
      expect.objectContaining({ personId: w.mine.person.id, method: 'urine', results: test.results, uploadId: null }),
    )
    expect(officer.body.map((t: { id: string }) => t.id)).toContain(res.body.id)
    expect(clerk.body.map((t: { id: string }) => t.id)).toContain(res.body.id)
  })

  it('when a provider of another organisation records or reads a test for the person, then it is not found', async () => {
    const post = await w.as(w.tokens.otherProvider).post(`/people/${w.mine.person.id}/drug-tests`, test)
    const get = await w.as(w.tokens.otherProvider).get(`/people/${w.mine.person.id}/drug-tests`)

    expectProblem(post, 404)
    expectProblem(get, 404)
  })

  it('when the officer records a test on their own case, then 201; on another officer’s case, 404', async () => {
    const own = await w.as(w.tokens.officer).post(`/people/${w.mine.person.id}/drug-tests`, {
      ...test,
      method: 'oral_fluid',
    })
    const other = await w.as(w.tokens.officer).post(`/people/${w.theirs.person.id}/drug-tests`, test)

    expect(own.status).toBe(201)
    expect(own.body.enteredBy).toBe(w.officer.id)
    expectProblem(other, 404)
  })

  it('when a test is dated in the future, has no results, an unknown substance or value, or an unnamed other, then 422 or 400 names the fields', async () => {
    const p = `/people/${w.mine.person.id}/drug-tests`
    const api = w.as(w.tokens.provider)

    const future = await api.post(p, { ...test, takenOn: '2099-03-03' })
    const none = await api.post(p, { ...test, results: {} })
    const unknown = await api.post(p, { ...test, results: { heroin: 'negative', cocaine: 'maybe' } })
    const other = await api.post(p, { ...test, method: 'hair', results: { other: 'positive' } })
    const notDate = await api.post(p, { ...test, takenOn: '2026-02-30' })

    expect([...new Set(fieldsOf(expectProblem(future, 422)))]).toEqual(['takenOn'])
    expect(fieldsOf(expectProblem(none, 400))).toEqual(['results'])
    expect(fieldsOf(expectProblem(unknown, 400))).toEqual(expect.arrayContaining(['results', 'results.cocaine']))
    expect(fieldsOf(expectProblem(other, 400))).toEqual(['otherSubstance'])
    expect(fieldsOf(expectProblem(notDate, 400))).toEqual(['takenOn'])
  })

  it('when a clerk tries to record a test, then 403', async () => {
    expectProblem(await w.clerkApi.post(`/people/${w.mine.person.id}/drug-tests`, test), 403)
  })
})

describe('provider pages', () => {
  it('when a provider opens My clients, then they see their client with the next review and not another organisation’s', async () => {
    const agent = await signIn(ctx.app, w.providerWorker.email)

    const res = await agent.get('/clients')

    expect(res.status).toBe(200)
    expect(res.text).toContain(w.mine.person.crn)
    expect(res.text).not.toContain(w.theirs.person.crn)
    expect(res.text).toContain(`/reviews/${w.mine.reviews[0].id}/provider-update`)
  })

  it('when an update is sent for a client’s next review, then My clients marks it sent, in the same number of queries for more clients', async () => {
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const queries = async () =>
      (
        await queriesDuring(ctx.db, () =>
          ctx.services.providers.clients({
            ...w.clerkUser,
            id: w.providerWorker.id,
            role: 'provider',
            organisationId: w.providerOrg.id,
          }),
        )
      ).length
    const fewer = await queries()
    const added = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    await w.as(w.tokens.provider).put(`/reviews/${added.reviews[0].id}/provider-update`, update)

    const more = await queries()
    const page = await agent.get('/clients')
    const rowOf = page.text.split('data-qa="client-row"').find(r => r.includes(added.person.crn)) ?? ''

    expect(more).toBe(fewer)
    expect(rowOf).toContain('Sent')
    expect(rowOf).not.toContain('Not sent')
  })

  it('when a provider opens another organisation’s review update form, drug tests or test form, then each is not found', async () => {
    const agent = await signIn(ctx.app, w.providerWorker.email)

    const pages = [
      `/reviews/${w.theirs.reviews[0].id}/provider-update`,
      `/people/${w.theirs.person.id}/drug-tests`,
      `/people/${w.theirs.person.id}/drug-tests/new`,
      `/people/${w.theirs.person.id}/drug-tests.csv`,
    ]
    const statuses = await Promise.all(pages.map(async p => (await agent.get(p)).status))
    const own = await agent.get(`/people/${w.mine.person.id}/drug-tests`)
    const post = await agent
      .post(`/reviews/${w.theirs.reviews[0].id}/provider-update`)
      .type('form')
      .send({ ...update, _csrf: csrfFrom(own.text) })

    expect(statuses).toEqual([404, 404, 404, 404])
    expect(post.status).toBe(404)
    expect(await ctx.db('provider_update').where({ review_id: w.theirs.reviews[0].id })).toHaveLength(0)
  })

  it('when hostile text is saved as the treatment view, then it is stored whole and shown escaped', async () => {
    const hostile = `<script>alert("x")</script> O'Neil "quoted" Llanelli ŵ ŷ â 💊 ${'a'.repeat(5000)}`
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const reviewId = w.mine.reviews[2].id

    const saved = await submitForm(agent, `/reviews/${reviewId}/provider-update`, {
      treatmentView: hostile,
      appointmentsOffered: '2',
      appointmentsKept: '1',
    })
    const page = await agent.get(`/reviews/${reviewId}/provider-update`)
    const row = await ctx.db('provider_update').where({ review_id: reviewId }).first()

    expect(saved.status).toBe(303)
    expect(saved.headers.location).toBe('/clients')
    expect(row.treatment_view).toBe(hostile)
    expect(page.text).not.toContain('<script>alert')
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(page.text).toContain('ŵ ŷ â 💊')
  })

  it('when the update form is sent with errors, then the page names the fields and keeps what was typed', async () => {
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const url = `/reviews/${w.mine.reviews[3].id}/provider-update`

    const res = await submitForm(agent, url, {
      treatmentView: 'Kept text',
      appointmentsOffered: '1',
      appointmentsKept: '5',
    })
    const page = await agent.get(url)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(url)
    expect(page.text).toContain('There is a problem')
    expect(page.text).toContain('href="#appointmentsKept"')
    expect(page.text).toContain('Kept text')
  })

  it('when a provider adds a test through the form, then it is listed with a tag per substance', async () => {
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const person = w.mine.person.id

    const res = await submitForm(
      agent,
      `/people/${person}/drug-tests/new`,
      {
        'takenOn[day]': '2',
        'takenOn[month]': '3',
        'takenOn[year]': '2026',
        method: 'urine',
        'results[alcohol]': 'positive',
        'results[cannabis]': 'refused',
      },
      `/people/${person}/drug-tests`,
    )
    const list = await agent.get(`/people/${person}/drug-tests`)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/people/${person}/drug-tests`)
    expect(list.text).toContain('2 March 2026')
    expect(list.text).toContain('Alcohol: Positive')
    expect(list.text).toContain('Cannabis: Refused')
    expect(list.text).toContain(`/people/${person}/drug-tests/new`)
  })

  it('when the test form has a bad date and no method, then the error summary names both and the choices are kept', async () => {
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const person = w.mine.person.id
    const url = `/people/${person}/drug-tests/new`

    await submitForm(
      agent,
      url,
      { 'takenOn[day]': '31', 'takenOn[month]': '2', 'takenOn[year]': '2026', 'results[cocaine]': 'missed' },
      `/people/${person}/drug-tests`,
    )
    const page = await agent.get(url)

    expect(page.text).toContain('href="#takenOn-day"')
    expect(page.text).toContain('href="#method"')
    expect(page.text).toMatch(/<option value="missed" selected>/)
  })

  it('when a clerk opens the drug tests, then they see them without "Add a test"', async () => {
    const agent = await signIn(ctx.app, w.clerk.email)

    const res = await agent.get(`/people/${w.mine.person.id}/drug-tests`)

    expect(res.status).toBe(200)
    expect(res.text).not.toContain(`/people/${w.mine.person.id}/drug-tests/new`)
  })
})
