import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'
import { bearer, expectProblem, fieldsOf } from './apiSupport'

// The API's reference data (courts, users, organisations), its OpenAPI document, and unknown paths.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

describe('courts', () => {
  it('when an admin posts a court, then it answers 201 with the court and it is listed', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, admin.email)

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Birmingham Magistrates’ Court', code: 'BHM01', reportDueWorkingDays: 3 })
    const list = await request(ctx.app).get('/api/v1/courts').set(bearer(token))

    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Birmingham Magistrates’ Court',
      code: 'BHM01',
      // Who decides reviews without a hearing: a single justice, unless it is the Crown Court.
      kind: 'magistrates',
      reportDueWorkingDays: 3,
    })
    expect(list.body).toContainEqual(res.body)
    const crown = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Birmingham Crown Court', code: 'BHC01', kind: 'crown', reportDueWorkingDays: 3 })
    expect(crown.body.kind).toBe('crown')
    const bad = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Nowhere', code: 'NOW01', kind: 'county', reportDueWorkingDays: 3 })
    expect(fieldsOf(expectProblem(bad, 400))).toEqual(['kind'])
  })

  it('when a clerk posts a court, then it is refused with 403 and nothing is added', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, clerk.email)

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Clerk Court', code: 'CLK01', reportDueWorkingDays: 2 })

    expectProblem(res, 403)
    expect(await ctx.db('court').where({ code: 'CLK01' }).first()).toBeUndefined()
  })

  it('when the body is wrong in every field, then it answers 400 naming name, code and reportDueWorkingDays', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, admin.email)

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: '', code: 'not a code', reportDueWorkingDays: 'two' })

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['code', 'name', 'reportDueWorkingDays'])
  })

  it('when the code is already used, then it answers 400 naming code', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, admin.email)
    const existing = await makeCourt(ctx.services, { code: 'DUP01' })

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .send({ name: 'Another court', code: existing.code, reportDueWorkingDays: 2 })

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['code'])
  })

  it('when the body is not valid JSON, then it answers 400 problem+json', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, admin.email)

    const res = await request(ctx.app)
      .post('/api/v1/courts')
      .set(bearer(token))
      .set('Content-Type', 'application/json')
      .send('{"name": "Unfinished')

    expect(expectProblem(res, 400).detail).toMatch(/not valid JSON/)
  })
})

describe('users and organisations', () => {
  it('when a clerk lists users by role, then only that role comes back and never a password hash', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const officers = [await makeUser(ctx.services, 'probation'), await makeUser(ctx.services, 'probation')]
    const provider = await makeUser(ctx.services, 'provider')
    const token = await apiToken(ctx.app, clerk.email)

    const res = await request(ctx.app).get('/api/v1/users?role=probation').set(bearer(token))

    expect(res.status).toBe(200)
    const ids = res.body.map((u: { id: string }) => u.id)
    expect(ids).toEqual(expect.arrayContaining(officers.map(o => o.id)))
    expect(ids).not.toContain(provider.id)
    expect(ids).not.toContain(clerk.id)
    expect(new Set(res.body.map((u: { role: string }) => u.role))).toEqual(new Set(['probation']))
    expect(Object.keys(res.body[0]).sort()).toEqual(['courtIds', 'email', 'id', 'name', 'organisationId', 'role'])
    expect(res.text.toLowerCase()).not.toContain('scrypt')
    expect(res.text.toLowerCase()).not.toContain('password')
  })

  it('when the role is not a role, then it answers 400 naming role', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, clerk.email)

    const res = await request(ctx.app).get('/api/v1/users?role=nonsense').set(bearer(token))

    expect(fieldsOf(expectProblem(res, 400))).toEqual(['role'])
  })

  it('when anyone lists organisations by kind, then only that kind comes back', async () => {
    const provider = await makeUser(ctx.services, 'provider')
    const treatment = await makeOrganisation(ctx.services, 'provider')
    const probation = await makeOrganisation(ctx.services, 'probation')
    const token = await apiToken(ctx.app, provider.email)

    const res = await request(ctx.app).get('/api/v1/organisations?kind=provider').set(bearer(token))

    expect(res.status).toBe(200)
    expect(res.body).toContainEqual({ id: treatment.id, name: treatment.name, kind: 'provider' })
    expect(res.body.map((o: { id: string }) => o.id)).not.toContain(probation.id)
    expect(new Set(res.body.map((o: { kind: string }) => o.kind))).toEqual(new Set(['provider']))
  })
})

describe('the OpenAPI document', () => {
  it('when fetched, then it is OpenAPI 3.1 and describes every /api/v1 route the app declares', async () => {
    const res = await request(ctx.app).get('/api/openapi.json')

    expect(res.status).toBe(200)
    expect(res.body.openapi).toMatch(/^3\.1\./)
    const declared = ctx.routeTable.filter(r => r.path.startsWith('/api/v1/'))
    expect(declared.length).toBeGreaterThanOrEqual(5)
    const missing = declared
      .map(r => ({ path: r.path.replace(/:([A-Za-z]+)/g, '{$1}'), method: r.method.toLowerCase() }))
      .filter(r => !res.body.paths?.[r.path]?.[r.method])
    expect(missing).toEqual([])
  })

  it('when fetched, then the court body schema comes from the rules that validate it', async () => {
    const res = await request(ctx.app).get('/api/openapi.json')

    const schema = res.body.paths['/api/v1/courts'].post.requestBody.content['application/json'].schema
    expect(Object.keys(schema.properties).sort()).toEqual(['code', 'kind', 'name', 'reportDueWorkingDays'])
    expect(schema.required.sort()).toEqual(['code', 'name', 'reportDueWorkingDays'])
  })
})

describe('unknown API paths', () => {
  it('when a path under /api/v1 does not exist, then it answers 404 problem+json', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, user.email)

    const res = await request(ctx.app).get('/api/v1/no-such-thing').set(bearer(token))

    expectProblem(res, 404)
  })
})
