import { DEMO_USERS, Journey, describeJourney, startWorld, textOf, type E2eWorld } from './support/browserJourney'

let world: E2eWorld
let admin: Journey

describeJourney('an administrator in the browser', () => {
  beforeAll(async () => {
    world = await startWorld()
    admin = await Journey.open(world, 'admin')
  })

  afterAll(async () => {
    await admin?.close()
    await world?.close()
  })

  it('when the administrator signs in, then they see every user with their role', async () => {
    await admin.signIn(DEMO_USERS.admin, world.ctx.config.demoPassword)

    expect(await admin.heading()).toBe('Users')
    const users = await admin.rows(admin.page.locator('[data-qa=users]'))
    expect(users).toContain('Priya Shah | clerk@example.com | Court clerk | | Active')
    expect(users).toHaveLength(8)
    await admin.step('users')
  })

  it('when they add a user without details, then the form says what is missing', async () => {
    const { page } = admin
    await admin.press('Add a user')
    expect(await admin.heading()).toBe('Add a user')
    await admin.step('add-user')

    await admin.press('Save user')
    expect(await textOf(page.locator('.govuk-error-summary'))).toMatch(/There is a problem.*name/i)
    expect(await page.title()).toMatch(/^Error: Add a user/)
    await admin.step('add-user-errors')
  })

  it('when they add a court clerk, then a one-time password is shown once and the user is listed', async () => {
    const { page } = admin
    await page.getByLabel('Full name').fill('Nia Roberts')
    await page.getByLabel('Email address').fill('nia.roberts@example.com')
    await page.getByRole('radio', { name: 'Court clerk' }).check()
    await page.getByRole('checkbox', { name: 'Birmingham Magistrates’ Court (BHM01)' }).check()
    await admin.press('Save user')

    expect(await textOf(page.locator('.govuk-panel__title'))).toBe('User added')
    const temporaryPassword = await textOf(page.locator('[data-qa=temporary-password]'))
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12)
    await admin.step('user-added')

    await admin.menu('Users')
    expect(await admin.rows(page.locator('[data-qa=users]'))).toContain(
      'Nia Roberts | nia.roberts@example.com | Court clerk | | Active',
    )
    await admin.step('users-with-new-clerk')

    // The new clerk signs in with it and must choose their own password before anything else.
    await admin.signOut()
    expect(await admin.heading()).toBe('Sign in')
    await admin.signIn('nia.roberts@example.com', temporaryPassword)
    expect(await admin.heading()).toBe('Change your password')
    await admin.step('new-user-must-change-password')
    await page.getByLabel('Current password').fill(temporaryPassword)
    await page.getByLabel('New password', { exact: true }).fill('Kettle-Orchard-Lantern-42')
    await page.getByLabel('Confirm new password').fill('Kettle-Orchard-Lantern-42')
    await admin.press('Change password')

    expect(await admin.banner()).toContain('Your password has been changed.')
    expect(await admin.page.title()).toMatch(/^Court calendar: March 2026/)
    expect(await admin.heading()).toBe('March 2026')
    await admin.step('new-clerk-calendar')
  })
})
