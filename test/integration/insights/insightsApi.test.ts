import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { makeCourt, makeUser } from '../../support/factories'
import { addDays } from '../../../server/utils/dates'
import { bearer, expectProblem, fieldsOf, makeWorld, open, type World } from '../scheduling/schedulingWorld'

/**
 * Issue 22, `GET /courts/{id}/insights` (API.md "Insight"): on a small hand-built history, every
 * figure equals a count made by hand; clerks and sentencers of the court and admins may read it.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx.close()
})

const REPORT = {
  attendance: 'Attended 7 of 8 appointments.',
  engagement: 'Engaged well in group work.',
  treatment: 'Stable on methadone.',
  testing: 'All tests negative for opiates.',
  recommendation: 'continue',
}

const as = (token: string) => ({
  get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
  post: (path: string, body: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(body),
  put: (path: string, body: object) => request(ctx.app).put(`/api/v1${path}`).set(bearer(token)).send(body),
})

async function ok(res: request.Response, status = 201) {
  if (res.status !== status) throw new Error(`${res.status} ${res.text}`)
  return res.body
}

/**
 * Tuesday sittings from 8 February 2028, benched by two magistrates. Three people on monthly DRRs:
 * A and B made on 5 January 2028, C on 4 January; all three first heard on 8 February.
 * - A: report submitted on 1 February (on time); held on 8 Feb by m1+m2; its second hearing held by m2
 *   alone (partial continuity, not full); second report never submitted.
 * - B: report submitted on the hearing morning (late); held on 8 Feb by m1; second hearing by m1 (full).
 * - C: did not attend on 8 Feb; adjourned to the sitting of 15 Feb (scheduled, no report).
 * - The officer lays a breach on C.
 * - E (made 5 January): its 8 February review vacated on 1 February; the re-plan lists a new review in the
 *   same sitting (no outcome recorded for it) and its next on A's second date. No reports.
 * Drug tests: A on 2 Feb all negative and 20 Feb positive; B on 1 March negative, 2 March withdrawn.
 * Another court has a person with an order and a test in the same weeks.
 */
