import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeCourt, makeUser } from '../../support/factories'
import { queriesDuring } from '../../support/queries'
import { newId } from '../../../server/utils/ids'

// Issue 24: every signed-in page reads its session and the user it belongs to (with their courts) in
// one statement, not two, and still ends the session of a user who has been disabled or removed.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const reads = (sql: string[], table: string) => sql.filter(q => new RegExp(`from [\`"]${table}[\`"]`, 'i').test(q))

describe('the session and its user, read together', () => {
  it('when a signed-in user opens a page, then one statement reads the session and the user, and no other reads the user', async () => {
    const user = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, user.email)
    await agent.get('/account/password')
    const sql = await queriesDuring(ctx.db, async () => expect((await agent.get('/account/password')).status).toBe(200))
    expect(reads(sql, 'session')).toHaveLength(1)
    expect(reads(sql, 'session')[0]).toMatch(/join [`"]app_user[`"]/i)
    expect(reads(sql, 'app_user')).toEqual([])
  })

  it('reads the session data with the user and their courts; an expired or unknown session is nothing', async () => {
    const court = await makeCourt(ctx.services)
    const clerk = await makeUser(ctx.services, 'clerk', { courtIds: [court.id] })
    const sid = newId()
    await ctx.repos.sessions.save(sid, JSON.stringify({ userId: clerk.id }), '2026-03-02T22:00:00.000Z', clerk.id)
    const found = await ctx.repos.sessions.getWithUser(sid, '2026-03-02T09:00:00.000Z')
    expect(JSON.parse(found!.sess)).toEqual({ userId: clerk.id })
    expect(found!.user).toMatchObject({ id: clerk.id, email: clerk.email, role: 'clerk', courtIds: [court.id] })
    expect(await ctx.repos.sessions.getWithUser(sid, '2026-03-02T22:00:00.000Z')).toBeNull()
    expect(await ctx.repos.sessions.getWithUser(newId(), '2026-03-02T09:00:00.000Z')).toBeNull()
  })

  it('reads a session not yet signed in (no user) as its data and no user', async () => {
    const sid = newId()
    await ctx.repos.sessions.save(sid, JSON.stringify({ mfaPending: true }), '2026-03-02T22:00:00.000Z', null)
    expect(await ctx.repos.sessions.getWithUser(sid, '2026-03-02T09:00:00.000Z')).toEqual({
      sess: JSON.stringify({ mfaPending: true }),
      user: null,
      caseDataVersion: Number((await ctx.db('cache_version').where({ name: 'case_data' }).first('version')).version),
    })
  })

  it('when an administrator disables a signed-in user, then their next page ends the session', async () => {
    const user = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, user.email)
    expect((await agent.get('/account/password')).status).toBe(200)
    await ctx.db('app_user').where({ id: user.id }).update({ disabled: true })
    const next = await agent.get('/account/password')
    expect(next.status).toBe(303)
    expect(next.headers.location).toBe('/sign-in?ended=1')
  })

  it('when a session row names nobody though its data names a user, then the user is read on their own and the page still works', async () => {
    const user = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, user.email)
    await ctx.db('session').where({ user_id: user.id }).update({ user_id: null })
    const sql = await queriesDuring(ctx.db, async () => expect((await agent.get('/account/password')).status).toBe(200))
    expect(reads(sql, 'app_user')).toHaveLength(1)
  })
})
