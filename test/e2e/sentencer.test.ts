import { DEMO_USERS, Journey, describeJourney, startWorld, textOf, type E2eWorld } from './support/browserJourney'

let world: E2eWorld
let bench: Journey

const PAPER = 'Not satisfactory: the person must attend a hearing'

describeJourney('a magistrate in the browser', () => {
  beforeAll(async () => {
    // The demo data as it stands on DEMO_NOW: Leah Morgan's first hearing found her progress satisfactory,
    // so her second review (due Thursday 12 March) is on paper, and her officer has reported for it.
    world = await startWorld()
    bench = await Journey.open(world, 'sentencer')
  })

  afterAll(async () => {
    await bench?.close()
    await world?.close()
  })

  it('when the magistrate signs in, then they see the sittings they sit on and the paper reviews waiting', async () => {
    await bench.signIn(DEMO_USERS.sentencer, world.ctx.config.demoPassword)
    const { page } = bench

    expect(await bench.heading()).toBe('My sittings')
    const sittings = await bench.rows(page.locator('[data-qa=my-sittings]'))
    // The next three months. Margaret Bell sits three weeks in four; Arthur Kaur sits on 19 March,
    // 16 April and 14 May.
    expect(sittings.map(r => r.split(' | ')[0])).toEqual([
      'Thursday 26 March 2026',
      'Thursday 2 April 2026',
      'Thursday 9 April 2026',
      'Thursday 23 April 2026',
      'Thursday 30 April 2026',
      'Thursday 7 May 2026',
      'Thursday 21 May 2026',
      'Thursday 28 May 2026',
      'Thursday 4 June 2026',
    ])
    expect(sittings[3]).toMatch(
      /^Thursday 23 April 2026 \| 10am \| Birmingham Magistrates’ Court, courtroom 3 \| 4 of 8 \|/,
    )
    // Her queue is not empty on first sign-in.
    expect(await textOf(page.locator('[data-qa=queue-count]'))).toBe(
      '1 paper review is waiting for a decision (1 with a report).',
    )
    expect(await textOf(page.locator('[data-qa=paper-summary]'))).toContain(
      'Leah Morgan, Review 2, due Thursday 12 March 2026',
    )
    await bench.step('my-sittings')
  })

  it('when they open the hearing pack, then it has the cover list and a section for each case', async () => {
    const { page } = bench
    await bench.follow('Hearing pack for Thursday 23 April 2026')

    expect(await page.title()).toMatch(/^Hearing pack: Birmingham Magistrates’ Court, 23 April 2026, courtroom 3/)
    expect(await textOf(page.locator('[data-qa=pack-header]'))).toContain('OFFICIAL-SENSITIVE')
    expect(await textOf(page.locator('[data-qa=cover-bench]'))).toBe('Margaret Bell JP')
    expect(await page.locator('[data-qa=cover-list] tbody tr').allInnerTexts()).toEqual([
      '10am\tJordan Ellis\tX320741\t4 of 10\tNone recorded',
      '10:15am\tAisha Rahman\tX418203\t3 of 16\tNone recorded',
      '10:30am\tConnor Walsh\tX512388\t2 of 10\tNone recorded',
      '10:45am\tMarcus Greene\tX724455\t3 of 10\tNone recorded',
    ])
    expect(await page.locator('[data-qa=pack-case] h1').allInnerTexts()).toEqual([
      'Jordan Ellis 10am',
      'Aisha Rahman 10:15am',
      'Connor Walsh 10:30am',
      'Marcus Greene 10:45am',
    ])
    // The bench reads what was said at earlier reviews, with who sat, and the drug tests drawn as a chart.
    const timeline = await textOf(page.locator('[data-qa=pack-case]').first().locator('[data-qa=case-timeline]'))
    expect(timeline).toMatch(/15 January 2026 · Held · Bench: Margaret Bell JP/)
    expect(timeline).toMatch(/19 February 2026 · Held · Bench: Arthur Kaur JP/)
    expect(await page.locator('[data-qa=pack-case] svg').count()).toBeGreaterThanOrEqual(4)
    await bench.step('hearing-pack')
  })

  it('when they print the pack as PDF, then a real PDF comes back', async () => {
    const { page } = bench
    const href = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')
    // The browser's own request context: the magistrate's session cookie goes with it.
    const res = await page.request.get(href!)

    expect(res.status()).toBe(200)
    expect(res.headers()['content-type']).toBe('application/pdf')
    expect(res.headers()['content-disposition']).toMatch(/^inline; filename="hearing-pack-2026-04-23-.*\.pdf"$/)
    const pdf = await res.body()
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(10000)
  })

  it('when they open a paper review, then the report, the provider’s views, the tests and earlier reviews are on one page', async () => {
    const { page } = bench
    await bench.navigate(() => page.getByRole('link', { name: 'Back' }).click())
    // Back to the court list: the magistrate may keep private notes on each case, and change nothing else.
    expect(await bench.heading()).toBe('Thursday 23 April 2026, 10am')
    expect(await page.locator('[data-qa=bench-notes]').allInnerTexts()).toHaveLength(4)
    expect(await page.locator('[data-qa=move], [data-qa=outcome], [data-qa=outcome-later]').count()).toBe(0)
    await bench.step('court-list')
    await bench.menu('Paper reviews')
    expect(await bench.heading()).toBe('Paper reviews')
    expect(await bench.rows(page.locator('[data-qa=paper-queue]'))).toEqual([
      'Leah Morgan X946173 | Birmingham Magistrates’ Court | Review 2 | Thursday 12 March 2026 | Submitted late',
    ])
    await bench.step('paper-queue')

    await bench.follow('Leah Morgan')
    expect(await bench.heading()).toBe('Review 2, without a hearing')
    const report = await textOf(page.locator('[data-qa=report]'))
    expect(report).toMatch(/^Version 1, submitted 16 March 2026 at 10am by Tom Okafor \(late\)/)
    expect(report).toContain('Recommendation Continue the order as it is')
    const provider = await textOf(page.locator('[data-qa=provider-views]'))
    expect(provider).toContain('Provider Change Grow Live Birmingham')
    expect(provider).toContain('Engaging with treatment; methadone dose stable.')
    // The tests since her last review, as a table, and every test on the order as a chart.
    expect(await textOf(page.locator('main h2', { hasText: 'Drug tests' }))).toBe(
      'Drug tests since the last review on 12 February 2026',
    )
    expect(await bench.rows(page.locator('[data-qa=tests] table'))).toEqual([
      '22 February 2026 | Oral fluid | Opiates: Positive; Cocaine: Negative; Methadone: Positive (prescribed)',
      '8 March 2026 | Urine | Opiates: Negative; Cocaine: Negative; Methadone: Positive (prescribed)',
    ])
    expect(await page.locator('[data-qa=chart] svg').count()).toBe(1)
    const earlier = await textOf(page.locator('[data-qa=earlier-reviews]'))
    expect(earlier).toMatch(/^Held: Continue, next review on paper by Margaret Bell JP 12 February 2026/)
    expect(earlier).toContain('Progress: Satisfactory. Attended: Yes.')
    // Which hearing she must attend is asked only once "not satisfactory" is chosen.
    expect(await page.getByRole('group', { name: 'Which hearing must they attend?' }).isVisible()).toBe(false)
    await bench.step('paper-review')
  })

  it('when they find progress not satisfactory without choosing a hearing or giving reasons, then they are asked for both', async () => {
    const { page } = bench
    await page.getByRole('radio', { name: PAPER }).check()
    expect(await page.getByRole('group', { name: 'Which hearing must they attend?' }).isVisible()).toBe(true)
    await bench.step('paper-review-not-satisfactory')
    await bench.press('Record decision')

    expect(await page.title()).toMatch(/^Error: Paper review: Leah Morgan/)
    const errors = await page.locator('.govuk-error-summary li').allInnerTexts()
    expect(errors).toHaveLength(2)
    expect(errors).toEqual(
      expect.arrayContaining(['Choose the sitting the person must attend', 'Enter why progress is not satisfactory']),
    )
    // The answer is kept, and the hearings offered stay open.
    expect(await page.getByRole('radio', { name: PAPER }).isChecked()).toBe(true)
    const hearings = page.getByRole('group', { name: 'Which hearing must they attend?' })
    expect(await hearings.isVisible()).toBe(true)
    expect(await hearings.getByRole('radio').first().getAttribute('aria-describedby')).toBeTruthy()
    await bench.step('paper-review-errors')
  })

  it('when they choose the hearing and give reasons, then she is listed there and the queue is empty', async () => {
    const { page } = bench
    const hearings = page.getByRole('group', { name: 'Which hearing must they attend?' })
    // The court's sittings with a place, from today: the one-month gap does not apply to this hearing.
    expect(await hearings.getByRole('radio').first().getAttribute('id')).toBe('attendSittingId')
    expect(await textOf(hearings.locator('.govuk-radios__item').first())).toBe(
      'Thursday 19 March 2026, 10am, courtroom 3 4 of 8 places free',
    )
    await hearings.getByRole('radio', { name: 'Thursday 26 March 2026, 10am, courtroom 3' }).check()
    await page
      .getByLabel('Reasons')
      .fill('A positive test for opiates since the last review; she should come to court.')
    await bench.step('paper-review-hearing-chosen')
    await bench.press('Record decision')

    expect(await bench.banner()).toContain(
      'Decision recorded: the person must attend a hearing on Thursday 26 March 2026 at 10:15am, courtroom 3. ' +
        'Later reviews are at hearings. The responsible officer and the court’s clerks have been told.',
    )
    expect(await textOf(page.locator('[data-qa=none]'))).toBe('There are no paper reviews waiting for a decision.')
    await bench.step('paper-review-decided')

    // She is on the list of the sitting the magistrate sits on that day.
    await bench.menu('My sittings')
    expect(await textOf(page.locator('[data-qa=queue-count]'))).toBe('No paper reviews are waiting for a decision.')
    await bench.step('my-sittings-after')
    await bench.follow('Court list for Thursday 26 March 2026')
    expect(await bench.heading()).toBe('Thursday 26 March 2026, 10am')
    expect(await bench.rows(page.locator('[data-qa=court-list]'))).toEqual([
      expect.stringMatching(/^10am \| Siân Pritchard X603917/),
      // Her third review is now this hearing; her officer has a report to write for it.
      expect.stringMatching(
        /^10:15am \| Leah Morgan X946173 · BHM-946173 \| Drug rehabilitation \(DRR\) \| 3 of 11 \| Not started/,
      ),
    ])
    await bench.step('court-list-26-march')
  })
})
