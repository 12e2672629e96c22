import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { createTestContext, signIn, TEST_PASSWORD, type TestContext } from '../support/testApp'
import { makeUser } from '../support/factories'

// Sign-in as an attacker would try it (the findings of issue 19), over real sockets from distinct
// loopback addresses, so each request's address is what the server sees (no X-Forwarded-For).

interface Answer {
  status: number
  retryAfter: string | undefined
  body: string
}

/** One request to the listening app, sent from `from` (127.0.0.2, 127.0.0.3, ...). */
function send(port: number, from: string, method: string, path: string, body?: unknown, cookie?: string) {
  return new Promise<Answer>((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method,
        path,
        agent: false,
        headers: {
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
          ...(cookie ? { cookie } : {}),
        },
      },
      res => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', chunk => (text += chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string, body: text }),
        )
      },
    )
    req.on('error', reject)
    if (data) req.write(data)
    req.end()
  })
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

async function listen(ctx: TestContext) {
  const server = ctx.app.listen(0, '127.0.0.1')
  await new Promise(resolve => server.once('listening', resolve))
  return { server, port: (server.address() as AddressInfo).port }
}

describe('a flood of sign-ins (production hash cost and bound)', () => {
  let ctx: TestContext
  beforeAll(async () => {
    // The real cost (N = 2^17, about 0.3 s a hash here) and the production bound: 2 at once, 8 waiting.
    ctx = await createTestContext({ config: { scryptCost: 2 ** 17, hashThreads: 2, hashQueue: 8 } })
  })
  afterAll(() => ctx.close())

  it('ASVS 5.0 6.3.1 / 2.4.1: when 40 sign-ins with unknown emails arrive at once, then the excess is refused at once with 429 and Retry-After, and a signed-in page stays under 1 s at p95 meanwhile', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, clerk.email)
    const { server, port } = await listen(ctx)
    try {
      const flood = Array.from({ length: 40 }, (_, i) =>
        send(port, `127.0.0.${10 + (i % 20)}`, 'POST', '/api/v1/tokens', {
          email: `nobody-${i}@example.test`,
          password: 'Wrong-Password-1',
        }),
      )
      const times: number[] = []
      let done = false
      // The pool's occupancy, sampled through the flood: never more than 2 hashing and 8 waiting.
      let peak = { running: 0, waiting: 0 }
      const sampling = (async () => {
        while (!done) {
          const { running, queued } = ctx.services.passwords.load()
          peak = { running: Math.max(peak.running, running), waiting: Math.max(peak.waiting, running + queued) }
          await new Promise(resolve => setTimeout(resolve, 2))
        }
      })()
      const reading = (async () => {
        while (!done || times.length < 10) {
          const started = performance.now()
          expect((await agent.get('/calendar')).status).toBe(200)
          times.push(performance.now() - started)
        }
      })()
      const answers = await Promise.all(flood)
      done = true
      await Promise.all([reading, sampling])

      const refused = answers.filter(a => a.status === 429)
      const checked = answers.filter(a => a.status === 401)
      expect(checked.length + refused.length).toBe(40)
      // At most 10 are admitted at any moment (2 hashing, 8 waiting); a hash that finishes while the flood is
      // still arriving frees a place, so on a loaded machine a few more than 10 may be checked in all.
      expect(peak.running).toBe(2)
      expect(peak.waiting).toBeLessThanOrEqual(10)
      expect(checked.length).toBeLessThanOrEqual(16)
      expect(refused.length).toBeGreaterThanOrEqual(24)
      expect(refused.every(a => a.retryAfter === '1')).toBe(true)
      expect(JSON.parse(refused[0].body)).toMatchObject({ status: 429, detail: expect.stringContaining('busy') })
      expect(percentile(times, 95)).toBeLessThan(1000)
    } finally {
      server.close()
    }
  })
})

