import type { Knex } from 'knex'
import type { Services } from '../../server/services'
import { toCurrentUser } from '../../server/services/authService'
import { createRepositories } from '../../server/data'
import { planReviews } from '../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, addDays } from '../../server/utils/dates'
import { newId } from '../../server/utils/ids'
import type { NationalData } from './nationalData'
import type { Client } from './http'
import { percentile } from './http'
import { timeEach, underLoad } from './load'
import type { Row } from './report'

const WARM_UP = 200

/**
 * Creating an order with its reviews: the service in this process, one at a time (issue 3's budget),
 * the plan without saving it, then the API on the server one at a time and under load; and planning
 * a 36-month DRR (pure).
 */
export async function measureOrders(opts: {
  db: Knex
  services: Services
  data: NationalData
  today: string
  http: Client
  port: number
  queries: () => number
}): Promise<Row[]> {
  const { db, services, data, today, http } = opts
  const rows: Row[] = []
  const clerk = toCurrentUser((await createRepositories(db).users.findByEmail(data.clerkEmail))!)
  const people = await insertPeople(db, 4000, today)
  let next = 0
  const orderInput = () => {
    next += 1
    return {
      personId: people[next % people.length],
      courtId: data.courtIds[next % data.courtIds.length],
      kind: 'community',
      madeOn: today,
      caseReference: `BENCH-${next}`,
      requirements: [
        {
          kind: 'DRR',
          months: 12,
          reviewIntervalMonths: 1,
          residential: false,
          providerOrganisationId: data.providerId,
          responsibleOfficerId: data.officerId,
          willingToComply: true,
        },
      ],
    }
  }
  const createOrder = () => services.orders.createOrder(clerk, orderInput())
  await timeEach(WARM_UP, createOrder) // warm-up, not counted
  const before = opts.queries()
  const created = await timeEach(200, createOrder)
  rows.push({
    name: 'create an order with its reviews (service)',
    how: 'one by one',
    p50: percentile(created, 50),
    p95: percentile(created, 95),
    queries: Math.round((opts.queries() - before) / 200),
    budget: 20,
  })
  // The plan shown before an order is saved (the order form's check page and POST /orders?dryRun=true).
  const planOrder = () => services.orders.planOrder(clerk, orderInput())
  await timeEach(WARM_UP, planOrder)
  const dryRuns = await timeEach(200, planOrder)
  rows.push({
    name: 'plan an order without saving it (dry run, service)',
    how: 'one by one',
    p50: percentile(dryRuns, 50),
    p95: percentile(dryRuns, 95),
    budget: 15,
  })
  const { token } = await services.auth.issueToken(clerk, '127.0.0.1')
  const api = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const viaApi = await timeEach(100, () =>
    http.request('POST', '/api/v1/orders', { headers: api, body: JSON.stringify(orderInput()) }, 201),
  )
  const name = 'create an order with its reviews (POST /api/v1/orders)'
  rows.push({ name, how: 'one by one', p50: percentile(viaApi, 50), p95: percentile(viaApi, 95) })
  const orders = await underLoad({
    url: `http://127.0.0.1:${opts.port}/api/v1/orders`,
    method: 'POST',
    headers: api,
    requests: [{ setupRequest: req => ({ ...req, body: JSON.stringify(orderInput()) }) }],
  })
  rows.push({ name, how: 'under load', ...orders })

  // Planning a 36-month DRR against three years of sittings, twice a week, some already booked.
  const sittings = Array.from({ length: 312 }, (_, i) => ({
    id: `s${i}`,
    date: addDays('2027-01-04', Math.floor(i / 2) * 7 + (i % 2) * 2),
    startTime: '10:00',
    slotMinutes: 15,
    capacity: 20,
    booked: (i * 7) % 21,
    benchUserIds: [`m${i % 3}`, `m${(i + 1) % 4}`],
  }))
  const holidays = new Set((await services.reference.bankHolidays()).map(h => h.date))
  const plan = () =>
    planReviews({
      intervalMonths: 1,
      mode: 'hearing',
      from: '2027-01-04',
      endsOn: addDays(addCalendarMonths('2027-01-04', 36), -1),
      firstSequence: 1,
      previousBench: ['m0'],
      sittings,
      holidays,
    })
  await timeEach(200, plan)
  const planned = await timeEach(2000, plan)
  rows.push({
    name: 'plan a 36-month DRR (pure, 312 sittings)',
    how: 'one by one',
    p50: percentile(planned, 50),
    p95: percentile(planned, 95),
    budget: 2,
  })
  return rows
}

/** People for the orders created above, in one statement per few hundred. */
async function insertPeople(db: Knex, n: number, today: string): Promise<string[]> {
  const now = `${today}T08:00:00.000Z`
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId(),
    name: `Bench Person ${i + 1}`,
    date_of_birth: '1990-01-01',
    crn: `Z${String(900000 + i)}`,
    created_at: now,
    updated_at: now,
    version: 1,
  }))
  await db.transaction(async trx => {
    for (let i = 0; i < rows.length; i += 400) await trx('person').insert(rows.slice(i, i + 400))
  })
  return rows.map(r => r.id)
}