async function history() {
  ctx.clock.set('2028-02-01T09:00:00Z')
  const world = await makeWorld(ctx)
  const { magistrate1: m1, magistrate2: m2 } = world
  const dateOf: Record<string, string> = {}
  for (let date = '2028-02-08'; date <= '2028-06-27'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date, { benchUserIds: [m1.id, m2.id] })).id] = date
  const sittingOn = (date: string) => Object.keys(dateOf).find(id => dateOf[id] === date)!
  const a = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1 })
  const b = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1 })
  const c = await world.addOrder({ madeOn: '2028-01-04', months: 5, interval: 1 })
  const e = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1 })
  for (const o of [a, b, c, e]) expect(dateOf[o.reviews[0].sittingId!]).toBe('2028-02-08')

  // Bearer tokens last 12 hours: each step of the history signs in afresh at the clock's time.
  const fresh = async (email: string) => as(await apiToken(ctx.app, email))
  ctx.clock.set('2028-02-01T10:00:00Z')
  await ok(
    await (await fresh(world.officer.email)).put(`/reviews/${a.reviews[0].id}/report`, { ...REPORT, submit: true }),
    200,
  )
  await ok(
    await (
      await fresh(world.clerk.email)
    ).post(`/reviews/${e.reviews[0].id}/vacate`, {
      reason: 'Listed in error',
      version: e.reviews[0].version,
    }),
    200,
  )
  ctx.clock.set('2028-02-08T09:00:00Z')
  await ok(
    await (await fresh(world.officer.email)).put(`/reviews/${b.reviews[0].id}/report`, { ...REPORT, submit: true }),
    200,
  )

  ctx.clock.set('2028-02-08T16:00:00Z')
  let clerk = await fresh(world.clerk.email)
  const hold = (reviewId: string, bench: string[]) =>
    clerk
      .post(`/reviews/${reviewId}/outcome`, {
        attended: true,
        progress: 'good',
        decision: 'continue_hearing',
        benchUserIds: bench,
      })
      .then(r => ok(r))
  await hold(a.reviews[0].id, [m1.id, m2.id])
  await hold(b.reviews[0].id, [m1.id])
  await ok(
    await clerk.post(`/reviews/${c.reviews[0].id}/non-attendance`, {
      action: 'adjourn',
      sittingId: sittingOn('2028-02-15'),
      comments: 'Unwell',
    }),
  )

  // The officer lays a breach on C (heard at its 15 February hearing): C is in breach proceedings.
  await ok(
    await (
      await fresh(world.officer.email)
    ).post(`/requirements/${c.requirementId}/breaches`, {
      failure: 'Missed three appointments',
      occurredOn: '2028-02-07',
    }),
  )

  const next = async (o: typeof a) =>
    open(await ok(await clerk.get(`/requirements/${o.requirementId}/reviews`), 200))[0]
  const a2 = await next(a)
  const b2 = await next(b)
  const secondDate = dateOf[a2.sittingId!]
  expect(dateOf[b2.sittingId!]).toBe(secondDate)
  ctx.clock.set(`${secondDate}T16:00:00Z`)
  clerk = await fresh(world.clerk.email)
  await hold(a2.id, [m2.id])
  await hold(b2.id, [m1.id])

  const provider = await fresh(world.providerWorker.email)
  const test = (personId: string, takenOn: string, results: Record<string, string>) =>
    provider.post(`/people/${personId}/drug-tests`, { takenOn, method: 'urine', results }).then(r => ok(r))
  await test(a.person.id, '2028-02-02', { opiates: 'negative', cocaine: 'negative' })
  await test(a.person.id, '2028-02-20', { opiates: 'positive', cocaine: 'negative' })
  await test(b.person.id, '2028-03-01', { opiates: 'negative' })
  const withdrawn = await test(b.person.id, '2028-03-02', { opiates: 'positive' })
  await ok(
    await provider.post(`/people/${b.person.id}/drug-tests/${withdrawn.id}/withdrawn`, {
      reason: 'Sample mislabelled',
      version: 1,
    }),
    200,
  )

  // Another court's case, listed and tested in the same weeks, counts nowhere here.
  const elsewhere = await makeWorld(ctx)
  await elsewhere.addSitting(secondDate)
  const d = await elsewhere.addOrder({ madeOn: '2028-02-01', months: 5, interval: 1 })
  expect(d.reviews[0].sittingId).not.toBeNull()
  const otherProvider = await fresh(elsewhere.providerWorker.email)
  await ok(
    await otherProvider.post(`/people/${d.person.id}/drug-tests`, {
      takenOn: '2028-02-20',
      method: 'urine',
      results: { opiates: 'negative' },
    }),
  )
  return { world, secondDate }
}

async function linked(world: World, role: 'clerk' | 'sentencer', courtId = world.court.id) {
  const user = await makeUser(ctx.services, role, { courtIds: [courtId] })
  return as(await apiToken(ctx.app, user.email))
}

