import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { makeOrganisation, makeUser } from '../../support/factories'
import { bearer, expectProblem, fieldsOf, makeWorld } from './schedulingWorld'

// The people API: recording and reading a person, and who may see a person and a requirement's reviews.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

describe('POST /api/v1/people and GET /api/v1/people/:id', () => {
  it('when a clerk records a person, then it answers 201 with the person and the person can be read back', async () => {
    const world = await makeWorld(ctx)

    const res = await world.clerkApi.post('/people', {
      name: 'Sam Jones',
      dateOfBirth: '1988-02-29',
      crn: 'a123456',
      pnc: '2004/0012345h',
    })
    const read = await world.clerkApi.get(`/people/${res.body.id}`)

    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Sam Jones',
      dateOfBirth: '1988-02-29',
      crn: 'A123456',
      pnc: '2004/0012345H',
      version: 1,
    })
    expect(read.status).toBe(200)
    expect(read.body).toEqual({ ...res.body, orders: [] })
  })

  it('when the CRN and date of birth are malformed, then it answers 400 naming both', async () => {
    const world = await makeWorld(ctx)

    const res = await world.clerkApi.post('/people', { name: 'Sam Jones', dateOfBirth: '1988-02-30', crn: '123' })

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['crn', 'dateOfBirth'])
  })
})

describe('who may see a person and a requirement’s reviews', () => {
  async function caseOf(world: Awaited<ReturnType<typeof makeWorld>>) {
    await world.addSitting('2028-02-08')
    return world.addOrder({ madeOn: '2028-01-05', months: 3, interval: 1 })
  }

  it('when the responsible officer or the provider asks, then they see the person, the order and the reviews', async () => {
    const world = await makeWorld(ctx)
    const order = await caseOf(world)

    for (const user of [world.officer, world.providerWorker]) {
      const token = await apiToken(ctx.app, user.email)
      const person = await request(ctx.app).get(`/api/v1/people/${order.person.id}`).set(bearer(token))
      const reviews = await request(ctx.app)
        .get(`/api/v1/requirements/${order.requirementId}/reviews`)
        .set(bearer(token))

      expect(person.status).toBe(200)
      expect(person.body.orders.map((o: { id: string }) => o.id)).toEqual([order.orderId])
      expect(person.body.orders[0].requirements[0].reviews).toEqual(order.reviews)
      expect(reviews.status).toBe(200)
      expect(reviews.body).toEqual(order.reviews)
    }
  })

  it('when another officer, even in the same team, or another provider asks, then it is 404 with nothing of the case', async () => {
    const world = await makeWorld(ctx)
    const order = await caseOf(world)
    const otherOfficer = await makeUser(ctx.services, 'probation', { organisationId: world.probationOrg.id })
    const otherProvider = await makeUser(ctx.services, 'provider', {
      organisationId: (await makeOrganisation(ctx.services, 'provider')).id,
    })

    for (const user of [otherOfficer, otherProvider]) {
      const token = await apiToken(ctx.app, user.email)
      const person = await request(ctx.app).get(`/api/v1/people/${order.person.id}`).set(bearer(token))
      const reviews = await request(ctx.app)
        .get(`/api/v1/requirements/${order.requirementId}/reviews`)
        .set(bearer(token))

      expectProblem(person, 404)
      expectProblem(reviews, 404)
      expect(person.text).not.toContain(order.person.crn)
      expect(reviews.text).not.toContain(order.reviews[0].id)
    }
  })

  it('when a sentencer asks for a person or a requirement’s reviews, then it is refused with 403', async () => {
    const world = await makeWorld(ctx)
    const order = await caseOf(world)
    const token = await apiToken(ctx.app, world.magistrate1.email)

    const person = await request(ctx.app).get(`/api/v1/people/${order.person.id}`).set(bearer(token))
    const reviews = await request(ctx.app).get(`/api/v1/requirements/${order.requirementId}/reviews`).set(bearer(token))

    expectProblem(person, 403)
    expectProblem(reviews, 403)
  })

  it('when the person or requirement does not exist, then it is 404 for a clerk too', async () => {
    const world = await makeWorld(ctx)

    expectProblem(await world.clerkApi.get('/people/no-such-person'), 404)
    expectProblem(await world.clerkApi.get('/requirements/no-such-requirement/reviews'), 404)
  })
})
