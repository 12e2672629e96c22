import fc from 'fast-check'
import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { addCalendarMonths, addDays } from '../../../server/utils/dates'
import { bearer, expectProblem, fieldsOf, makeWorld, type World } from '../scheduling/schedulingWorld'

/**
 * Issue 21, structured amendments (Sentencing Act 2020 Sch 9 paras 21-22) on the API: each change a
 * dated row with who, why and consent; the later reviews re-planned, on the new court's sittings after a
 * transfer; a dry run shows the re-plan and stores nothing.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx.close()
})
beforeEach(() => ctx.clock.set('2028-02-10T10:00:00Z'))

interface Planned {
  id: string
  status: string
  sittingId: string | null
}

async function weekly(world: World, from = '2028-02-08', to = '2028-12-19') {
  const dateOf: Record<string, string> = {}
  for (let date = from; date <= to; date = addDays(date, 7)) dateOf[(await world.addSitting(date)).id] = date
  return dateOf
}

async function aCase(months = 5) {
  const world = await makeWorld(ctx)
  const dateOf = await weekly(world)
  ctx.clock.set('2028-02-08T16:00:00Z')
  const order = await world.addOrder({ madeOn: '2028-01-05', months, interval: 1 })
  const held = await world.clerkApi.post(`/reviews/${order.reviews[0].id}/outcome`, {
    attended: true,
    progress: 'good',
    decision: 'continue_hearing',
  })
  expect(held.status).toBe(201)
  ctx.clock.set('2028-02-10T10:00:00Z')
  const token = await apiToken(ctx.app, world.clerk.email)
  const clerk = {
    post: (path: string, body: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(body),
    get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
  }
  return { world, dateOf, order, clerk }
}

const listedDates = (reviews: Planned[], dateOf: Record<string, string>) =>
  reviews.filter(r => r.status === 'scheduled' && r.sittingId).map(r => dateOf[r.sittingId!])

/** Each listed review at least `months` calendar months after the one before, from the first. */
function expectApart(dates: string[], months: number) {
  for (let i = 1; i < dates.length; i++) expect(dates[i] >= addCalendarMonths(dates[i - 1], months)).toBe(true)
}

const AMEND = { consent: true, reason: 'Progress is steady; the court spaces the reviews out' }

