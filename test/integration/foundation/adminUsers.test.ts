import request from 'supertest'
import {
  apiToken,
  createTestContext,
  csrfFrom,
  signIn,
  submitForm,
  TEST_PASSWORD,
  type TestContext,
} from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'
import { adminHelpers, errorSummary, temporaryPasswordOn } from './adminSupport'

// An admin managing staff accounts: adding a user, changing one (and another admin's change in
// between), disabling and enabling, and resetting a password.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const { signInAsAdmin, postSignIn } = adminHelpers(() => ctx)

describe('adding a user', () => {
  it('when an admin adds a user, then the one-time password is shown once and the user must change it at first sign-in', async () => {
    const agent = await signInAsAdmin()
    const org = await makeOrganisation(ctx.services, 'probation')

    const res = await submitForm(agent, '/admin/users/new', {
      name: 'Priya Officer',
      email: 'Priya.Officer@Example.test',
      role: 'probation',
      organisationId: org.id,
    })
    const password = temporaryPasswordOn(res.text)
    const list = await agent.get('/admin/users')
    const firstSignIn = await postSignIn('priya.officer@example.test', password)

    expect(res.status).toBe(200)
    expect(res.text).toContain('Give this password to Priya Officer')
    expect(password.length).toBeGreaterThanOrEqual(12)
    expect(list.text).toContain('Priya Officer')
    expect(list.text).toContain('priya.officer@example.test')
    expect(list.text).not.toContain(password)
    expect(firstSignIn.status).toBe(303)
    expect(firstSignIn.headers.location).toBe('/account/password')
  })

  it('when required answers are missing or wrong, then each field is named and the typed values are kept', async () => {
    const agent = await signInAsAdmin()

    const res = await submitForm(agent, '/admin/users/new', { name: '  ', email: 'not-an-email' })
    const page = await agent.get('/admin/users/new')

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/admin/users/new')
    expect(errorSummary(page.text)).toEqual([
      '#name: Enter the full name',
      '#email: Enter an email address in the correct format, like name@example.com',
      '#role: Select a role',
    ])
    expect(page.text).toContain('value="not-an-email"')
    expect(await ctx.db('app_user').where({ email: 'not-an-email' }).first()).toBeUndefined()
  })

  it('when a probation officer is added without an organisation, then the organisation is asked for and the answers kept', async () => {
    const agent = await signInAsAdmin()

    await submitForm(agent, '/admin/users/new', {
      name: 'Sam Noorg',
      email: 'sam.noorg@example.test',
      role: 'probation',
    })
    const page = await agent.get('/admin/users/new')

    expect(errorSummary(page.text)).toEqual(['#organisationId: Select the probation organisation this user works for'])
    expect(page.text).toContain('value="Sam Noorg"')
    expect(page.text).toContain('value="sam.noorg@example.test"')
    expect(page.text).toMatch(/value="probation" checked/)
  })

  it('when the email is already used, then the email is named', async () => {
    const agent = await signInAsAdmin()
    const existing = await makeUser(ctx.services, 'clerk')

    await submitForm(agent, '/admin/users/new', {
      name: 'Copy Cat',
      email: existing.email.toUpperCase(),
      role: 'clerk',
    })
    const page = await agent.get('/admin/users/new')

    expect(errorSummary(page.text)).toEqual(['#email: A user with this email address already exists'])
  })
})

