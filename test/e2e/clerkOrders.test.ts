import { DEMO_USERS, Journey, describeJourney, startWorld, textOf, type E2eWorld } from './support/browserJourney'
import { PERSON } from './clerkJourney'

// A court clerk in the browser, from signing in: the calendar, a weekly series of sittings, a person
// with a DRR whose reviews are planned, and moving a review. The hearing day is clerkHearingDay.test.ts.

let world: E2eWorld
let clerk: Journey

describeJourney('a court clerk in the browser', () => {
  beforeAll(async () => {
    world = await startWorld()
    clerk = await Journey.open(world, 'clerk')
  })

  afterAll(async () => {
    await clerk?.close()
    await world?.close()
  })

  it('when the clerk signs in, then they see this month’s calendar with the Thursday review court', async () => {
    await clerk.signIn(DEMO_USERS.clerk, world.ctx.config.demoPassword)
    const { page } = clerk

    expect(await page.title()).toMatch(/^Court calendar: March 2026/)
    expect(await clerk.heading()).toBe('March 2026')
    expect(await textOf(page.locator('[data-qa=day-2026-03-19]'))).toContain('10am, courtroom 3')
    await clerk.step('calendar')
  })

  it('when they add a weekly series of sittings, then each date is added and shows in the calendar', async () => {
    const { page } = clerk
    await clerk.follow('Add a weekly series of sittings')
    expect(await clerk.heading()).toBe('Add a weekly series of sittings')
    await page.getByLabel('Court', { exact: true }).selectOption({ label: 'Birmingham Magistrates’ Court' })
    await clerk.fillDate('Date of the first sitting', '2026-03-24')
    await clerk.fillDate('Date of the last sitting', '2026-04-28')
    await page.getByLabel('Start time').fill('14:00')
    await page.getByLabel('Courtroom').fill('5')
    await page.getByLabel('Number of places').fill('6')
    await page.getByLabel('Slot length').fill('20')
    await page.getByRole('checkbox', { name: 'Margaret Bell JP' }).check()
    await clerk.step('add-series')
    await clerk.press('Add the sittings')

    expect(await textOf(page.locator('.govuk-panel__title'))).toBe('6 sittings added')
    // Each sitting links to its court list, and to its week in the calendar.
    const added = await page.locator('[data-qa=created] [data-qa=court-list]').allTextContents()
    expect(added).toEqual([
      'Tuesday 24 March 2026, 2pm, courtroom 5: court list',
      'Tuesday 31 March 2026, 2pm, courtroom 5: court list',
      'Tuesday 7 April 2026, 2pm, courtroom 5: court list',
      'Tuesday 14 April 2026, 2pm, courtroom 5: court list',
      'Tuesday 21 April 2026, 2pm, courtroom 5: court list',
      'Tuesday 28 April 2026, 2pm, courtroom 5: court list',
    ])
    expect(await page.locator('[data-qa=created] [data-qa=week]').first().textContent()).toBe(
      'Week of 23 March 2026 in the calendar',
    )
    await clerk.step('series-added')

    await clerk.menu('Court calendar')
    expect(await textOf(page.locator('[data-qa=day-2026-03-24]'))).toContain('2pm, courtroom 5')
    await clerk.step('calendar-with-series')
  })

  it('when they add a person and record a DRR, then they check its reviews before every one is planned into a sitting', async () => {
    const { page } = clerk
    await clerk.menu('People')
    expect(await clerk.heading()).toBe('People')
    await clerk.step('people')
    await page.getByLabel('Search by name, CRN or PNC ID').fill(PERSON)
    await clerk.press('Search')
    expect(await textOf(page.locator('[data-qa=no-results]'))).toContain(`No people found for ‘${PERSON}’`)
    await clerk.step('search-no-results')

    await clerk.press('Add a person')
    expect(await clerk.heading()).toBe('Add a person')
    await page.getByLabel('Full name').fill(PERSON)
    await clerk.fillDate('Date of birth', '1995-08-03')
    await page.getByLabel('CRN', { exact: true }).fill('X901234')
    await page.getByLabel('PNC ID (optional)').fill('2013/0678901F')
    await clerk.step('add-person')
    await clerk.press('Save')
    expect(await clerk.banner()).toContain(`${PERSON} added.`)
    expect(await clerk.heading()).toBe(PERSON)
    await clerk.step('person-added')

    await clerk.press('Record an order')
    // Reviews always start at hearings: the form says so instead of asking.
    expect(await textOf(page.locator('[data-qa=reviews-at-hearings]'))).toBe(
      'Reviews start at hearings the person attends. The court can move later reviews to paper at a review hearing that finds progress satisfactory.',
    )
    expect(await page.getByRole('radio', { name: 'At a review hearing' }).count()).toBe(0)
    await page.getByLabel('Court that made the order').selectOption({ label: 'Birmingham Magistrates’ Court' })
    await page.getByRole('radio', { name: 'Community order' }).check()
    await clerk.fillDate('Date the order was made', '2026-03-16')
    await page.getByLabel('Case reference').fill('BHM-901234')
    await page.getByRole('radio', { name: 'Drug rehabilitation requirement (DRR)' }).check()
    await page.getByLabel('Length of the requirement').fill('6')
    await page.getByLabel('Review every').fill('1')
    await page
      .getByRole('group', { name: 'Is the requirement residential?' })
      .getByRole('radio', { name: 'No' })
      .check()
    await page.getByLabel('Treatment provider').selectOption({ label: 'Change Grow Live Birmingham' })
    await page.getByLabel('Responsible officer').selectOption({ label: 'Tom Okafor (West Midlands Probation Service)' })
    await page.getByRole('checkbox', { name: 'The person expressed willingness to comply' }).check()
    await page.getByLabel('Text of the pre-sentence report (optional)').fill('Heroin use since 2019; wants treatment.')
    await clerk.step('record-order')
    await clerk.press('Continue')

    // Nothing is saved yet: the clerk sees the plan first. Each review is due a month after the one
    // before is listed, so the Thursday court's dates drift later through the order.
    expect(await clerk.heading()).toBe('Check the order and its reviews')
    expect(await textOf(page.locator('[data-qa=plan-message]'))).toBe(
      '5 reviews, the last on Thursday 3 September 2026.',
    )
    expect(await clerk.rows(page.locator('[data-qa=planned-reviews]'))).toEqual([
      '1 | 16 April 2026 | 16 April 2026 at 10:15am | 14 April 2026',
      '2 | 16 May 2026 | 21 May 2026 at 10:15am | 19 May 2026',
      '3 | 21 June 2026 | 25 June 2026 at 10:15am | 23 June 2026',
      '4 | 25 July 2026 | 30 July 2026 at 10:15am | 28 July 2026',
      '5 | 30 August 2026 | 3 September 2026 at 10:15am | 1 September 2026',
    ])
    await clerk.step('check-order')
    await clerk.press('Record order')

    expect(await clerk.banner()).toContain('Order recorded: 5 reviews planned (0 need listing)')
    const reviews = await clerk.rows(page.locator('[data-qa=order] table'))
    expect(reviews).toHaveLength(5)
    expect(reviews[0]).toBe(
      'Review 1 of 5 | 16 April 2026 | 16 April 2026 at 10:15am | Scheduled | 14 April 2026 | Not started',
    )
    expect(reviews[4]).toBe(
      'Review 5 of 5 | 30 August 2026 | 3 September 2026 at 10:15am | Scheduled | 1 September 2026 | Not started',
    )
    await clerk.step('order-recorded')
  })

  it('when they move a review with a reason, then it is listed in the new sitting and each later review that changed is named', async () => {
    const { page } = clerk
    await clerk.follow('16 April 2026 at 10:15am')
    expect(await clerk.heading()).toBe('Thursday 16 April 2026, 10am')
    await clerk.step('court-list-16-april')
    expect(await clerk.rows(page.locator('[data-qa=court-list]'))).toEqual([
      expect.stringMatching(/^10am \| Grace Adeyemi X835062/),
      expect.stringMatching(
        new RegExp(
          `^10:15am \\| ${PERSON} X901234 · BHM-901234 \\| Drug rehabilitation \\(DRR\\) \\| 1 of 5 \\| Not started .*Outcome from the day of the hearing$`,
        ),
      ),
    ])

    await clerk.follow(`Move review for ${PERSON}`)
    expect(await clerk.heading()).toBe('Move a review')
    // Only sittings a calendar month or more after the order are offered; the others are explained.
    const offered = await page.getByLabel('Sitting').locator('option').allInnerTexts()
    expect(offered[0]).toBe('Choose a sitting')
    expect(offered[1]).toBe('Tuesday 21 April 2026, 2pm, courtroom 5 — 6 of 6 places free')
    expect(offered).toContain('Tuesday 28 April 2026, 2pm, courtroom 5 — 6 of 6 places free')
    expect(offered.filter(o => /March|\b([1-9]|1[0-6]) April/.test(o))).toEqual([])
    await page.getByText('Why other sittings are not offered').click()
    expect(await page.locator('[data-qa=not-offered] li').allInnerTexts()).toContain(
      'Tuesday 14 April 2026, 2pm, courtroom 5 — 6 of 6 places free: Less than a calendar month after the order ' +
        'was made on Monday 16 March 2026: the earliest is Thursday 16 April 2026',
    )
    await page
      .getByLabel('Sitting')
      .selectOption({ label: 'Tuesday 28 April 2026, 2pm, courtroom 5 — 6 of 6 places free' })
    await page.getByLabel('Reason').fill('Residential assessment on 16 April; the person asked for a later date.')
    await clerk.step('move-review')
    await clerk.press('Move review')

    expect(await clerk.banner()).toContain(`Review for ${PERSON} listed on Tuesday 28 April 2026, 2pm, courtroom 5.`)
    // Each later review is due a month after the one before it is listed: all four move.
    expect(await page.locator('[data-qa=replanned] li').allInnerTexts()).toEqual([
      'Review 2: Thursday 21 May 2026 → Thursday 28 May 2026 (report due 19 May 2026 → 26 May 2026)',
      'Review 3: Thursday 25 June 2026 → Thursday 2 July 2026 (report due 23 June 2026 → 30 June 2026)',
      'Review 4: Thursday 30 July 2026 → Thursday 6 August 2026 (report due 28 July 2026 → 4 August 2026)',
      'Review 5: Thursday 3 September 2026 → Thursday 10 September 2026 (report due 1 September 2026 → 8 September 2026)',
    ])
    await clerk.step('review-moved')

    // The review has left the Thursday list; the person's record shows it on the Tuesday.
    expect(await clerk.rows(page.locator('[data-qa=court-list]'))).toEqual([expect.stringMatching(/Grace Adeyemi/)])
    await clerk.menu('People')
    await clerk.step('people-again')
    await page.getByLabel('Search by name, CRN or PNC ID').fill('X901234')
    await clerk.press('Search')
    expect(await clerk.rows(page.locator('main table'))).toEqual([
      `${PERSON} | 3 August 1995 | X901234 | 2013/0678901F`,
    ])
    await clerk.step('search-by-crn')
    await clerk.follow(PERSON)
    const reviews = await clerk.rows(page.locator('[data-qa=order] table'))
    // Reviews are at least a calendar month apart, each counted from where the one before is listed.
    expect(reviews.slice(0, 2)).toEqual([
      'Review 1 of 5 | 16 April 2026 | 28 April 2026 at 2pm | Scheduled | 24 April 2026 | Not started',
      'Review 2 of 5 | 28 May 2026 | 28 May 2026 at 11am | Scheduled | 26 May 2026 | Not started',
    ])
    await clerk.step('person-after-move')
  })
})
