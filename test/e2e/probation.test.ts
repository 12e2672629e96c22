import { DEMO_USERS, Journey, describeJourney, startWorld, textOf, type E2eWorld } from './support/browserJourney'

let world: E2eWorld
let officer: Journey

describeJourney('a probation officer in the browser', () => {
  beforeAll(async () => {
    world = await startWorld()
    officer = await Journey.open(world, 'probation')
  })

  afterAll(async () => {
    await officer?.close()
    await world?.close()
  })

  it('when the officer signs in, then their caseload shows each next review and where its report has got to', async () => {
    await officer.signIn(DEMO_USERS.probation, world.ctx.config.demoPassword)

    expect(await officer.heading()).toBe('My caseload')
    // Leah Morgan's reviews are on paper since her first hearing; the seed submitted her report after its deadline.
    expect(await officer.rows(officer.page.locator('[data-qa=caseload]'))).toEqual([
      'Leah Morgan X946173 · BHM-946173 | DRR | Thursday 12 March 2026 (on paper) | 10 March 2026 at 11:59pm | Late Change report for Leah Morgan Their own words for Leah Morgan’s next review',
      'Aisha Rahman X418203 · BHM-418203 | DRR | Thursday 19 March 2026 | 17 March 2026 at 11:59pm | Submitted Change report for Aisha Rahman Their own words for Aisha Rahman’s next review',
      'Connor Walsh X512388 · BHM-512388 | DRR | Thursday 19 March 2026 | 17 March 2026 at 11:59pm | Not started Write report for Connor Walsh Their own words for Connor Walsh’s next review',
      'Jordan Ellis X320741 · BHM-320741 | DRR | Thursday 19 March 2026 | 17 March 2026 at 11:59pm | Draft Write report for Jordan Ellis Their own words for Jordan Ellis’s next review',
      'Siân Pritchard X603917 · BHM-603917 | DRR | Thursday 26 March 2026 | 24 March 2026 at 11:59pm | Submitted Change report for Siân Pritchard Their own words for Siân Pritchard’s next review',
    ])
    await officer.step('caseload')
  })

  it('when they open a report, then the provider’s views and the tests since the last review are beside it', async () => {
    const { page } = officer
    await officer.follow('Write report for Connor Walsh')

    expect(await officer.heading()).toBe('Progress report')
    expect(await textOf(page.locator('[data-qa=report-status]'))).toBe(
      'Not started Review on Thursday 19 March 2026. Report due by 17 March 2026 at 11:59pm.',
    )
    const providerUpdate = await textOf(page.locator('[data-qa=provider-update]'))
    expect(providerUpdate).toContain('From Aquarius Recovery Services (Rhian Evans)')
    expect(providerUpdate).toContain('Engaging with treatment; methadone dose stable.')
    // His first review: the tests since the order began.
    expect(await page.locator('[data-qa=drug-tests] li').allInnerTexts()).toEqual([
      expect.stringMatching(/^Wednesday 18 February 2026, Oral fluid .*Opiates positive/),
      expect.stringMatching(/^Wednesday 4 March 2026, Urine .*Opiates negative/),
    ])
    await officer.step('report-form')
  })

  it('when they submit it empty, then each missing section is named', async () => {
    const { page } = officer
    await officer.press('Submit report')

    expect(await textOf(page.locator('.govuk-error-summary'))).toBe(
      'There is a problem Enter attendance and compliance since the last review Enter how they have engaged ' +
        'Enter progress in treatment Enter a summary of drug testing Choose a recommendation',
    )
    expect(await page.title()).toMatch(/^Error: Progress report/)
    await officer.step('report-errors')
  })

  it('when they save a draft and then submit, then the court has the report and the caseload says so', async () => {
    const { page } = officer
    await page
      .getByLabel('Attendance and compliance since the last review')
      .fill('Attended 6 of 8 appointments; one missed for a hospital appointment, evidenced.')
    await page.getByLabel('Appointments offered').fill('8')
    await page.getByLabel('Appointments kept').fill('6')
    await page
      .getByLabel('Engagement', { exact: true })
      .fill('Open and engaged in supervision; attends the recovery group.')
    await page.getByLabel('Treatment', { exact: true }).fill('Methadone dose stable at 60ml; key-work fortnightly.')
    await page.getByLabel('Drug testing').fill('One positive for opiates on 18 February; negative since.')
    await page.getByRole('radio', { name: 'Continue the order as it is' }).check()
    await officer.press('Save draft')

    expect(await officer.banner()).toContain('Draft saved. The court cannot see it until you submit it.')
    expect(await page.getByLabel('Drug testing').inputValue()).toBe(
      'One positive for opiates on 18 February; negative since.',
    )
    await officer.step('draft-saved')

    await officer.press('Submit report')
    // GOV.UK check answers: nothing goes to the court until the officer confirms.
    expect(await officer.heading()).toBe('Check your report before submitting it')
    expect(await textOf(page.locator('[data-qa=check-answers]'))).toContain(
      'Treatment Methadone dose stable at 60ml; key-work fortnightly. Change treatment',
    )
    await officer.step('report-check')
    await officer.press('Submit report')
    expect(await officer.banner()).toContain('Report submitted to the court.')
    expect(await textOf(page.locator('[data-qa=report-tags]'))).toBe('Submitted')
    const report = await textOf(page.locator('main .govuk-summary-list').first())
    expect(report).toContain('Methadone dose stable at 60ml; key-work fortnightly.')
    expect(report).toContain('Continue the order as it is')
    await officer.step('report-submitted')

    await officer.menu('My caseload')
    expect(await officer.rows(page.locator('[data-qa=caseload]'))).toContain(
      'Connor Walsh X512388 · BHM-512388 | DRR | Thursday 19 March 2026 | 17 March 2026 at 11:59pm | Submitted Change report for Connor Walsh Their own words for Connor Walsh’s next review',
    )
    await officer.step('caseload-after-submit')
  })
})