describe('changing a user', () => {
  const versionOn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1]

  it('when an admin saves changes, then the user page shows them', async () => {
    const agent = await signInAsAdmin()
    const court = await makeCourt(ctx.services)
    const user = await makeUser(ctx.services, 'clerk')
    const form = await agent.get(`/admin/users/${user.id}/edit`)

    const res = await agent
      .post(`/admin/users/${user.id}/edit`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        version: versionOn(form.text),
        name: 'Renamed Clerk',
        email: user.email,
        role: 'clerk',
        courtIds: court.id,
      })
    const page = await agent.get(res.headers.location)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/admin/users/${user.id}`)
    expect(page.text).toContain('User details saved.')
    expect(page.text).toContain('Renamed Clerk')
    expect((await ctx.services.users.get(user.id)).courtIds).toEqual([court.id])
  })

  it('when someone else saved the user after the form was opened, then the conflict is explained with the latest details and saving again works', async () => {
    const first = await signInAsAdmin()
    const second = await signInAsAdmin()
    const court = await makeCourt(ctx.services)
    const user = await makeUser(ctx.services, 'clerk', { name: 'Original Name', courtIds: [court.id] })
    const staleForm = await first.get(`/admin/users/${user.id}/edit`)
    await submitForm(second, `/admin/users/${user.id}/edit`, {
      version: versionOn(staleForm.text),
      name: 'Name From Second Admin',
      email: user.email,
      role: 'clerk',
      courtIds: court.id,
    })

    const conflict = await first
      .post(`/admin/users/${user.id}/edit`)
      .type('form')
      .send({
        _csrf: csrfFrom(staleForm.text),
        version: versionOn(staleForm.text),
        name: 'Name From First Admin',
        email: user.email,
        role: 'clerk',
        courtIds: court.id,
      })
    const page = await first.get(`/admin/users/${user.id}/edit`)
    const retry = await first
      .post(`/admin/users/${user.id}/edit`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        version: versionOn(page.text),
        name: 'Name From First Admin',
        email: user.email,
        role: 'clerk',
        courtIds: court.id,
      })

    expect(conflict.status).toBe(303)
    expect(conflict.headers.location).toBe(`/admin/users/${user.id}/edit`)
    expect(page.text).toContain('Someone else changed this user while you were editing')
    expect(page.text).toContain('value="Name From Second Admin"')
    expect(retry.headers.location).toBe(`/admin/users/${user.id}`)
    expect((await ctx.services.users.get(user.id)).name).toBe('Name From First Admin')
  })
})

describe('disabling a user', () => {
  it('when an admin disables a user, then their open session and API token stop working and they cannot sign in again', async () => {
    const admin = await signInAsAdmin()
    const user = await makeUser(ctx.services, 'provider')
    const userAgent = await signIn(ctx.app, user.email)
    const token = await apiToken(ctx.app, user.email)
    expect((await userAgent.get('/clients')).status).toBe(200)

    const res = await submitForm(admin, `/admin/users/${user.id}`, {}, `/admin/users/${user.id}/disable`)
    const adminPage = await admin.get(`/admin/users/${user.id}`)
    const next = await userAgent.get('/clients')
    const again = await postSignIn(user.email, TEST_PASSWORD)
    const api = await request(ctx.app).get('/api/v1/courts').set('Authorization', `Bearer ${token}`)

    expect(res.status).toBe(303)
    expect(adminPage.text).toMatch(/data-qa="user-status">Disabled/)
    // ASVS 5.0 7.4.2: the session row is gone, so the browser is simply not signed in.
    expect(next.status).toBe(302)
    expect(next.headers.location).toBe('/sign-in')
    expect(await ctx.services.web.sessions.countForUser(user.id)).toBe(0)
    expect(again.status).toBe(401)
    expect(api.status).toBe(401)
  })

  it('when an admin enables a disabled user, then they can sign in again', async () => {
    const admin = await signInAsAdmin()
    const user = await makeUser(ctx.services, 'clerk')
    await submitForm(admin, `/admin/users/${user.id}`, {}, `/admin/users/${user.id}/disable`)

    await submitForm(admin, `/admin/users/${user.id}`, {}, `/admin/users/${user.id}/enable`)
    const res = await postSignIn(user.email, TEST_PASSWORD)

    expect(res.headers.location).toBe('/calendar')
  })
})

describe('resetting a password', () => {
  it('when an admin resets a password, then the old one stops working and the user must choose a new one at next sign-in', async () => {
    const admin = await signInAsAdmin()
    const user = await makeUser(ctx.services, 'sentencer')

    const res = await submitForm(admin, `/admin/users/${user.id}`, {}, `/admin/users/${user.id}/reset-password`)
    const temporary = temporaryPasswordOn(res.text)
    const oldPassword = await postSignIn(user.email, TEST_PASSWORD)
    const newPassword = await postSignIn(user.email, temporary)

    expect(res.status).toBe(200)
    expect(res.text).toContain('Password reset')
    expect(oldPassword.status).toBe(401)
    expect(newPassword.headers.location).toBe('/account/password')
  })
})