describe('GET /courts/{id}/insights', () => {
  it('on a hand-built history, every figure equals the hand count, and the read is audited', async () => {
    const { world, secondDate } = await history()
    expect(secondDate >= '2028-03-01' && secondDate < '2028-04-01').toBe(true)
    const clerk = await linked(world, 'clerk')
    const res = await clerk.get(`/courts/${world.court.id}/insights?from=2028-02-01&to=${secondDate}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      courtId: world.court.id,
      from: '2028-02-01',
      to: secondDate,
      // Held: A1, B1, A2, B2. Did not attend: C1. (C's adjourned-to hearing on 15 Feb is still scheduled.)
      reviews: { held: 4, adjourned: 0, vacated: 1, didNotAttend: 1, warrants: 0, paper: 0 },
      // A2 and B2 each follow a held hearing. A2 (m2) shares m2 with A1 (m1+m2): partial, not full.
      // B2 (m1) after B1 (m1): partial and full.
      continuity: { eligible: 2, partial: 2, full: 1 },
      // Hearing reviews not vacated: A1, B1, C1, C's 15 Feb hearing, A2, B2, E's two re-planned ones.
      // A1 on time, B1 late, six missing (E's vacated review asks for no report).
      // A1's report came 7 days (168 hours) before its 10:00 place, B1's 1 hour 20 minutes before its 10:20 one:
      // the median is (168 + 1.33) / 2 = 84.7 hours, from the one officer's team (their organisation).
      reports: {
        due: 8,
        onTime: 1,
        late: 1,
        missing: 6,
        medianHoursBefore: 84.7,
        byTeam: [
          { teamId: world.probationOrg.id, team: world.probationOrg.name, received: 2, medianHoursBefore: 84.7 },
        ],
      },
      // A, B, C and E all running; C in breach proceedings.
      requirements: { active: 4, completed: 0, completedEarly: 0, revoked: 0, inBreachProceedings: 1 },
      // Hearings that took place: A1, B1, C1, A2, B2; the person came to four.
      attendance: { hearings: 5, attended: 4 },
      // A and B: 5 Jan to 8 Feb = 34 days; C: 4 Jan to 8 Feb = 35. Median 34; p90 the 3rd of 3 = 35.
      // E has had no hearing yet.
      daysOrderToFirstReview: { median: 34, p90: 35 },
      // B's test of 2 March was withdrawn; the other court's person's test is not this court's.
      testing: [
        { month: '2028-02', tests: 2, negative: 1 },
        { month: '2028-03', tests: 1, negative: 1 },
      ],
      // Month by month (counted in insightDashboard.test.ts): February and March.
      months: [expect.objectContaining({ month: '2028-02' }), expect.objectContaining({ month: '2028-03' })],
    })
    const audit = await ctx.db('audit_event').where({ action: 'view_insights', subject_id: world.court.id })
    expect(audit).toHaveLength(1)

    // A range before anything happened counts nothing.
    const empty = await clerk.get(`/courts/${world.court.id}/insights?from=2027-11-01&to=2027-12-31`)
    expect(empty.body.reviews).toEqual({ held: 0, adjourned: 0, vacated: 0, didNotAttend: 0, warrants: 0, paper: 0 })
    expect(empty.body.daysOrderToFirstReview).toEqual({ median: null, p90: null })
    expect(empty.body.testing).toEqual([
      { month: '2027-11', tests: 0, negative: 0 },
      { month: '2027-12', tests: 0, negative: 0 },
    ])

    // Without dates: the last 12 months up to today.
    const year = await clerk.get(`/courts/${world.court.id}/insights`)
    expect(year.body).toMatchObject({
      from: `${Number(secondDate.slice(0, 4)) - 1}${secondDate.slice(4)}`,
      to: secondDate,
    })
    expect(year.body.reviews.held).toBe(4)
  })

  it('a sentencer of the court, an admin and a clerk not linked to courts may read it; a clerk or sentencer of another court gets 404, a provider 403', async () => {
    ctx.clock.set('2028-02-01T09:00:00Z')
    const world = await makeWorld(ctx)
    const other = await makeCourt(ctx.services)
    const path = `/courts/${world.court.id}/insights`
    expect((await (await linked(world, 'sentencer')).get(path)).status).toBe(200)
    const admin = await makeUser(ctx.services, 'admin')
    expect((await as(await apiToken(ctx.app, admin.email)).get(path)).status).toBe(200)
    // A clerk not yet linked to any court works across the deployment's courts (DESIGN.md).
    expect((await world.clerkApi.get(path)).status).toBe(200)
    expectProblem(await (await linked(world, 'clerk', other.id)).get(path), 404)
    expectProblem(await (await linked(world, 'sentencer', other.id)).get(path), 404)
    expectProblem(await as(await apiToken(ctx.app, world.providerWorker.email)).get(path), 403)
    expectProblem(await as(await apiToken(ctx.app, world.officer.email)).get(path), 403)
    expectProblem(await (await linked(world, 'clerk')).get('/courts/no-such-court/insights'), 404)
  })

  it('a date that is not a date is 400 naming the field; from after to is 400', async () => {
    ctx.clock.set('2028-02-01T09:00:00Z')
    const world = await makeWorld(ctx)
    const clerk = await linked(world, 'clerk')
    const path = `/courts/${world.court.id}/insights`
    expect(fieldsOf(expectProblem(await clerk.get(`${path}?from=2028-02-30&to=2028-03-01`), 400))).toEqual(['from'])
    expect(fieldsOf(expectProblem(await clerk.get(`${path}?from=2028-01-01&to=March`), 400))).toEqual(['to'])
    expect(fieldsOf(expectProblem(await clerk.get(`${path}?from=2028-03-01&to=2028-02-01`), 400))).toEqual(['from'])
    // The figures come as JSON or, with format=csv, as CSV; nothing else.
    expect(fieldsOf(expectProblem(await clerk.get(`${path}?format=xml`), 400))).toEqual(['format'])
  })
})
