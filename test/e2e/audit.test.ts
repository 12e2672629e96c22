import { DEMO_USERS, Journey, describeJourney, startWorld, textOf, type E2eWorld } from './support/browserJourney'

// Who saw this person, in the browser: the admin's audit log and a clerk's "Who has seen this
// record", each checked with axe, and at 320 pixels wide (WCAG 1.4.10: the tables scroll in their
// own region, never the page).

let world: E2eWorld
let admin: Journey
let clerk: Journey

const pageScrollsSideways = (journey: Journey) =>
  journey.page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

describeJourney('who saw this person, in the browser', () => {
  beforeAll(async () => {
    world = await startWorld()
    admin = await Journey.open(world, 'audit-admin')
    clerk = await Journey.open(world, 'audit-clerk')
  })

  afterAll(async () => {
    await admin?.close()
    await clerk?.close()
    await world?.close()
  })

  it('when a clerk opens a person and then who has seen their record, then their own view is listed, in words', async () => {
    await clerk.signIn(DEMO_USERS.clerk, world.ctx.config.demoPassword)
    await clerk.step('calendar')
    await clerk.menu('People')
    await clerk.step('people')
    await clerk.page.getByLabel('Search by name, CRN or PNC ID').fill('Jordan Ellis')
    await clerk.press('Search')
    await clerk.step('search')
    await clerk.follow('Jordan Ellis')
    await clerk.step('person')
    await clerk.follow('Who has seen this record')

    expect(await clerk.heading()).toBe('Who has seen this record')
    const rows = await clerk.rows(clerk.page.locator('[data-qa=person-audit]'))
    expect(rows[0]).toMatch(/^.+ \| Priya Shah Court clerk \| Viewed a person’s record \| Their record$/)
    await clerk.step('who-has-seen')

    await clerk.page.setViewportSize({ width: 320, height: 800 })
    await clerk.page.reload()
    expect(await pageScrollsSideways(clerk)).toBe(false)
    await clerk.step('who-has-seen-320')
  })

  it('when the admin filters the audit log by that person, then the clerk’s reads are there; at 320 pixels nothing spills sideways', async () => {
    await admin.signIn(DEMO_USERS.admin, world.ctx.config.demoPassword)
    await admin.step('users')
    await admin.menu('Audit log')
    expect(await admin.heading()).toBe('Audit log')
    await admin.step('audit-log')

    await admin.page.getByLabel('Person').fill('Jordan Ellis')
    await admin.press('Show events')
    await admin.step('person-search')
    await admin.follow(/^Jordan Ellis/)
    expect(await textOf(admin.page.locator('[data-qa=person-filter]'))).toMatch(/^Jordan Ellis \(X320741\)/)
    const rows = await admin.rows(admin.page.locator('[data-qa=audit]'))
    expect(rows.some(r => /Priya Shah Court clerk \| Viewed a person’s record \| Jordan Ellis X320741/.test(r))).toBe(
      true,
    )
    await admin.step('audit-log-person')

    await admin.page.setViewportSize({ width: 320, height: 800 })
    await admin.page.reload()
    expect(await pageScrollsSideways(admin)).toBe(false)
    await admin.step('audit-log-320')
    await admin.page.setViewportSize({ width: 1280, height: 900 })
  })

  it('when the admin types a date that does not exist, then the error summary names the field and the page title says there is an error', async () => {
    const group = admin.page.getByRole('group', { name: 'From date', exact: true })
    await group.getByLabel('Day').fill('31')
    await group.getByLabel('Month').fill('2')
    await group.getByLabel('Year').fill('2026')
    await admin.press('Show events')

    expect(await textOf(admin.page.locator('.govuk-error-summary'))).toBe(
      'There is a problem From date must be a real date',
    )
    expect(await admin.page.title()).toMatch(/^Error: Audit log/)
    expect(await group.getByLabel('Day').inputValue()).toBe('31')
    await admin.step('audit-log-errors')
  })
})
