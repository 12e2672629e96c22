import request from 'supertest'
import { paths } from '../../server/paths'
import { createTestContext, csrfFrom, TEST_PASSWORD, type TestContext } from '../support/testApp'
import { makeUser } from '../support/factories'

// The limit per address (50 failures in 15 minutes, across every account, on the page and the API
// together). The limit per account (10) is proven in integration/foundation/authSignIn.test.ts and
// apiAuthentication.test.ts.
// This file's own database: its failures would otherwise lock out every other test from 127.0.0.1.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

async function signInPage(email: string, password: string, forwardedFor?: string) {
  const agent = request.agent(ctx.app)
  const page = await agent.get(paths.signIn)
  const post = agent.post(paths.signIn)
  if (forwardedFor) post.set('X-Forwarded-For', forwardedFor)
  const res = await post.type('form').send({ email, password, _csrf: csrfFrom(page.text) })
  // A refusal is shown on the spot: 429 with Retry-After and the message in the error summary.
  return {
    location: res.headers.location as string | undefined,
    tooMany: res.status === 429 && res.text.includes('too many times') && Number(res.headers['retry-after']) > 0,
  }
}

const token = (email: string, password: string, forwardedFor?: string) => {
  const req = request(ctx.app).post('/api/v1/tokens')
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor)
  return req.send({ email, password })
}

describe('the limit per address', () => {
  it('ASVS 5.0 6.3.1: when one address fails 50 times across many accounts, half on the page and half on the API, each claiming another X-Forwarded-For, then the right password is refused on both until 15 minutes pass', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    for (let i = 0; i < 50; i++) {
      const spoofed = `203.0.113.${i}`
      if (i % 2) expect((await signInPage(`nobody-${i}@example.test`, 'Wrong-Password-1', spoofed)).tooMany).toBe(false)
      else expect((await token(`nobody-${i}@example.test`, 'Wrong-Password-1', spoofed)).status).toBe(401)
    }

    const page = await signInPage(user.email, TEST_PASSWORD, '198.51.100.7')
    const api = await token(user.email, TEST_PASSWORD, '198.51.100.8')
    ctx.clock.advance({ minutes: 15, seconds: 1 })
    const pageLater = await signInPage(user.email, TEST_PASSWORD)
    const apiLater = await token(user.email, TEST_PASSWORD)

    expect(page).toEqual({ location: undefined, tooMany: true })
    expect(api.status).toBe(429)
    expect(api.type).toBe('application/problem+json')
    expect(pageLater).toEqual({ location: paths.calendar, tooMany: false })
    expect(apiLater.status).toBe(201)
  })

  it('when production sits behind one proxy and a caller forges the start of X-Forwarded-For, then failures still count against the address the proxy saw', async () => {
    const prod = await createTestContext({ config: { production: true } })
    try {
      const user = await makeUser(prod.services, 'clerk')
      // The proxy appends the address it saw; whatever the caller wrote before it is theirs to forge.
      const viaProxy = (forged: string) => ({
        'X-Forwarded-For': `${forged}, 192.0.2.10`,
        'X-Forwarded-Proto': 'https',
      })
      for (let i = 0; i < 50; i++) {
        const res = await request(prod.app)
          .post('/api/v1/tokens')
          .set(viaProxy(`203.0.113.${i}`))
          .send({ email: `nobody-${i}@example.test`, password: 'Wrong-Password-1' })
        expect(res.status).toBe(401)
      }

      const refused = await request(prod.app)
        .post('/api/v1/tokens')
        .set(viaProxy('198.51.100.1'))
        .send({ email: user.email, password: TEST_PASSWORD })
      const otherAddress = await request(prod.app)
        .post('/api/v1/tokens')
        .set({ 'X-Forwarded-For': '192.0.2.11', 'X-Forwarded-Proto': 'https' })
        .send({ email: user.email, password: TEST_PASSWORD })

      expect(refused.status).toBe(429)
      expect(otherAddress.status).toBe(201)
    } finally {
      await prod.close()
    }
  })
})