describe('POST /requirements/{id}/amendments', () => {
  it('a dry run shows the re-plan and stores nothing; made, the change is recorded old → new and the later reviews re-planned', async () => {
    const { order, clerk, dateOf } = await aCase(8)
    const before = (await clerk.get(`/requirements/${order.requirementId}/reviews`)).body as Planned[]
    const dry = await clerk.post(`/requirements/${order.requirementId}/amendments?dryRun=true`, {
      ...AMEND,
      reviewIntervalMonths: 2,
    })
    expect(dry.status).toBe(200)
    expect(dry.body.dryRun).toBe(true)
    expect(dry.body.amendment.changes).toEqual({ reviewIntervalMonths: { from: 1, to: 2 } })
    expectApart(listedDates(dry.body.reviews, dateOf), 2)
    expect(await ctx.db('amendment').where({ requirement_id: order.requirementId })).toHaveLength(0)
    expect((await clerk.get(`/requirements/${order.requirementId}/reviews`)).body).toEqual(before)

    const made = await clerk.post(`/requirements/${order.requirementId}/amendments`, {
      ...AMEND,
      reviewIntervalMonths: 2,
    })
    expect(made.status).toBe(201)
    expect(made.body.amendment).toMatchObject({ consent: true, madeOn: '2028-02-10', reason: AMEND.reason })
    const after = (await clerk.get(`/requirements/${order.requirementId}/reviews`)).body as Planned[]
    expect(listedDates(after, dateOf)).toEqual(listedDates(dry.body.reviews, dateOf))
    expectApart(['2028-02-08', ...listedDates(after, dateOf)], 2)
  })

  it('a shorter requirement vacates the reviews past its new end; a longer one plans more', async () => {
    const { order, clerk, dateOf } = await aCase(8)
    const shorter = await clerk.post(`/requirements/${order.requirementId}/amendments`, { ...AMEND, months: 4 })
    expect(shorter.status).toBe(201)
    expect(listedDates(shorter.body.reviews, dateOf).every(d => d <= addCalendarMonths('2028-01-05', 4))).toBe(true)
    const longer = await clerk.post(`/requirements/${order.requirementId}/amendments`, { ...AMEND, months: 12 })
    expect(longer.status).toBe(201)
    expect(listedDates(longer.body.reviews, dateOf).length).toBeGreaterThan(
      listedDates(shorter.body.reviews, dateOf).length,
    )
  })

  it('a transfer to another magistrates’ court lists the later reviews in its sittings', async () => {
    const { order, clerk } = await aCase(6)
    const other = await makeWorld(ctx)
    const otherDates = await weekly(other, '2028-02-09', '2028-08-30')
    const moved = await clerk.post(`/requirements/${order.requirementId}/amendments`, {
      ...AMEND,
      responsibleCourtId: other.court.id,
      reason: 'The person has moved to the other court’s area',
    })
    expect(moved.status).toBe(201)
    expect(moved.body.amendment.changes.responsibleCourtId.to).toBe(other.court.id)
    const open = (moved.body.reviews as Planned[]).filter(r => r.status === 'scheduled' && r.sittingId)
    expect(open.length).toBeGreaterThan(0)
    expect(open.every(r => r.sittingId! in otherDates)).toBe(true)
    // The new court's clerks are told, with no case data in the email.
    const mail = await ctx.db('email_outbox').where({ to_address: other.clerk.email, template: 'reviews-transferred' })
    expect(mail).toHaveLength(1)
    expect(JSON.stringify(mail[0])).not.toContain('Alex Example')
  })

  it('refusals name the field and change nothing', async () => {
    const { order, clerk } = await aCase()
    const crown = await makeWorld(ctx)
    await ctx.db('court').where({ id: crown.court.id }).update({ kind: 'crown' })
    const amend = (body: object) => clerk.post(`/requirements/${order.requirementId}/amendments`, body)
    const cases: [string, object, number, string[]][] = [
      ['without consent', { ...AMEND, consent: false, months: 6 }, 422, ['consent']],
      ['nothing changed', { ...AMEND, months: 5 }, 422, ['body']],
      ['an interval under a month', { ...AMEND, reviewIntervalMonths: 0 }, 422, ['reviewIntervalMonths']],
      ['a length that has already ended', { ...AMEND, months: 1 }, 422, ['months']],
      ['a transfer to the Crown Court', { ...AMEND, responsibleCourtId: crown.court.id }, 422, ['responsibleCourtId']],
      [
        'a probation service as the provider',
        { ...AMEND, providerOrganisationId: crown.probationOrg.id },
        422,
        ['providerOrganisationId'],
      ],
      ['no reason', { consent: true, months: 6 }, 400, ['reason']],
    ]
    for (const [, body, status, fields] of cases)
      expect(fieldsOf(expectProblem(await amend(body), status))).toEqual(fields)
    expect(expectProblem(await amend({ ...AMEND, consent: false, months: 6 }), 422).detail).toContain(
      'Sch 9 para 22(3)(a)',
    )
    expect(await ctx.db('amendment').where({ requirement_id: order.requirementId })).toHaveLength(0)
  })

  it('only a clerk amends (an officer is 403); an unknown requirement is 404', async () => {
    const { world, order, clerk } = await aCase()
    const officer = await apiToken(ctx.app, world.officer.email)
    const res = await request(ctx.app)
      .post(`/api/v1/requirements/${order.requirementId}/amendments`)
      .set(bearer(officer))
      .send({ ...AMEND, months: 6 })
    expectProblem(res, 403)
    expectProblem(await clerk.post('/requirements/no-such/amendments', { ...AMEND, months: 6 }), 404)
  })

  it('property: whatever amendments follow one another, listed reviews stay the interval apart, never after the end, and no sitting is over its places', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ months: fc.integer({ min: 3, max: 14 }) }),
            fc.record({ reviewIntervalMonths: fc.integer({ min: 1, max: 3 }) }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        async steps => {
          const { order, clerk, dateOf } = await aCase(6)
          let months = 6
          let interval = 1
          for (const step of steps) {
            const res = await clerk.post(`/requirements/${order.requirementId}/amendments`, { ...AMEND, ...step })
            if (res.status !== 201) continue
            if ('months' in step) months = step.months
            else interval = step.reviewIntervalMonths
          }
          const reviews = (await clerk.get(`/requirements/${order.requirementId}/reviews`)).body as Planned[]
          const dates = ['2028-02-08', ...listedDates(reviews, dateOf)]
          expectApart(dates, interval)
          expect(dates.every(d => d <= addCalendarMonths('2028-01-05', months))).toBe(true)
          const over = await ctx
            .db('review')
            .select('sitting_id')
            .whereNotNull('slot_index')
            .groupBy('sitting_id', 'slot_index')
            .havingRaw('count(*) > 1')
          expect(over).toHaveLength(0)
        },
      ),
      { numRuns: 6 },
    )
  })
})
