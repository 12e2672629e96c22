import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { bearer, expectProblem, fieldsOf, makeWorld, REVIEW_KEYS, summary, type ApiReview } from './schedulingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

describe('POST /api/v1/orders: planning the reviews', () => {
  it('when an order is made, then each review is due a calendar month after the one before was listed, continuity within a week, and none is planned that could never be held before the end', async () => {
    const world = await makeWorld(ctx)
    const { magistrate1: m1, magistrate2: m2 } = world
    const at = (date: string, bench: string[]) =>
      world.addSitting(date, { startTime: '14:00', slotMinutes: 20, benchUserIds: bench })
    const feb8 = await at('2028-02-08', [m1.id])
    await at('2028-03-09', [m2.id])
    const mar14 = await at('2028-03-14', [m1.id])
    const apr19 = await at('2028-04-19', [m2.id])
    await at('2028-04-25', [m1.id])
    await at('2028-05-10', [m1.id])
    await at('2028-06-06', [m1.id])
    const person = await world.addPerson('Jo Bloggs')

    const res = await world.clerkApi.post('/orders', world.orderBody(person.id, { madeOn: '2028-01-05', months: 5 }))

    expect(res.status).toBe(201)
    expect(res.body.order).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        personId: person.id,
        courtId: world.court.id,
        kind: 'community',
        madeOn: '2028-01-05',
        endsOn: '2028-06-04',
      }),
    )
    expect(res.body.requirements).toHaveLength(1)
    const requirement = res.body.requirements[0]
    expect(requirement).toEqual(
      expect.objectContaining({ id: expect.any(String), kind: 'DRR', months: 5, reviewIntervalMonths: 1 }),
    )
    const reviews = requirement.reviews as ApiReview[]
    for (const review of reviews) expect(Object.keys(review).sort()).toEqual(REVIEW_KEYS)
    const base = { requirementId: requirement.id, mode: 'hearing', report: null, version: 1, id: expect.any(String) }
    expect(reviews.slice(0, 3)).toEqual([
      // Target Saturday 5 February: the first sitting on or after it.
      {
        ...base,
        sequence: 1,
        targetDate: '2028-02-05',
        status: 'scheduled',
        sittingId: feb8.id,
        startsAt: '2028-02-08T14:00:00+00:00',
        reportDueAt: '2028-02-04T23:59:59+00:00',
      },
      // Due a month after 8 February: 9 March has another bench, 14 March (within 7 days) has the same one.
      {
        ...base,
        sequence: 2,
        targetDate: '2028-03-08',
        status: 'scheduled',
        sittingId: mar14.id,
        startsAt: '2028-03-14T14:00:00+00:00',
        reportDueAt: '2028-03-10T23:59:59+00:00',
      },
      // Due a month after 14 March: 19 April is the earliest; the same bench on 25 April is more than 7 days on.
      // The report is due 2 working days before, skipping Easter Monday and Good Friday, at the end of the day, BST.
      {
        ...base,
        sequence: 3,
        targetDate: '2028-04-14',
        status: 'scheduled',
        sittingId: apr19.id,
        startsAt: '2028-04-19T14:00:00+01:00',
        reportDueAt: '2028-04-13T23:59:59+01:00',
      },
    ])
    // The next would be due 19 May; the court sits on 10 May (too soon) and 6 June (after the end on 4 June),
    // so it could never be held: it is not planned, rather than left on "needs listing" for ever.
    expect(reviews).toHaveLength(3)
  })

  it('when the first free sitting is late, then the next review is due a month after it, and none is planned past the end', async () => {
    const world = await makeWorld(ctx)
    await world.addSitting('2028-02-08', { capacity: 1 })
    const apr11 = await world.addSitting('2028-04-11')
    await world.addSitting('2028-05-02')
    // Takes the only place on 8 February.
    await world.addOrder({ madeOn: '2028-01-05', months: 2, interval: 1 })

    const order = await world.addOrder({ madeOn: '2028-01-05', months: 4, interval: 1 })

    // The second review would be due on 11 May, after the requirement ends (4 May).
    expect(order.reviews.map(summary)).toEqual([
      {
        sequence: 1,
        targetDate: '2028-02-05',
        status: 'scheduled',
        sittingId: apr11.id,
        startsAt: '2028-04-11T10:00:00+01:00',
      },
    ])
  })

  it('when the interval is two months, then each review is due two months after the one before was listed', async () => {
    const world = await makeWorld(ctx)
    const sittings = []
    for (const date of ['2028-03-07', '2028-05-09', '2028-07-11', '2028-09-05'])
      sittings.push(await world.addSitting(date))
    // On the targets, but less than two months after the review before them: not to be used.
    await world.addSitting('2028-05-05')
    await world.addSitting('2028-07-06')

    const order = await world.addOrder({ madeOn: '2028-01-05', months: 8, interval: 2 })

    expect(order.reviews.map(r => [r.targetDate, r.sittingId])).toEqual([
      ['2028-03-05', sittings[0].id],
      ['2028-05-07', sittings[1].id],
      ['2028-07-09', sittings[2].id],
    ])
  })

  it('when the order is made on 31 January, then the first review is not before the end of February, and the next waits for sittings to be set up', async () => {
    const world = await makeWorld(ctx)
    await world.addSitting('2028-02-28')
    const feb29 = await world.addSitting('2028-02-29')

    const order = await world.addOrder({ madeOn: '2028-01-31', months: 2, interval: 1 })

    // The second is due on 29 March, before the end (30 March): the court has no sittings set up after
    // 29 February yet, so it waits on "needs listing" for one.
    expect(order.reviews.map(summary)).toEqual([
      { sequence: 1, targetDate: '2028-02-29', status: 'scheduled', sittingId: feb29.id, startsAt: expect.any(String) },
      { sequence: 2, targetDate: '2028-03-29', status: 'unlisted', sittingId: null, startsAt: null },
    ])
  })

  it('when a court wants reports 3 working days ahead, then the due date counts back 3 working days', async () => {
    const world = await makeWorld(ctx, { reportDueWorkingDays: 3 })
    await world.addSitting('2028-04-19')

    const order = await world.addOrder({ madeOn: '2028-03-19', months: 2, interval: 1 })

    // Wednesday 19 April 2028: Tuesday 18, (Easter Monday 17, Good Friday 14, weekend), Thursday 13, Wednesday 12.
    expect(order.reviews[0].reportDueAt).toBe('2028-04-12T23:59:59+01:00')
  })
})

