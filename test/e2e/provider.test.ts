import fs from 'node:fs'
import { DEMO_USERS, Journey, describeJourney, startWorld, textOf, type E2eWorld } from './support/browserJourney'

let world: E2eWorld
let worker: Journey

/** The links of a test the worker recorded (each says which test to a screen reader). */
const actions = (date: string) =>
  `History of the test on ${date} Correct the test on ${date} Withdraw the test on ${date}`

describeJourney('a treatment provider in the browser', () => {
  beforeAll(async () => {
    world = await startWorld()
    worker = await Journey.open(world, 'provider')
  })

  afterAll(async () => {
    await worker?.close()
    await world?.close()
  })

  it('when the provider signs in, then they see only their organisation’s clients with each next review', async () => {
    await worker.signIn(DEMO_USERS.provider, world.ctx.config.demoPassword)

    expect(await worker.heading()).toBe('My clients')
    const clients = await worker.rows(worker.page.locator('main table'))
    // Connor Walsh and Marcus Greene are Aquarius Recovery Services' clients, so not listed. Leah Morgan's
    // next review, on paper, was due last week and is still waiting for the magistrate: she comes first.
    expect(clients.map(c => c.split(' | ').slice(0, 3).join(' | '))).toEqual([
      'Leah Morgan X946173 | Thursday 12 March 2026 | Tuesday 10 March 2026',
      'Aisha Rahman X418203 | Thursday 19 March 2026 | Tuesday 17 March 2026',
      'Jordan Ellis X320741 | Thursday 19 March 2026 | Tuesday 17 March 2026',
      'Siân Pritchard X603917 | Thursday 26 March 2026 | Tuesday 24 March 2026',
      'Grace Adeyemi X835062 | Thursday 16 April 2026 | Tuesday 14 April 2026',
    ])
    await worker.step('clients')
  })

  it('when they add a drug test, then it is listed against the person', async () => {
    const { page } = worker
    await worker.follow('Drug tests for Grace Adeyemi')
    expect(await textOf(page.locator('[data-qa=no-tests]'))).toBe('No drug tests recorded.')
    await worker.step('tests-none')

    await worker.press('Add a test')
    expect(await worker.heading()).toBe('Add a drug test')
    await worker.fillDate('Date taken', '2026-03-16')
    await page.getByRole('radio', { name: 'Urine' }).check()
    await page.getByLabel('Opiates').selectOption({ label: 'Negative' })
    await page.getByLabel('Cocaine').selectOption({ label: 'Positive' })
    await page.getByLabel('Methadone').selectOption({ label: 'Positive (prescribed)' })
    await worker.step('add-test')
    await worker.press('Save test')

    expect(await worker.banner()).toContain('Drug test added.')
    expect(await worker.rows(page.locator('main table'))).toEqual([
      'Monday 16 March 2026 | Urine | Opiates: Negative Cocaine: Positive Methadone: Positive (prescribed) | ' +
        actions('Monday 16 March 2026'),
    ])
    await worker.step('test-added')
  })

  it('when they upload a CSV, then every row is checked and shown before the accepted ones are stored', async () => {
    const { page } = worker
    await worker.menu('My clients')
    await worker.step('clients-again')
    await worker.follow('Upload drug tests from a spreadsheet')
    expect(await worker.heading()).toBe('Upload drug tests')
    await worker.step('upload')

    // The file is made the way a provider would: from the template the page offers.
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'template (CSV)' }).click()
    // The template's first row names the columns; the example rows under it are left out of this file.
    const header = fs.readFileSync(await (await download).path(), 'utf8').split(/\r?\n/)[0]
    const columns = header.split(',')
    const row = (cells: Record<string, string>) => columns.map(c => cells[c] ?? '').join(',')
    const csv = [
      header,
      row({ crn: 'X320741', taken_on: '2026-03-12', method: 'urine', opiates: 'negative', cocaine: 'negative' }),
      row({
        crn: 'X835062',
        taken_on: '2026-03-13',
        method: 'oral_fluid',
        opiates: 'negative',
        methadone: 'positive_prescribed',
      }),
      // Connor Walsh is another provider's client: refused, and not even named.
      row({ crn: 'X512388', taken_on: '2026-03-13', method: 'urine', opiates: 'negative' }),
    ].join('\r\n')
    await page.getByLabel('CSV file').setInputFiles({
      name: 'march-tests.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv}\r\n`),
    })
    await worker.press('Check the file')

    expect(await textOf(page.locator('[data-qa=upload-counts]'))).toMatch(/^2 accepted, 1 rejected\./)
    expect(await worker.rows(page.locator('[data-qa=rejected-table]'))).toEqual(['4 | X512388 | Unknown CRN'])
    expect(await worker.rows(page.locator('[data-qa=accepted-table]'))).toEqual([
      '2 | Jordan Ellis X320741 | Thursday 12 March 2026 | Urine | Opiates: Negative Cocaine: Negative',
      '3 | Grace Adeyemi X835062 | Friday 13 March 2026 | Oral fluid | Opiates: Negative Methadone: Positive (prescribed)',
    ])
    await worker.step('upload-preview')

    await worker.press('Store 2 accepted tests')
    expect(await textOf(page.locator('[data-qa=flash]'))).toBe('Upload complete 2 drug tests stored.')
    await worker.step('upload-stored')

    await worker.menu('My clients')
    await worker.step('clients-after-upload')
    await worker.follow('Drug tests for Grace Adeyemi')
    expect(await worker.rows(page.locator('main table'))).toEqual([
      'Monday 16 March 2026 | Urine | Opiates: Negative Cocaine: Positive Methadone: Positive (prescribed) | ' +
        actions('Monday 16 March 2026'),
      'Friday 13 March 2026 | Oral fluid Uploaded | Opiates: Negative Methadone: Positive (prescribed) | ' +
        actions('Friday 13 March 2026'),
    ])
    await worker.step('tests-after-upload')
  })

  it('when they correct a test and withdraw another, each with a reason, then the list and the test’s history say so', async () => {
    const { page } = worker
    await worker.follow('Correct the test on Friday 13 March 2026')
    expect(await worker.heading()).toBe('Correct a drug test')
    await worker.step('correct-test')
    await page.getByLabel('Opiates').selectOption({ label: 'Positive' })
    await worker.press('Save correction')
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Enter the reason for the correction')
    await worker.step('correct-test-error')
    await page.getByLabel('Reason for the correction').fill('The laboratory confirmation was positive for opiates.')
    await worker.press('Save correction')
    expect(await worker.banner()).toContain('Drug test corrected.')
    expect(await textOf(page.locator('[data-qa=test-revision]'))).toContain(
      'The laboratory confirmation was positive for opiates.',
    )
    await worker.step('test-corrected')

    await worker.follow('Back to the drug tests')
    await worker.step('tests-after-correction')
    await worker.follow('Withdraw the test on Monday 16 March 2026')
    expect(await worker.heading()).toBe('Withdraw a drug test')
    await worker.step('withdraw-test')
    await page.getByLabel('Reason for withdrawing the test').fill('Recorded against the wrong person.')
    await worker.press('Withdraw test')
    expect(await worker.banner()).toContain('Drug test withdrawn.')
    expect(await worker.rows(page.locator('main table'))).toEqual([
      'Monday 16 March 2026 | Urine | Withdrawn | History of the test on Monday 16 March 2026',
      'Friday 13 March 2026 | Oral fluid Uploaded | Opiates: Positive Methadone: Positive (prescribed) Corrected | ' +
        actions('Friday 13 March 2026'),
    ])
    await worker.step('test-withdrawn')
  })

  it('when they open the codes for the CSV from the upload page, then every method and result is listed with its words', async () => {
    const { page } = worker
    await worker.menu('My clients')
    await worker.step('clients-before-codes')
    await worker.follow('Upload drug tests from a spreadsheet')
    await worker.step('upload-before-codes')
    await worker.follow('codes for each column')
    expect(await worker.heading()).toBe('Codes for the drug test file')
    expect(await worker.rows(page.locator('[data-qa=methods-table] table'))).toContain(
      'breath | Breath | For alcohol only',
    )
    await worker.step('csv-codes')
  })
})