describe('guessing one account', () => {
  let ctx: TestContext
  let port: number
  let server: http.Server
  beforeAll(async () => {
    ctx = await createTestContext()
    ;({ server, port } = await listen(ctx))
  })
  afterAll(async () => {
    server.close()
    await ctx.close()
  })

  const token = (from: string, email: string, password: string) =>
    send(port, from, 'POST', '/api/v1/tokens', { email, password })

  it('ASVS 5.0 6.3.1: when 40 wrong passwords for one account arrive at once, then only 5 are checked (401) and the other 35 are answered 429 with Retry-After', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => token('127.0.0.4', user.email, `Wrong-Password-${i}`)),
    )

    expect(answers.filter(a => a.status === 401)).toHaveLength(5)
    expect(answers.filter(a => a.status === 429)).toHaveLength(35)
    expect(answers.filter(a => a.status === 429).every(a => Number(a.retryAfter) >= 1)).toBe(true)
  })

  it('ASVS 5.0 6.3.1: when one address (127.0.0.2) fails many times for the owner’s account, then it is slowed, but the owner signs in at once from another (127.0.0.3)', async () => {
    const owner = await makeUser(ctx.services, 'probation')
    const burst = []
    for (let i = 0; i < 12; i++) burst.push(await token('127.0.0.2', owner.email, `Wrong-Password-${i}`))
    const attackerRight = await token('127.0.0.2', owner.email, TEST_PASSWORD)
    const ownerAnswer = await token('127.0.0.3', owner.email, TEST_PASSWORD)

    expect(burst.slice(0, 5).map(a => a.status)).toEqual([401, 401, 401, 401, 401])
    expect(burst.slice(5).every(a => a.status === 429)).toBe(true)
    expect(attackerRight.status).toBe(429)
    expect(ownerAnswer.status).toBe(201)
  })

  it('ASVS 5.0 6.3.1: when many addresses keep failing for one account, waiting out each delay, then the owner elsewhere is never held up more than a minute', async () => {
    const owner = await makeUser(ctx.services, 'provider')
    const waits: number[] = []
    for (let a = 0; a < 30; a++) {
      const answer = await token(`127.0.1.${a + 1}`, owner.email, `Wrong-Password-${a}`)
      if (answer.status === 429) {
        waits.push(Number(answer.retryAfter))
        ctx.clock.advance({ seconds: Number(answer.retryAfter) })
        expect((await token(`127.0.1.${a + 1}`, owner.email, `Wrong-Password-${a}`)).status).toBe(401)
      } else expect(answer.status).toBe(401)
    }
    const refused = await token('127.0.0.5', owner.email, TEST_PASSWORD)
    ctx.clock.advance({ seconds: 60 })
    const later = await token('127.0.0.5', owner.email, TEST_PASSWORD)

    // From the tenth failure the account waits 5 s, 10 s, ... and never more than 60 s.
    expect(waits.length).toBeGreaterThan(10)
    expect(Math.max(...waits)).toBe(60)
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60)
    expect(later.status).toBe(201)
  })

  it('ASVS 5.0 6.3.5: when an account starts being slowed down, then its owner is emailed once, with no case data and no password', async () => {
    const owner = await makeUser(ctx.services, 'clerk')
    for (let i = 0; i < 7; i++) await token('127.0.0.6', owner.email, `Wrong-Password-${i}`)

    const mail = await ctx.db('email_outbox').where({ to_address: owner.email })
    expect(mail).toHaveLength(1)
    expect(mail[0].template).toBe('account-security')
    expect(mail[0].subject).toBe('Failed sign-in attempts on your account')
    expect(mail[0].payload).not.toContain('Wrong-Password')
  })

  it('ASVS 5.0 6.3.1: when an unknown email is tried again and again, then it is slowed the same way (nothing says whether the account exists)', async () => {
    const answers = []
    for (let i = 0; i < 7; i++)
      answers.push(await token('127.0.0.7', 'no-such-user@example.test', `Wrong-${i}-password`))
    expect(answers.map(a => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429])
  })
})
