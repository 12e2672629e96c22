import request from 'supertest'
import { apiToken, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { addDays } from '../../../server/utils/dates'
import { bearer, makeWorld, open } from '../scheduling/schedulingWorld'

const REPORT = {
  attendance: 'Attended 7 of 8 appointments.',
  engagement: 'Engaged well in group work.',
  treatment: 'Stable on methadone.',
  testing: 'All tests negative for opiates.',
  recommendation: 'continue',
}

async function ok(res: request.Response, status = 201) {
  if (res.status !== status) throw new Error(`${res.status} ${res.text}`)
  return res.body
}

/**
 * A court's hand-built history for the dashboard (issue 22), on Tuesday sittings from 8 February 2028
 * (10:00, 20-minute places; rostered m1+m2), every requirement a monthly DRR made in early January:
 * - A: report on 1 Feb 10:00 (on time); heard 8 Feb by m1+m2, 7 Mar by m3 alone (a change: no continuity),
 *   4 Apr by m1+m2 again (back to the first bench, but not the previous one: no continuity either).
 * - B: report on 8 Feb 09:00 (late: due two working days before); heard 8 Feb by m1, 7 Mar by m1 (full),
 *   where the court records the requirement completed; B's second report never comes.
 * - C: did not attend on 8 Feb; the court issues a warrant (not backed for bail). No report.
 * - D: heard 8 Feb by m1+m2, where the court revokes the requirement. No report.
 * - F: its 8 Feb review adjourned (on 1 Feb) to 15 Feb, where F is heard by m1+m2. No reports.
 * - G: heard 8 Feb by m2; the officer applies for early revocation, granted on 7 Mar (completed early).
 * - P: heard 8 Feb by m1+m2, who move its reviews to paper; its next review decided on paper (on A's third date).
 * Drug tests: A on 2 Feb (negative) and 20 Mar (positive), G on 3 Apr (negative); one of A's withdrawn.
 * The officer who writes the reports belongs to the world's probation organisation (the team).
 */
export async function dashboardHistory(ctx: TestContext) {
  ctx.clock.set('2028-02-01T09:00:00Z')
  const world = await makeWorld(ctx)
  const { magistrate1: m1, magistrate2: m2 } = world
  const m3 = await makeUser(ctx.services, 'sentencer')
  const dateOf: Record<string, string> = {}
  for (let date = '2028-02-08'; date <= '2028-06-27'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date, { benchUserIds: [m1.id, m2.id] })).id] = date
  const sittingOn = (date: string) => Object.keys(dateOf).find(id => dateOf[id] === date)!
  const made = (madeOn = '2028-01-05') => world.addOrder({ madeOn, months: 5, interval: 1 })
  const a = await made()
  const b = await made()
  const c = await made('2028-01-04')
  const d = await made()
  const f = await made()
  const g = await made('2028-01-03')
  const p = await made()

  const as = async (email: string) => {
    const token = await apiToken(ctx.app, email)
    return {
      get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
      post: (path: string, body: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(body),
      put: (path: string, body: object) => request(ctx.app).put(`/api/v1${path}`).set(bearer(token)).send(body),
    }
  }
  ctx.clock.set('2028-02-01T10:00:00Z')
  await ok(
    await (await as(world.officer.email)).put(`/reviews/${a.reviews[0].id}/report`, { ...REPORT, submit: true }),
    200,
  )
  await ctx.services.booking.adjourn(world.clerkUser, f.reviews[0].id, {
    reason: 'Court time needed for a trial',
    version: f.reviews[0].version,
    sittingId: sittingOn('2028-02-15'),
  })
  ctx.clock.set('2028-02-08T09:00:00Z')
  await ok(
    await (await as(world.officer.email)).put(`/reviews/${b.reviews[0].id}/report`, { ...REPORT, submit: true }),
    200,
  )

  ctx.clock.set('2028-02-08T16:00:00Z')
  let clerk = await as(world.clerk.email)
  const hold = (reviewId: string, bench: string[], decision = 'continue_hearing') =>
    clerk
      .post(`/reviews/${reviewId}/outcome`, { attended: true, progress: 'good', decision, benchUserIds: bench })
      .then(r => ok(r))
  await hold(a.reviews[0].id, [m1.id, m2.id])
  await hold(b.reviews[0].id, [m1.id])
  await hold(d.reviews[0].id, [m1.id, m2.id], 'revoked')
  await hold(g.reviews[0].id, [m2.id])
  await ok(await clerk.post(`/reviews/${c.reviews[0].id}/non-attendance`, { action: 'warrant', bail: false }))

  await hold(p.reviews[0].id, [m1.id, m2.id], 'continue_paper')
  ctx.clock.set('2028-02-10T10:00:00Z')
  const application = await ok(
    await (
      await as(world.officer.email)
    ).post(`/requirements/${g.requirementId}/applications`, {
      kind: 'early_revocation',
      reason: 'Negative tests, in work',
    }),
  )

  ctx.clock.set('2028-02-15T16:00:00Z')
  clerk = await as(world.clerk.email)
  const nextOf = async (o: typeof a) =>
    open(await ok(await clerk.get(`/requirements/${o.requirementId}/reviews`), 200))[0]
  await hold((await nextOf(f)).id, [m1.id, m2.id])

  const a2 = await nextOf(a)
  const b2 = await nextOf(b)
  const second = dateOf[a2.sittingId!]
  ctx.clock.set(`${second}T16:00:00Z`)
  clerk = await as(world.clerk.email)
  await hold(a2.id, [m3.id])
  await hold(b2.id, [m1.id], 'completed')
  await ok(await clerk.post(`/applications/${application.application.id}/decision`, { granted: true }))

  const a3 = await nextOf(a)
  const third = dateOf[a3.sittingId!]
  ctx.clock.set(`${third}T16:00:00Z`)
  clerk = await as(world.clerk.email)
  await hold(a3.id, [m1.id, m2.id])
  // Drug tests: A's of 2 February all negative and of 20 March positive; G's of 3 April negative; a
  // withdrawn one of A's (2 April) counts nowhere.
  const provider = await as(world.providerWorker.email)
  const test = (personId: string, takenOn: string, results: Record<string, string>) =>
    provider.post(`/people/${personId}/drug-tests`, { takenOn, method: 'urine', results }).then(r => ok(r))
  await test(a.person.id, '2028-02-02', { opiates: 'negative', cocaine: 'negative' })
  await test(a.person.id, '2028-03-20', { opiates: 'positive', cocaine: 'negative' })
  await test(g.person.id, '2028-04-03', { opiates: 'negative' })
  const withdrawn = await test(a.person.id, '2028-04-02', { opiates: 'positive' })
  await ok(
    await provider.post(`/people/${a.person.id}/drug-tests/${withdrawn.id}/withdrawn`, {
      reason: 'Sample mislabelled',
      version: 1,
    }),
    200,
  )
  const paper = await nextOf(p)
  await ok(
    await clerk.post(`/reviews/${paper.id}/outcome`, { attended: false, progress: 'good', decision: 'continue_paper' }),
  )
  return { world, second, third, m3 }
}
