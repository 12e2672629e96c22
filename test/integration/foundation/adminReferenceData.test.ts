import type { Role } from '../../../server/roles'
import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'
import { adminHelpers, errorSummary } from './adminSupport'

// An admin managing reference data (organisations and courts), and who else may use the admin pages.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const { signInAsAdmin } = adminHelpers(() => ctx)

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
