import fc from 'fast-check'
import request from 'supertest'
import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { addCalendarMonths, addDays } from '../../../server/utils/dates'
import { qa, textOf } from '../sittings/sittingWorld'
import { bearer, expectProblem, makeWorld, open, REVIEW_KEYS, type ApiReview, type World } from './schedulingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: '2028-01-03T09:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

// Tuesdays that are bank holidays in 2028 and 2029 (no sittings are set up on them).
const HOLIDAYS = new Set(['2028-12-26', '2029-01-01'])

/** Tuesdays from `from` to `to` (bank holidays skipped), each with the given places. */
async function tuesdays(world: World, from: string, to: string, capacity = 8) {
  const out = []
  for (let date = from; date <= to; date = addDays(date, 7))
    if (!HOLIDAYS.has(date)) out.push(await world.addSitting(date, { capacity }))
  return out
}

const where = (r: Pick<ApiReview, 'sequence' | 'targetDate' | 'status' | 'sittingId' | 'startsAt' | 'reportDueAt'>) => [
  r.sequence,
  r.targetDate,
  r.status,
  r.sittingId,
  r.startsAt,
  r.reportDueAt,
]

describe('POST /api/v1/orders?dryRun=true', () => {
  it('when a clerk asks for the plan, then it answers 200 with the reviews it would plan and the plan in words, and stores nothing', async () => {
    const world = await makeWorld(ctx)
    // A Tuesday court with sittings set up to the end of June 2028.
    await tuesdays(world, '2028-02-01', '2028-06-27')
    const person = await world.addPerson('Dee Dryrun')
    const body = world.orderBody(person.id, { madeOn: '2028-01-04', months: 9 })

    const res = await world.clerkApi.post('/orders?dryRun=true', body)

    expect(res.status).toBe(200)
    const [requirement] = res.body.requirements
    for (const review of requirement.reviews) expect(Object.keys(review).sort()).toEqual(REVIEW_KEYS)
    expect(requirement.reviews.every((r: ApiReview) => r.id === null)).toBe(true)
    // Due 4 February (8 February), then 8 March (14 March), 14 April (18 April), 18 May (23 May), 23 June
    // (27 June), then 27 July, 27 August and 27 September with no sittings set up that far.
    expect(requirement.reviews.map((r: ApiReview) => [r.targetDate, r.status])).toEqual([
      ['2028-02-04', 'scheduled'],
      ['2028-03-08', 'scheduled'],
      ['2028-04-14', 'scheduled'],
      ['2028-05-18', 'scheduled'],
      ['2028-06-23', 'scheduled'],
      ['2028-07-27', 'unlisted'],
      ['2028-08-27', 'unlisted'],
      ['2028-09-27', 'unlisted'],
    ])
    expect(requirement.plan).toEqual(
      expect.objectContaining({
        reviews: 8,
        listed: 5,
        unlisted: 3,
        sittingsUntil: '2028-06-27',
        message:
          '8 reviews, the last on Wednesday 27 September 2028; 3 cannot be listed yet because the court has no sittings after Tuesday 27 June 2028',
      }),
    )
    expect(await ctx.db('sentence_order').where({ person_id: person.id })).toHaveLength(0)
    expect(
      await ctx
        .db('review')
        .whereIn('sitting_id', requirement.reviews.map((r: ApiReview) => r.sittingId).filter(Boolean)),
    ).toHaveLength(0)
  })

  it('when the plan reaches past the last year of bank holidays known, then it warns, and an administrator sees a notice until a newer list is uploaded', async () => {
    const world = await makeWorld(ctx)
    await tuesdays(world, '2028-11-07', '2029-03-27')
    const person = await world.addPerson('Hal Horizon')
    const body = world.orderBody(person.id, { madeOn: '2028-10-03', months: 6 })

    const dry = await world.clerkApi.post('/orders?dryRun=true', body)
    expect(dry.body.requirements[0].plan.warnings).toEqual([
      'Bank holidays are known only to the end of 2028: reviews after that may fall on a bank holiday not yet listed. An administrator can upload the newer list.',
    ])
    expect(dry.body.requirements[0].plan.bankHolidaysUntil).toBe('2028')
    await world.addOrder({ madeOn: '2028-10-03', months: 6 })

    const admin = await makeUser(ctx.services, 'admin')
    const page = await (await signIn(ctx.app, admin.email)).get('/admin/users')
    expect(textOf(qa(page.text, 'notice'))).toContain('bank holidays are known only to the end of 2028')
    // Other roles are not told.
    const clerkPage = await (await signIn(ctx.app, world.clerk.email)).get('/calendar')
    expect(qa(clerkPage.text, 'notice')).toBe('')

    await request(ctx.app)
      .put('/api/v1/bank-holidays')
      .set(bearer(await adminToken(admin.email)))
      .send({
        'england-and-wales': {
          division: 'england-and-wales',
          events: [{ title: 'New Year’s Day', date: '2029-01-01', notes: '', bunting: true }],
        },
      })
      .expect(204)
    const after = await (await signIn(ctx.app, admin.email)).get('/admin/users')
    expect(qa(after.text, 'notice')).toBe('')
  })

  it('when the body breaks a rule, then the dry run refuses it as the real order would', async () => {
    const world = await makeWorld(ctx)
    const person = await world.addPerson()
    const body = world.orderBody(person.id, { madeOn: '2028-01-04', months: 18, interval: null })
    expectProblem(await world.clerkApi.post('/orders?dryRun=true', body), 422)
    expectProblem(await world.clerkApi.post('/orders?dryRun=maybe', body), 400)
  })

  it('when any order is planned as a dry run and then recorded, then the stored reviews are the ones the dry run showed', async () => {
    const world = await makeWorld(ctx)
    // Tuesdays through 2028 with a few full sittings, and a Thursday now and then.
    const all = await tuesdays(world, '2028-01-11', '2028-10-31', 2)
    for (const s of all.filter((_, i) => i % 5 === 2)) await world.addOrder({ madeOn: addDays(s.date, -30), months: 1 })
    for (const date of ['2028-03-16', '2028-06-15', '2028-09-14']) await world.addSitting(date)
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 12 }),
        async (offset, interval, months) => {
          const madeOn = addDays('2028-01-03', offset)
          const person = await world.addPerson()
          const body = world.orderBody(person.id, { madeOn, months: Math.max(months, interval), interval })
          const dry = await world.clerkApi.post('/orders?dryRun=true', body)
          const real = await world.clerkApi.post('/orders', body)
          expect(dry.status).toBe(200)
          expect(real.status).toBe(201)
          expect(real.body.requirements[0].reviews.map(where)).toEqual(dry.body.requirements[0].reviews.map(where))
        },
      ),
      { numRuns: 12 },
    )
  })
})

