import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import {
  api,
  build,
  clerkToken,
  foreignKeyCheck,
  integrityCheck,
  openFile,
  openRequest,
  orderBody,
  orderParties,
  runCli,
  startApp,
  stopApp,
  type AppProcess,
} from './support/appProcess'

// The real process on a real file: what a crash, a restore or a deploy's SIGTERM does to the records.
let root: string
let template: string
const started: AppProcess[] = []

/** A copy of a freshly seeded database (seeding once takes most of the time), in its own folder. */
function scenario(name: string): { dir: string; file: string } {
  const dir = path.join(root, name)
  fs.mkdirSync(dir)
  const file = path.join(dir, 'app.sqlite3')
  fs.copyFileSync(template, file)
  return { dir, file }
}

async function launch(file: string): Promise<AppProcess> {
  const app = await startApp(file)
  started.push(app)
  return app
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

async function withFile<T>(file: string, fn: (db: Knex) => Promise<T>): Promise<T> {
  const db = openFile(file)
  try {
    return await fn(db)
  } finally {
    await db.destroy()
  }
}

/** Every row of every table, in rowid order: two files with equal contents give equal results. */
async function contents(db: Knex): Promise<Record<string, unknown[]>> {
  const tables: { name: string }[] = await db('sqlite_master')
    .where({ type: 'table' })
    .andWhereNot('name', 'like', 'sqlite_%')
    .orderBy('name')
    .select('name')
  const out: Record<string, unknown[]> = {}
  for (const { name } of tables) out[name] = await db(name).select('*').orderByRaw('rowid')
  return out
}

const personBody = (crn: string, name = 'Rel Person') => ({ name, dateOfBirth: '1990-01-01', crn })

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'drr-reliability-'))
  build()
  template = path.join(root, 'template.sqlite3')
  const seeded = await runCli(template, ['seed'])
  if (seeded.code !== 0) throw new Error(`seeding failed: ${seeded.stderr}`)
}, 120000)

afterAll(() => {
  for (const app of started) if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL')
  fs.rmSync(root, { recursive: true, force: true })
})

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

describe('backup and restore', () => {
  it('when the database is backed up while the app runs and restored after it stops, then the restored file is intact, holds what was backed up, keeps the replaced file and the app runs on it', async () => {
    const { dir, file } = scenario('round-trip')
    const backup = path.join(dir, 'backup.sqlite3')
    const app = await launch(file)
    const token = await clerkToken(app)
    const before = await api<{ id: string }>(app, 'POST', '/people', { token, body: personBody('B000001', 'Before') })

    const backedUp = await runCli(file, ['backup', backup])
    const later = await api<{ id: string }>(app, 'POST', '/people', { token, body: personBody('B000002', 'Later') })
    const whileRunning = await runCli(file, ['restore', backup])
    const stillThere = await api(app, 'GET', `/people/${later.body.id}`, { token })
    const stopped = await stopApp(app)
    const restored = await runCli(file, ['restore', backup])

    expect([before.status, later.status]).toEqual([201, 201])
    expect(backedUp.code).toBe(0)
    expect(whileRunning.code).toBe(1)
    expect(whileRunning.stderr).toMatch(/is in use .* Stop the app first/)
    expect(stillThere.status).toBe(200)
    expect(stopped).toEqual({ code: 0, signal: null })
    expect(restored).toMatchObject({ code: 0, stderr: '' })
    const kept = /kept at (.+)$/m.exec(restored.stdout)?.[1] ?? ''
    expect(fs.existsSync(kept)).toBe(true)
    const backedUpRows = await withFile(backup, contents)
    await withFile(file, async db => {
      expect(await integrityCheck(db)).toEqual(['ok'])
      expect(await foreignKeyCheck(db)).toEqual([])
      expect(await contents(db)).toEqual(backedUpRows)
    })
    expect(backedUpRows.person.length).toBeGreaterThan(1)
    expect(backedUpRows.review.length).toBeGreaterThan(10)
    const crns = (rows: unknown[]) => (rows as { crn: string }[]).map(r => r.crn)
    expect(crns(backedUpRows.person)).toContain('B000001')
    expect(crns(backedUpRows.person)).not.toContain('B000002')
    // Nothing is lost by restoring: the replaced database, with the later change, is complete beside it.
    await withFile(kept, async db => {
      expect(await integrityCheck(db)).toEqual(['ok'])
      expect(await db('person').where({ crn: 'B000002' }).pluck('name')).toEqual(['Later'])
    })

    const onRestored = await launch(file)
    const token2 = await clerkToken(onRestored)
    expect((await api(onRestored, 'GET', `/people/${before.body.id}`, { token: token2 })).status).toBe(200)
    expect((await api(onRestored, 'GET', `/people/${later.body.id}`, { token: token2 })).status).toBe(404)
    expect(await stopApp(onRestored)).toEqual({ code: 0, signal: null })
  }, 60000)

  it('when the backup is damaged, is not a database or is the live file, then restore refuses and leaves the database as it was', async () => {
    const { dir, file } = scenario('refusals')
    const good = path.join(dir, 'good.sqlite3')
    expect((await runCli(file, ['backup', good])).code).toBe(0)
    const damaged = path.join(dir, 'damaged.sqlite3')
    const bytes = fs.readFileSync(good)
    // Scribble over the middle of the file (b-tree pages), keeping the header: it opens, but is not sound.
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 8192)
    fs.writeFileSync(damaged, bytes)
    const notDb = path.join(dir, 'notes.sqlite3')
    fs.writeFileSync(notDb, 'This is a text file, not a database. '.repeat(200))
    const hashBefore = sha256(file)

    const [damagedRun, notDbRun, missingRun, itselfRun] = await Promise.all([
      runCli(file, ['restore', damaged]),
      runCli(file, ['restore', notDb]),
      runCli(file, ['restore', path.join(dir, 'missing.sqlite3')]),
      runCli(file, ['restore', file]),
    ])
    const results = { damaged: damagedRun, notDb: notDbRun, missing: missingRun, itself: itselfRun }

    expect(results.damaged.code).toBe(1)
    expect(results.damaged.stderr).toMatch(/^Not restored: .*(integrity check failed|cannot read it)/)
    expect(results.notDb.code).toBe(1)
    expect(results.notDb.stderr).toMatch(/^Not restored: .*cannot open it as SQLite|not a database/)
    expect(results.missing.code).toBe(1)
    expect(results.missing.stderr).toMatch(/is not a file/)
    expect(results.itself.code).toBe(1)
    expect(results.itself.stderr).toMatch(/the live database itself/)
    expect(sha256(file)).toBe(hashBefore)
    expect(fs.readdirSync(dir).filter(f => /before-restore|restoring/.test(f))).toEqual([])
  }, 30000)
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

/** Connects until the listener is gone; answers the error code of the first refused connection. */
async function waitForRefusal(port: number, timeoutMs: number): Promise<string> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    const code = await new Promise<string | null>(resolve => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(null)
      })
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
    })
    // A connection caught in the listener's backlog as it closes is reset, not refused: try again.
    if (code && code !== 'ECONNRESET') return code
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return 'still accepting connections'
}
