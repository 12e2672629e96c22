import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { bearer, expectProblem, fieldsOf, makeWorld } from './schedulingWorld'

// PUT and GET /api/v1/bank-holidays: the gov.uk document, only England and Wales counting for listing.

describe('bank holidays', () => {
  // Replacing the list changes it for the whole database, so these tests have one of their own.
  let own: TestContext

  beforeAll(async () => {
    own = await createTestContext()
  })

  afterAll(async () => {
    await own.close()
  })

  const govUkDocument = {
    'england-and-wales': {
      division: 'england-and-wales',
      events: [
        { title: 'Good Friday', date: '2029-03-30', notes: '', bunting: false },
        { title: 'New Year’s Day', date: '2029-01-01', notes: '', bunting: true },
      ],
    },
    scotland: {
      division: 'scotland',
      events: [
        { title: '2nd January', date: '2029-01-02', notes: '', bunting: true },
        { title: 'St Andrew’s Day', date: '2029-11-30', notes: '', bunting: true },
      ],
    },
    'northern-ireland': {
      division: 'northern-ireland',
      events: [{ title: 'St Patrick’s Day', date: '2029-03-19', notes: '', bunting: true }],
    },
  }

  it('when an admin puts the gov.uk document, then only the england-and-wales division counts, for listing too', async () => {
    const world = await makeWorld(own)
    const admin = await makeUser(own.services, 'admin')
    const adminToken = await apiToken(own.app, admin.email)
    const probationToken = await apiToken(own.app, world.officer.email)

    const put = await request(own.app).put('/api/v1/bank-holidays').set(bearer(adminToken)).send(govUkDocument)
    const list = await request(own.app).get('/api/v1/bank-holidays').set(bearer(probationToken))

    expect(put.status).toBe(204)
    expect(list.status).toBe(200)
    expect(list.body).toEqual([
      { date: '2029-01-01', title: 'New Year’s Day' },
      { date: '2029-03-30', title: 'Good Friday' },
    ])
    const sitting = (date: string) =>
      world.clerkApi.post(`/courts/${world.court.id}/sittings`, {
        date,
        startTime: '10:00',
        courtroom: '3',
        capacity: 8,
        slotMinutes: 20,
        benchUserIds: [],
      })
    const goodFriday = await sitting('2029-03-30')
    expect(expectProblem(goodFriday, 422).detail).toContain('Good Friday')
    // Scottish and Northern Irish holidays are working days for courts in England and Wales.
    expect((await sitting('2029-01-02')).status).toBe(201)
    expect((await sitting('2029-03-19')).status).toBe(201)
    // The list was replaced: the shipped 2028 Easter Monday is no longer a holiday.
    expect((await sitting('2028-04-17')).status).toBe(201)
  })

  it('when the document has no england-and-wales division, then it answers 400 naming it and the list is unchanged', async () => {
    const admin = await makeUser(own.services, 'admin')
    const adminToken = await apiToken(own.app, admin.email)
    const before = await request(own.app).get('/api/v1/bank-holidays').set(bearer(adminToken))

    const res = await request(own.app)
      .put('/api/v1/bank-holidays')
      .set(bearer(adminToken))
      .send({ scotland: govUkDocument.scotland })
    const after = await request(own.app).get('/api/v1/bank-holidays').set(bearer(adminToken))

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['england-and-wales'])
    expect(after.body).toEqual(before.body)
    expect(after.body.length).toBeGreaterThan(0)
  })

  it('when a clerk puts bank holidays, then it is refused with 403', async () => {
    const world = await makeWorld(own)

    const res = await request(own.app).put('/api/v1/bank-holidays').set(bearer(world.clerkToken)).send(govUkDocument)

    expectProblem(res, 403)
  })
})