describe('moving a review: only lawful sittings are offered', () => {
  it('when a clerk opens the move page, then it offers sittings a calendar month after the review before, and says why each other is not offered', async () => {
    const world = await makeWorld(ctx)
    const sittings = await tuesdays(world, '2028-02-01', '2028-05-30')
    // A Wednesday with one place, taken by another person's review.
    const full = await world.addSitting('2028-04-12', { capacity: 1 })
    await world.addOrder({ madeOn: '2028-03-12', months: 2 })
    const order = await world.addOrder({ madeOn: '2028-01-04', months: 5 })
    const second = order.reviews[1]
    const agent = await signIn(ctx.app, world.clerk.email)

    const page = await agent.get(`/reviews/${second.id}/move`)

    expect(page.status).toBe(200)
    // The first review is on 8 February: a month later is 8 March.
    expect(textOf(page.text)).toContain('the earliest this review can be heard is Wednesday 8 March 2028')
    const options = [...qa(page.text, 'booking-form').matchAll(/<option value="([^"]+)"/g)].map(m => m[1])
    const byId = new Map(sittings.map(s => [s.id, s.date]))
    // 14 March is where it is now; the next is 21 March.
    expect(second.sittingId).toBe(sittings.find(s => s.date === '2028-03-14')!.id)
    expect(options.map(id => byId.get(id) ?? id).sort()[0]).toBe('2028-03-21')
    expect(options).not.toContain(full.id)
    const why = textOf(qa(page.text, 'not-offered'))
    expect(why).toContain(
      'Tuesday 7 March 2028, 10am, courtroom 3 — 8 of 8 places free: Less than a calendar month after review 1 on Tuesday 8 February 2028 (Sentencing Act 2020 Sch 9 para 21(2)(a))',
    )
    expect(why).toContain('Wednesday 12 April 2028, 10am, courtroom 3 — full: Full: every place is booked')
  })

  it('when a review is moved, then the later reviews are re-chained and the officer and provider get the review-changed email', async () => {
    const world = await makeWorld(ctx)
    const sittings = await tuesdays(world, '2028-02-01', '2028-06-27')
    const order = await world.addOrder({ madeOn: '2028-01-04', months: 5 })
    const [first] = order.reviews
    const before = await world.reviewsOf(order.requirementId)
    const later = sittings.find(s => s.date === '2028-02-15')!

    const moved = await world.clerkApi.post(`/reviews/${first.id}/move`, {
      sittingId: later.id,
      reason: 'Solicitor unavailable',
      version: first.version,
    })

    expect(moved.status).toBe(200)
    const after = await world.reviewsOf(order.requirementId)
    // Each later review is due a month after the one before it is listed: 15 March, then 21 March + 1 month.
    expect(open(after).map(r => r.targetDate)).toEqual(['2028-02-04', '2028-03-15', '2028-04-21', '2028-05-25'])
    expect(
      open(after)
        .slice(1)
        .every((r, i) => r.startsAt !== open(before)[i + 1].startsAt),
    ).toBe(true)
    const mail = (await ctx.services.mail.outbox.list({ limit: 1000 })).filter(m => m.template === 'review-changes')
    expect(mail.filter(m => m.to === world.officer.email).length).toBeGreaterThan(1)
    expect(mail.filter(m => m.to === world.providerWorker.email).length).toBeGreaterThan(1)
  })
})

