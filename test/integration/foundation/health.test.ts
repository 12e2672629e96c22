import request from 'supertest'
import { createTestContext, csrfFrom, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'

const STACK_TRACE = /\n\s+at .+[(:]\d+|node_modules|\.ts:\d+/

describe('GET /health', () => {
  let ctx: TestContext

  beforeAll(async () => {
    ctx = await createTestContext()
  })

  afterAll(async () => {
    await ctx.close()
  })

  it('when nobody is signed in, then it answers 200 JSON with status, database and version', async () => {
    const res = await request(ctx.app).get('/health')

    expect(res.status).toBe(200)
    expect(res.type).toBe('application/json')
    expect(res.body).toEqual({ status: 'ok', database: 'ok', version: ctx.config.version })
  })

  it('when a page does not exist, then the 404 page says so without a stack trace', async () => {
    const res = await request(ctx.app).get('/no-such-page')

    expect(res.status).toBe(404)
    expect(res.type).toBe('text/html')
    expect(res.text).toContain('Page not found')
    expect(res.text).not.toMatch(STACK_TRACE)
  })
})

describe('when the database is unreachable', () => {
  it('then /health answers 503 and says the database is unavailable', async () => {
    const ctx = await createTestContext()
    await ctx.db.destroy()

    const res = await request(ctx.app).get('/health')

    expect(res.status).toBe(503)
    expect(res.body).toEqual({ status: 'down', database: 'unavailable', version: ctx.config.version })
    await ctx.close()
  })
})

describe('errors in production', () => {
  let ctx: TestContext

  beforeAll(async () => {
    ctx = await createTestContext({ config: { production: true } })
  })

  afterAll(async () => {
    await ctx.close()
  })

  it('when a page does not exist, then the 404 page has no stack trace', async () => {
    const res = await request(ctx.app).get('/no-such-page').set('X-Forwarded-Proto', 'https')

    expect(res.status).toBe(404)
    expect(res.text).toContain('Page not found')
    expect(res.text).not.toMatch(STACK_TRACE)
  })

  it('when the database fails during a request, then the 500 page is shown with no stack trace or database detail', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const page = await request(ctx.app).get('/sign-in').set('X-Forwarded-Proto', 'https')
    const csrfCookie = ([] as string[]).concat(page.headers['set-cookie'] ?? [])[0]?.split(';')[0]
    const first = await request(ctx.app)
      .post('/sign-in')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', csrfCookie)
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) })
    const cookie = ([] as string[]).concat(first.headers['set-cookie'] ?? [])[0]?.split(';')[0]
    expect(cookie).toMatch(/^__Host-session=/)
    await ctx.db.schema.renameTable('session', 'session_moved_away')

    const res = await request(ctx.app).get('/sign-in').set('X-Forwarded-Proto', 'https').set('Cookie', cookie)
    await ctx.db.schema.renameTable('session_moved_away', 'session')

    expect(res.status).toBe(500)
    expect(res.text).toContain('Sorry, there is a problem with the service')
    expect(res.text).not.toMatch(STACK_TRACE)
    expect(res.text).not.toMatch(/session_moved_away|no such table|does not exist|SQLITE/i)
  })
})
