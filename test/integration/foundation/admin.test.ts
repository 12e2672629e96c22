import request from 'supertest'
import type { Role } from '../../../server/roles'
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

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

type Agent = ReturnType<typeof request.agent>

async function signInAsAdmin(): Promise<Agent> {
  const admin = await makeUser(ctx.services, 'admin')
  return signIn(ctx.app, admin.email)
}

/** The error summary's entries as "href: message", in page order. */
function errorSummary(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
  return [...summary.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map(m => `${m[1]}: ${m[2].trim()}`)
}

function temporaryPasswordOn(html: string): string {
  const m = /data-qa="temporary-password">([^<]+)</.exec(html)
  if (!m) throw new Error('no temporary password on the page')
  return m[1]
}

async function postSignIn(email: string, password: string) {
  return submitForm(request.agent(ctx.app), '/sign-in', { email, password })
}

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

describe('organisations', () => {
  it('when an organisation is added without a name or kind, then both are named', async () => {
    const agent = await signInAsAdmin()

    await submitForm(agent, '/admin/organisations/new', { name: '' })
    const page = await agent.get('/admin/organisations/new')

    expect(errorSummary(page.text)).toEqual([
      '#name: Enter the organisation name',
      '#kind: Select whether the organisation is probation or a treatment provider',
    ])
  })

  it('when an organisation is added, then it is listed', async () => {
    const agent = await signInAsAdmin()

    const res = await submitForm(agent, '/admin/organisations/new', {
      name: 'Change Grow Live Leeds',
      kind: 'provider',
    })
    const list = await agent.get(res.headers.location)

    expect(res.headers.location).toBe('/admin/organisations')
    expect(list.text).toContain('Organisation added.')
    expect(list.text).toContain('Change Grow Live Leeds')
  })

  it('when an organisation of that kind and name exists, then the name is named and the typed name kept', async () => {
    const agent = await signInAsAdmin()
    const existing = await makeOrganisation(ctx.services, 'probation')

    const res = await submitForm(agent, '/admin/organisations/new', { name: existing.name, kind: 'probation' })
    const page = await agent.get('/admin/organisations/new')

    expect(res.headers.location).toBe('/admin/organisations/new')
    expect(errorSummary(page.text)).toEqual([`#name: An organisation called ${existing.name} already exists`])
    expect(page.text).toContain(`value="${existing.name}"`)
  })

  it('when an organisation is renamed, then the new name is listed; a blank or taken name is refused by field', async () => {
    const agent = await signInAsAdmin()
    const org = await makeOrganisation(ctx.services, 'provider')
    const other = await makeOrganisation(ctx.services, 'provider')
    const editUrl = `/admin/organisations/${org.id}/edit`

    await submitForm(agent, editUrl, { name: '', kind: 'provider' })
    const blank = await agent.get(editUrl)
    const taken = await submitForm(agent, editUrl, { name: other.name, kind: 'provider' })
    const takenPage = await agent.get(editUrl)
    const saved = await submitForm(agent, editUrl, { name: 'Renamed Treatment Service', kind: 'provider' })
    const list = await agent.get('/admin/organisations')

    expect(errorSummary(blank.text)).toEqual(['#name: Enter the organisation name'])
    expect(taken.status).toBe(303)
    expect(taken.headers.location).toBe(editUrl)
    expect(errorSummary(takenPage.text)).toEqual([`#name: An organisation called ${other.name} already exists`])
    expect(saved.headers.location).toBe('/admin/organisations')
    expect(list.text).toContain('Renamed Treatment Service')
    expect(list.text).toContain(other.name)
  })
})

describe('courts', () => {
  it('when a court is added with every answer wrong, then each field is named and the typed values kept', async () => {
    const agent = await signInAsAdmin()

    await submitForm(agent, '/admin/courts/new', { name: '', code: 'no spaces!', reportDueWorkingDays: 'abc' })
    const page = await agent.get('/admin/courts/new')

    expect(errorSummary(page.text)).toEqual([
      '#name: Enter the court name',
      '#code: Court code must be 2 to 10 capital letters or digits, like B01LY',
      '#reportDueWorkingDays: Report deadline must be a number of working days',
    ])
    expect(page.text).toContain('value="NO SPACES!"')
    expect(page.text).toContain('value="abc"')
  })

  it('when a court is added, then it is listed with its code in capitals', async () => {
    const agent = await signInAsAdmin()

    const res = await submitForm(agent, '/admin/courts/new', {
      name: 'Leeds Magistrates’ Court',
      code: 'lds01',
      reportDueWorkingDays: '3',
    })
    const list = await agent.get(res.headers.location)

    expect(res.headers.location).toBe('/admin/courts')
    expect(list.text).toContain('Court added.')
    expect(list.text).toContain('LDS01')
    expect((await ctx.db('court').where({ code: 'LDS01' }).first()).report_due_working_days).toBe(3)
  })

  it('when a court is changed, then the change is saved; a taken code is refused by field', async () => {
    const agent = await signInAsAdmin()
    const court = await makeCourt(ctx.services)
    const other = await makeCourt(ctx.services)
    const editUrl = `/admin/courts/${court.id}/edit`

    await submitForm(agent, editUrl, { name: court.name, code: other.code, reportDueWorkingDays: '2' })
    const taken = await agent.get(editUrl)
    const saved = await submitForm(agent, editUrl, {
      name: 'Renamed Court',
      code: court.code,
      reportDueWorkingDays: '5',
    })

    expect(errorSummary(taken.text)).toEqual([`#code: A court with code ${other.code} already exists`])
    expect(saved.headers.location).toBe('/admin/courts')
    expect(await ctx.services.reference.court(court.id)).toEqual(
      expect.objectContaining({ name: 'Renamed Court', code: court.code, reportDueWorkingDays: 5 }),
    )
  })
})

describe('who may use the admin pages', () => {
  it.each<Role>(['clerk', 'probation', 'provider', 'sentencer'])(
    'when a %s asks for the admin pages, then they get 403 and see no users',
    async role => {
      const user = await makeUser(ctx.services, role)
      const other = await makeUser(ctx.services, 'clerk')
      const agent = await signIn(ctx.app, user.email)

      const pages = await Promise.all(
        ['/admin/users', '/admin/users/new', `/admin/users/${other.id}`, '/admin/organisations', '/admin/courts'].map(
          url => agent.get(url),
        ),
      )

      expect(pages.map(p => p.status)).toEqual([403, 403, 403, 403, 403])
      for (const page of pages) {
        expect(page.text).toContain('You do not have permission')
        expect(page.text).not.toContain(other.email)
      }
    },
  )
})
