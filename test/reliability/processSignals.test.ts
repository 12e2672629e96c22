import {
  api,
  clerkToken,
  foreignKeyCheck,
  integrityCheck,
  openRequest,
  orderBody,
  orderParties,
  stopApp,
} from './support/appProcess'
import { personBody, useProcessScenarios, waitForRefusal, withFile } from './processScenarios'

// The real process on a real file: what a crash (SIGKILL) or a deploy's SIGTERM does to the records.
const { scenario, launch } = useProcessScenarios()

describe('a crash during bookings', () => {
  it('when the process is killed with SIGKILL during a burst of bookings, then after a restart the file passes integrity_check and every acknowledged booking is there, whole', async () => {
    const { file } = scenario('crash')
    const app = await launch(file)
    const token = await clerkToken(app)
    const parties = await orderParties(app, token)
    const ackedPeople: string[] = []
    const ackedOrders: { id: string; personId: string; requirementId: string; reviewIds: string[] }[] = []
    let killed = false
    let inFlight = 0
    let inFlightAtKill = 0
    let crn = 0
    const call = async <T>(apiPath: string, body: unknown) => {
      inFlight += 1
      try {
        return await api<T>(app, 'POST', apiPath, { token, body })
      } finally {
        inFlight -= 1
      }
    }
    type Ordered = { order: { id: string }; requirements: { id: string; reviews: { id: string }[] }[] }
    // Each booking is a person and then their order (one transaction writing the order, its DRR and 12 reviews).
    const worker = async () => {
      while (!killed) {
        try {
          const person = await call<{ id: string }>('/people', personBody(`K${String((crn += 1)).padStart(6, '0')}`))
          if (person.status !== 201) throw new Error(`person: ${person.status}`)
          ackedPeople.push(person.body.id)
          const ordered = await call<Ordered>('/orders', orderBody(person.body.id, parties))
          if (ordered.status !== 201) throw new Error(`order: ${ordered.status}`)
          const [requirement] = ordered.body.requirements
          ackedOrders.push({
            id: ordered.body.order.id,
            personId: person.body.id,
            requirementId: requirement.id,
            reviewIds: requirement.reviews.map(r => r.id),
          })
          if (ackedOrders.length >= 10 && !killed) {
            killed = true
            inFlightAtKill = inFlight
            app.child.kill('SIGKILL')
          }
        } catch (err) {
          if (!killed) throw err
        }
      }
    }

    await Promise.all(Array.from({ length: 6 }, worker))
    const exit = await app.exited

    expect(exit.signal).toBe('SIGKILL')
    expect(inFlightAtKill).toBeGreaterThan(0)
    await withFile(file, async db => {
      expect(await integrityCheck(db)).toEqual(['ok'])
      expect(await foreignKeyCheck(db)).toEqual([])
      expect(await db('person').whereIn('id', ackedPeople).pluck('id')).toEqual(expect.arrayContaining(ackedPeople))
      const orderIds = ackedOrders.map(o => o.id)
      expect((await db('sentence_order').whereIn('id', orderIds).pluck('id')).sort()).toEqual([...orderIds].sort())
      for (const order of ackedOrders) {
        const reviewIds = await db('review').where({ requirement_id: order.requirementId }).pluck('id')
        expect(reviewIds.sort()).toEqual([...order.reviewIds].sort())
      }
      // All or nothing: an order that committed without an answer is whole too, never a bare order row.
      const reviewsPerOrder = await db('sentence_order as o')
        .join('person as p', 'p.id', 'o.person_id')
        .leftJoin('requirement as r', 'r.order_id', 'o.id')
        .leftJoin('review as v', 'v.requirement_id', 'r.id')
        .where('p.crn', 'like', 'K%')
        .groupBy('o.id')
        .select('o.id', db.raw('count(v.id) as reviews'))
      expect(reviewsPerOrder.length).toBeGreaterThanOrEqual(ackedOrders.length)
      expect(new Set(reviewsPerOrder.map(r => Number(r.reviews)))).toEqual(new Set([ackedOrders[0].reviewIds.length]))
    })

    const restarted = await launch(file)
    const again = await clerkToken(restarted)
    type Read = { orders: { id: string; requirements: { reviews: { id: string }[] }[] }[] }
    const reads = await Promise.all(
      ackedOrders.map(o => api<Read>(restarted, 'GET', `/people/${o.personId}`, { token: again })),
    )
    expect(reads.map(r => r.status)).toEqual(ackedOrders.map(() => 200))
    expect(
      reads.map(r => ({ id: r.body.orders[0].id, reviewIds: r.body.orders[0].requirements[0].reviews.map(v => v.id) })),
    ).toEqual(ackedOrders.map(o => ({ id: o.id, reviewIds: o.reviewIds })))
    const after = await api(restarted, 'POST', '/people', { token: again, body: personBody('K999999') })
    expect(after.status).toBe(201)
    expect(await stopApp(restarted)).toEqual({ code: 0, signal: null })
  }, 60000)
})

describe('a graceful stop', () => {
  it('when SIGTERM arrives during a request, then new connections are refused, the request completes with 201 and its record, and the process exits 0', async () => {
    const { file } = scenario('sigterm')
    const app = await launch(file)
    const token = await clerkToken(app)
    const body = JSON.stringify(personBody('T000001', 'Terry Term'))
    // The request is held open by sending only part of its body until the signal has been handled.
    const { req, response } = openRequest(app, 'POST', '/api/v1/people', {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      authorization: `Bearer ${token}`,
    })
    req.write(body.slice(0, 10))
    await new Promise(resolve => setTimeout(resolve, 200))

    app.child.kill('SIGTERM')
    const refused = await waitForRefusal(app.port, 5000)
    const runningWhileInFlight = app.child.exitCode === null
    req.end(body.slice(10))
    const res = await response
    const exit = await app.exited

    expect(refused).toBe('ECONNREFUSED')
    expect(runningWhileInFlight).toBe(true)
    expect(res.status).toBe(201)
    expect(JSON.parse(res.body)).toMatchObject({ name: 'Terry Term', crn: 'T000001' })
    expect(exit).toEqual({ code: 0, signal: null })
    await withFile(file, async db => {
      expect(await integrityCheck(db)).toEqual(['ok'])
      expect(await db('person').where({ crn: 'T000001' }).pluck('name')).toEqual(['Terry Term'])
    })
  }, 30000)
})
