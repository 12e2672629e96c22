import request from 'supertest'
import { apiToken, createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'
import { errorSummary, qa, textOf } from '../sittings/sittingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

type Agent = ReturnType<typeof request.agent>

async function signInAsAdmin(): Promise<Agent> {
  return signIn(ctx.app, (await makeUser(ctx.services, 'admin')).email)
}

const versionOn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1]

async function saveUser(agent: Agent, id: string, fields: Record<string, unknown>) {
  const form = await agent.get(`/admin/users/${id}/edit`)
  return agent
    .post(`/admin/users/${id}/edit`)
    .type('form')
    .send({ _csrf: csrfFrom(form.text), version: versionOn(form.text), ...fields })
}

describe('linking users to courts', () => {
  it('when an admin adds a clerk at two courts and later takes one away, then the user page lists their courts each time', async () => {
    const admin = await signInAsAdmin()
    const north = await makeCourt(ctx.services, { name: 'Northtown Magistrates’ Court' })
    const south = await makeCourt(ctx.services, { name: 'Southtown Magistrates’ Court' })

    const form = await admin.get('/admin/users/new')
    const added = await submitForm(admin, '/admin/users/new', {
      name: 'Nia Roberts',
      email: 'nia.roberts@example.test',
      role: 'clerk',
      courtIds: [north.id, south.id],
    })
    const user = (await ctx.services.users.list({ role: 'clerk' })).find(u => u.email === 'nia.roberts@example.test')!
    const shownAtTwo = textOf(qa((await admin.get(`/admin/users/${user.id}`)).text, 'user-courts'))
    const editForm = await admin.get(`/admin/users/${user.id}/edit`)
    const saved = await saveUser(admin, user.id, {
      name: user.name,
      email: user.email,
      role: 'clerk',
      courtIds: south.id,
    })
    const shownAtOne = textOf(qa((await admin.get(`/admin/users/${user.id}`)).text, 'user-courts'))

    expect(form.text).toContain('Northtown Magistrates’ Court')
    expect(added.status).toBe(200)
    expect(shownAtTwo).toBe('Northtown Magistrates’ Court Southtown Magistrates’ Court')
    expect(editForm.text).toMatch(new RegExp(`value="${north.id}" checked`))
    expect(editForm.text).toMatch(new RegExp(`value="${south.id}" checked`))
    expect(saved.headers.location).toBe(`/admin/users/${user.id}`)
    expect(shownAtOne).toBe('Southtown Magistrates’ Court')
    expect((await ctx.services.users.get(user.id)).courtIds).toEqual([south.id])
    expect(await ctx.db('audit_event').where({ action: 'update_user', subject_id: user.id })).toHaveLength(1)
  })

  it.each([
    ['clerk', [], '#courtIds: Select the courts this clerk works at'],
    ['sentencer', [], '#courtIds: Select the courts this magistrate or judge sits at'],
    ['clerk', ['not-a-court'], '#courtIds: Select courts from the list'],
  ])(
    'when a %s is added with courts %j, then the courts are named in the error summary and the answers kept',
    async (role, courtIds, error) => {
      const admin = await signInAsAdmin()
      const court = await makeCourt(ctx.services)
      const email = `no-court-${role}-${courtIds.length}@example.test`

      const res = await submitForm(admin, '/admin/users/new', { name: 'Kept Name', email, role, courtIds })
      const page = await admin.get('/admin/users/new')

      expect(res.status).toBe(303)
      expect(errorSummary(page.text)).toEqual([error])
      expect(page.text).toContain('value="Kept Name"')
      expect(page.text).toContain(`value="${email}"`)
      expect(page.text).toMatch(new RegExp(`value="${role}" checked`))
      expect(page.text).toContain(`id="courtIds-error"`)
      expect(page.text).toContain(`value="${court.id}"`)
      expect(await ctx.db('app_user').where({ email }).first()).toBeUndefined()
    },
  )

  it('when a clerk’s courts are all taken away, then the change is refused and their courts stay', async () => {
    const admin = await signInAsAdmin()
    const court = await makeCourt(ctx.services)
    const clerk = await makeUser(ctx.services, 'clerk', { courtIds: [court.id] })

    const res = await saveUser(admin, clerk.id, { name: clerk.name, email: clerk.email, role: 'clerk' })
    const page = await admin.get(`/admin/users/${clerk.id}/edit`)

    expect(res.headers.location).toBe(`/admin/users/${clerk.id}/edit`)
    expect(errorSummary(page.text)).toEqual(['#courtIds: Select the courts this clerk works at'])
    expect((await ctx.services.users.get(clerk.id)).courtIds).toEqual([court.id])
  })

  it('when a probation officer is saved with courts ticked, then no court is linked (only clerks and sentencers work at courts)', async () => {
    const admin = await signInAsAdmin()
    const court = await makeCourt(ctx.services)
    const org = await makeOrganisation(ctx.services, 'probation')

    await submitForm(admin, '/admin/users/new', {
      name: 'Officer Courtless',
      email: 'officer.courtless@example.test',
      role: 'probation',
      organisationId: org.id,
      courtIds: court.id,
    })
    const officer = (await ctx.services.users.list({ role: 'probation' })).find(
      u => u.email === 'officer.courtless@example.test',
    )!
    const page = await admin.get(`/admin/users/${officer.id}`)

    expect(officer.courtIds).toEqual([])
    expect(qa(page.text, 'user-courts')).toBe('')
  })

  it('when the users API is read, then each user carries the courts they work at beside the fields it always had', async () => {
    const court = await makeCourt(ctx.services)
    const clerk = await makeUser(ctx.services, 'clerk', { courtIds: [court.id] })
    const admin = await makeUser(ctx.services, 'admin')
    const token = await apiToken(ctx.app, admin.email)

    const res = await request(ctx.app).get('/api/v1/users?role=clerk').set('Authorization', `Bearer ${token}`)
    const shown = (res.body as Record<string, unknown>[]).find(u => u.id === clerk.id)

    expect(res.status).toBe(200)
    expect(shown).toEqual({
      id: clerk.id,
      name: clerk.name,
      email: clerk.email,
      role: 'clerk',
      organisationId: null,
      courtIds: [court.id],
    })
  })
})