describe('GET /api/v1/courts/:id/sittings: continuity of bench on who sat', () => {
  it('when benches change and return, then each sitting counts its held hearings against who sat at the previous one', async () => {
    const world = await makeWorld(ctx)
    const { magistrate1: a, magistrate2: b } = world
    const third = await makeUser(ctx.services, 'sentencer')
    const feb = await world.addSitting('2028-02-08', { benchUserIds: [a.id, b.id] })
    const mar = await world.addSitting('2028-03-14', { benchUserIds: [a.id] })
    const apr = await world.addSitting('2028-04-18', { benchUserIds: [third.id] })
    const first = await world.addOrder({ madeOn: '2028-01-04', months: 4 })
    const second = await world.addOrder({ madeOn: '2028-01-04', months: 4 })
    const hear = async (reviewId: string, benchUserIds: string[]) => {
      const { nextReview } = await ctx.services.outcomes.record(world.clerkUser, reviewId, {
        attended: true,
        progress: 'good',
        decision: 'continue_hearing',
        benchUserIds,
      })
      return nextReview!
    }
    ctx.clock.set('2028-04-20T09:00:00Z')
    // First person: Feb a+b, Mar a (partial), Apr the third magistrate (none).
    const firstMar = await hear(first.reviews[0].id, [a.id, b.id])
    const firstApr = await hear(firstMar.id, [a.id])
    await hear(firstApr.id, [third.id])
    // Second person: Feb a+b, Mar a+b although the roster said a (full: who sat counts), Apr a (partial).
    const secondMar = await hear(second.reviews[0].id, [a.id, b.id])
    const secondApr = await hear(secondMar.id, [b.id, a.id])
    await hear(secondApr.id, [a.id])

    ctx.clock.set('2028-01-03T09:00:00Z')
    const res = await world.clerkApi.get(`/courts/${world.court.id}/sittings?from=2028-02-01&to=2028-04-30`)

    expect(res.status).toBe(200)
    const of = (id: string) => res.body.find((s: { id: string }) => s.id === id).continuity
    expect(of(feb.id)).toEqual({ eligible: 0, partial: 0, full: 0 })
    expect(of(mar.id)).toEqual({ eligible: 2, partial: 2, full: 1 })
    expect(of(apr.id)).toEqual({ eligible: 2, partial: 1, full: 0 })
  })
})

describe('needs listing as a work queue', () => {
  it('when reviews wait for sittings, then they are grouped by what fixes them: due soon first, full sittings, then each month beyond the last sitting', async () => {
    const world = await makeWorld(ctx)
    // One place on 1 February, taken; nothing set up after it.
    await world.addSitting('2028-02-01', { capacity: 1 })
    await world.addOrder({ madeOn: '2027-12-31', months: 2 })
    const soon = await world.addOrder({ madeOn: '2027-12-31', months: 5 })
    const agent = await signIn(ctx.app, world.clerk.email)

    const page = await agent.get(`/needs-listing?court=${world.court.id}`)

    expect(page.status).toBe(200)
    const groups = [...page.text.matchAll(/data-qa="group-([^"]+)"/g)].map(m => m[1])
    expect(groups[0]).toBe('soon')
    expect(groups.slice(1).every(g => g.startsWith('month-'))).toBe(true)
    const first = qa(page.text, 'group-soon')
    // Due 31 January: the only place on 1 February was taken. The later ones wait for sittings, by month.
    expect(textOf(first)).toContain('Due within six weeks, with no sitting to take them')
    expect(textOf(first)).toContain('Monday 31 January 2028')
    expect(textOf(qa(page.text, `group-${groups[1]}`))).toContain('Waiting for sittings in February 2028')
    expect(first).toContain(`href="/sittings/new?court&#x3D;${world.court.id}&amp;date&#x3D;`)
    expect(open(await world.reviewsOf(soon.requirementId)).map(r => r.targetDate)).toEqual([
      addCalendarMonths('2027-12-31', 1),
      '2028-02-29',
      '2028-03-29',
      '2028-04-29',
      '2028-05-29',
    ])
  })
})

async function adminToken(email: string): Promise<string> {
  const res = await request(ctx.app).post('/api/v1/tokens').send({ email, password: 'Correct-Horse-Battery-1' })
  return res.body.token
}
