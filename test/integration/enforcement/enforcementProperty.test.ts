import fc from 'fast-check'
import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { addCalendarMonths, addDays } from '../../../server/utils/dates'
import { bearer, makeWorld } from '../scheduling/schedulingWorld'

/**
 * Issue 21's property: whatever sequence of outcomes, non-attendance (adjourned, summons, warrant then
 * executed), breaches and amendments a requirement goes through, its open reviews stay the review
 * interval apart (Sentencing Act 2020 Sch 9 para 21(2)(a)), none is listed after the requirement ends,
 * and no sitting holds more than its places.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx.close()
})

type Step = 'outcome' | 'adjourn' | 'summons' | 'warrant' | 'breach' | 'interval2' | 'interval1'

interface Row {
  id: string
  status: string
  sittingId: string | null
}

it('property: after any sequence of these events, reviews stay the interval apart, within the end and within each sitting’s places', async () => {
  // Which events were accepted across the runs: the property must have exercised each kind.
  const accepted = new Set<string>()
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom<Step>('outcome', 'adjourn', 'summons', 'warrant', 'breach', 'interval2', 'interval1'), {
        minLength: 2,
        maxLength: 5,
      }),
      async steps => {
        ctx.clock.set('2028-01-05T10:00:00Z')
        const world = await makeWorld(ctx)
        const dateOf: Record<string, string> = {}
        for (let date = '2028-02-08'; date <= '2028-12-19'; date = addDays(date, 7))
          dateOf[(await world.addSitting(date, { capacity: 3 })).id] = date
        const sittingOn = (date: string) => Object.keys(dateOf).find(id => dateOf[id] === date)
        const order = await world.addOrder({ madeOn: '2028-01-05', months: 8, interval: 1 })
        let interval = 1
        for (const step of steps) {
          // Each event happens on the day of the next listed review.
          const rows = (await ctx.repos.reviews.forRequirement(order.requirementId)).filter(
            r => r.status === 'scheduled' && r.sittingId,
          )
          const next = rows[0]
          if (!next) break
          ctx.clock.set(`${next.reviewDate}T16:00:00Z`)
          const clerk = await apiToken(ctx.app, world.clerk.email)
          const post = (token: string, path: string, body: object) =>
            request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(body)
          const later = sittingOn(addDays(next.reviewDate, 14)) ?? sittingOn(addDays(next.reviewDate, 7))
          const took = (res: request.Response) => {
            if (res.status === 201) accepted.add(step)
            return res
          }
          if (step === 'outcome')
            took(
              await post(clerk, `/reviews/${next.id}/outcome`, {
                attended: true,
                progress: 'good',
                decision: 'continue_hearing',
              }),
            )
          else if (step === 'adjourn' || step === 'summons')
            took(await post(clerk, `/reviews/${next.id}/non-attendance`, { action: step, sittingId: later }))
          else if (step === 'warrant') {
            const issued = await post(clerk, `/reviews/${next.id}/non-attendance`, { action: 'warrant', bail: true })
            if (issued.status === 201)
              took(
                await post(clerk, `/warrants/${issued.body.warrant.id}/executed`, {
                  executedOn: next.reviewDate,
                  sittingId: later,
                }),
              )
          } else if (step === 'breach') {
            const officer = await apiToken(ctx.app, world.officer.email)
            took(
              await post(officer, `/requirements/${order.requirementId}/breaches`, {
                failure: 'Missed appointments',
                occurredOn: next.reviewDate,
              }),
            )
          } else {
            const to = step === 'interval2' ? 2 : 1
            const res = await post(clerk, `/requirements/${order.requirementId}/amendments`, {
              consent: true,
              reviewIntervalMonths: to,
              reason: 'The court changed how often it reviews',
            })
            if (took(res).status === 201) interval = to
          }
        }
        const all = (await ctx.repos.reviews.forRequirement(order.requirementId)) as unknown as (Row & {
          reviewDate: string
        })[]
        const open = all.filter(r => r.status === 'scheduled' && r.sittingId).map(r => dateOf[r.sittingId!])
        // The first open review may be a hearing the court chose (no month floor); each after it is periodic.
        for (let i = 1; i < open.length; i++) expect(open[i] >= addCalendarMonths(open[i - 1], interval)).toBe(true)
        expect(open.every(d => d <= addCalendarMonths('2028-01-05', 8))).toBe(true)
        const crowded = await ctx
          .db('review')
          .whereIn('sitting_id', Object.keys(dateOf))
          .whereNotNull('slot_index')
          .groupBy('sitting_id')
          .select('sitting_id')
          .havingRaw('count(*) > 3')
        expect(crowded).toHaveLength(0)
      },
    ),
    { numRuns: 8, seed: 2112 },
  )
  expect(accepted.size).toBeGreaterThanOrEqual(5)
})
