import type { Express } from 'express'
import request from 'supertest'
import { startSecondInstance, type SecondInstance } from '../../support/secondInstance'
import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { errorSummary, makeSittingWorld, qa, textOf } from '../sittings/sittingWorld'

// Two instances of the app on one database, as behind a load balancer: what one keeps in memory
// (bank holidays) is dropped by the other's change on its next use, with no restart.
let a: TestContext
let b: SecondInstance

beforeAll(async () => {
  a = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  b = startSecondInstance(a)
})

afterAll(async () => {
  await b.close()
  await a.close()
})

const document = (events: { date: string; title: string }[]) =>
  JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events } })

async function upload(app: Express, adminEmail: string, content: string) {
  const agent = await signIn(app, adminEmail)
  const page = await agent.get('/admin/bank-holidays')
  return agent
    .post('/admin/bank-holidays')
    .field('_csrf', csrfFrom(page.text))
    .attach('file', Buffer.from(content), { filename: 'bank-holidays.json', contentType: 'application/json' })
}

const sittingForm = (courtId: string, day: string, month: string, year: string) => ({
  courtId,
  date: { day, month, year },
  startTime: '10:00',
  courtroom: '1',
  capacity: '6',
  slotMinutes: '15',
})

describe('bank holidays kept in memory by two instances on one database', () => {
  it('when an admin adds a bank holiday through instance A, then a clerk on instance B, which had read the old list, is refused a sitting that day on the next request', async () => {
    const admin = await makeUser(a.services, 'admin')
    const world = await makeSittingWorld(a)
    const clerkOnB = await signIn(b.app, world.clerk.email)
    // B reads (and keeps) the shipped list: a sitting on 15 March 2029 is accepted there.
    const before = await submitForm(clerkOnB, '/sittings/new', sittingForm(world.court.id, '14', '3', '2029'))
    expect(before.status).toBe(303)
    expect(before.headers.location).not.toBe('/sittings/new')

    const uploaded = await upload(
      a.app,
      admin.email,
      document([
        { date: '2029-01-01', title: 'New Year’s Day' },
        { date: '2029-03-15', title: 'Founders’ Day' },
      ]),
    )
    await submitForm(clerkOnB, '/sittings/new', sittingForm(world.court.id, '15', '3', '2029'))
    const page = await clerkOnB.get('/sittings/new')

    expect(uploaded.status).toBe(303)
    expect(errorSummary(page.text)).toEqual([
      '#date-day: Thursday 15 March 2029 is a bank holiday (Founders’ Day): review sittings are not listed on bank holidays',
    ])
    const adminOnB = await signIn(b.app, admin.email)
    expect(textOf(qa((await adminOnB.get('/admin/bank-holidays')).text, 'holidays-2029'))).toContain(
      'Thursday 15 March 2029 Founders’ Day',
    )
  })

  it('when an admin replaces the list through instance B over the API, then instance A answers the new list at once, and a failed replacement changes nothing anywhere', async () => {
    const admin = await makeUser(a.services, 'admin')
    const token = (
      await request(b.app).post('/api/v1/tokens').send({ email: admin.email, password: 'Correct-Horse-Battery-1' })
    ).body.token
    const bearer = { authorization: `Bearer ${token}` }
    const warm = await request(a.app).get('/api/v1/bank-holidays').set(bearer)

    const put = await request(b.app)
      .put('/api/v1/bank-holidays')
      .set(bearer)
      .set('content-type', 'application/json')
      .send(document([{ date: '2030-06-03', title: 'Coronation Day' }]))
    const onA = await request(a.app).get('/api/v1/bank-holidays').set(bearer)
    const refused = await request(b.app).put('/api/v1/bank-holidays').set(bearer).send({ scotland: {} })
    const stillOnA = await request(a.app).get('/api/v1/bank-holidays').set(bearer)

    expect(warm.status).toBe(200)
    expect(warm.body).not.toContainEqual({ date: '2030-06-03', title: 'Coronation Day' })
    expect(put.status).toBe(204)
    expect(onA.body).toEqual([{ date: '2030-06-03', title: 'Coronation Day' }])
    expect(refused.status).toBe(400)
    expect(stillOnA.body).toEqual([{ date: '2030-06-03', title: 'Coronation Day' }])
  })

  it('when the list has not changed, then each use costs one look-up of its version and no read of the holidays themselves', async () => {
    await b.services.reference.bankHolidays()
    b.queries.length = 0

    const lists = await Promise.all([1, 2, 3].map(() => b.services.reference.bankHolidays()))

    expect(lists[1]).toBe(lists[0])
    expect(lists[2]).toBe(lists[0])
    expect(b.queries.filter(sql => /cache_version/.test(sql))).toHaveLength(3)
    expect(b.queries.filter(sql => /bank_holiday\b/.test(sql))).toEqual([])
  })
})