describe('POST /api/v1/orders: rules', () => {
  async function attempt(
    world: Awaited<ReturnType<typeof makeWorld>>,
    change: (body: Record<string, unknown>) => void,
  ) {
    const person = await world.addPerson()
    const body = world.orderBody(person.id, { madeOn: '2028-01-05', months: 6 }) as Record<string, unknown>
    change(body)
    const res = await world.clerkApi.post('/orders', body)
    const read = await world.clerkApi.get(`/people/${person.id}`)
    return { res, orders: read.body.orders as unknown[] }
  }
  const requirement = (body: Record<string, unknown>) => (body.requirements as Record<string, unknown>[])[0]

  it('when a DRR of 18 months has no review interval, then it is refused with 422 naming the interval', async () => {
    const world = await makeWorld(ctx)

    const { res, orders } = await attempt(world, body => {
      requirement(body).months = 18
      requirement(body).reviewIntervalMonths = null
    })

    const problem = expectProblem(res, 422)
    expect(fieldsOf(problem)).toEqual(['requirements.0.reviewIntervalMonths'])
    expect(problem.detail).toContain('more than 12 months')
    expect(orders).toEqual([])
  })

  it('when the review interval is 0, then it is refused with 422 naming the interval', async () => {
    const world = await makeWorld(ctx)

    const { res, orders } = await attempt(world, body => {
      requirement(body).reviewIntervalMonths = 0
    })

    expect(fieldsOf(expectProblem(res, 422))).toEqual(['requirements.0.reviewIntervalMonths'])
    expect(orders).toEqual([])
  })

  it('when the review interval is not a number, then it is refused with 400 naming the interval', async () => {
    const world = await makeWorld(ctx)

    const { res, orders } = await attempt(world, body => {
      requirement(body).reviewIntervalMonths = 'monthly'
    })

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['requirements.0.reviewIntervalMonths'])
    expect(orders).toEqual([])
  })

  it('when a requirement of 25 months is on a suspended sentence order, then it is refused with 422 naming its length', async () => {
    const world = await makeWorld(ctx)

    const { res, orders } = await attempt(world, body => {
      body.kind = 'suspended'
      requirement(body).months = 25
    })

    const problem = expectProblem(res, 422)
    expect(problem.detail).toContain('2 years')
    expect(fieldsOf(problem)).toContain('requirements.0.months')
    expect(orders).toEqual([])
  })

  it('when a requirement of 24 months is on a suspended sentence order, then it is accepted', async () => {
    const world = await makeWorld(ctx)

    const { res } = await attempt(world, body => {
      body.kind = 'suspended'
      requirement(body).months = 24
    })

    expect(res.status).toBe(201)
  })

  it('when the provider and officer are unknown, then it is refused with 400 naming both fields', async () => {
    const world = await makeWorld(ctx)

    const { res, orders } = await attempt(world, body => {
      requirement(body).providerOrganisationId = world.probationOrg.id
      requirement(body).responsibleOfficerId = world.providerWorker.id
    })

    expect(fieldsOf(expectProblem(res, 400))).toEqual([
      'requirements.0.providerOrganisationId',
      'requirements.0.responsibleOfficerId',
    ])
    expect(orders).toEqual([])
  })

  it('when a probation officer or a provider posts an order, then it is refused with 403', async () => {
    const world = await makeWorld(ctx)
    const person = await world.addPerson()
    const body = world.orderBody(person.id, { madeOn: '2028-01-05', months: 6 })

    for (const user of [world.officer, world.providerWorker]) {
      const token = await apiToken(ctx.app, user.email)
      const res = await request(ctx.app).post('/api/v1/orders').set(bearer(token)).send(body)
      expectProblem(res, 403)
    }
    expect((await world.clerkApi.get(`/people/${person.id}`)).body.orders).toEqual([])
  })
})
