import { DEMO_USERS, Journey, describeJourney, startWorld, textOf, type E2eWorld } from './support/browserJourney'
import { toCurrentUser } from '../../server/services/authService'
import { addDays } from '../../server/utils/dates'

let world: E2eWorld
let bench: Journey

/** At his March review the bench put Marcus Greene on paper reviews; his officer has reported for the first one. */
async function paperReviewForMarcusGreene(w: E2eWorld) {
  const { services, db } = w.ctx
  const as = async (email: string) => toCurrentUser((await services.repositories.users.findByEmail(email))!)
  const marcus = () =>
    db('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .join('person as p', 'p.id', 'o.person_id')
      .where('p.name', 'Marcus Greene')
      .where('r.status', 'scheduled')
      .orderBy('r.sequence')
      .first('r.id', 'r.mode', 'r.review_date as reviewDate')
  const heard = await marcus()
  await services.outcomes.record(await as('clerk@example.com'), heard.id, {
    attended: true,
    progress: 'satisfactory',
    decision: 'continue_paper',
    benchComments: 'Good progress. Your next reviews will be on paper.',
  })
  const paper = await marcus()
  await services.reports.save(
    await as('probation2@example.com'),
    paper.id,
    {
      attendance: 'Attended every appointment this month.',
      engagement: 'Fully engaged.',
      treatment: 'Reducing methadone as planned.',
      testing: 'All tests negative for illicit drugs.',
      recommendation: 'paper_review',
    },
    { submit: true },
  )
  return paper as { id: string; mode: string; reviewDate: string }
}

describeJourney('a magistrate in the browser', () => {
  beforeAll(async () => {
    world = await startWorld()
    const paper = await paperReviewForMarcusGreene(world)
    // A week before that paper review is due: it is in the magistrate's queue.
    world.ctx.clock.set(`${addDays(paper.reviewDate, -7)}T09:00:00Z`)
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
    // Margaret Bell sits three weeks in four; Arthur Kaur sits on 14 May and 11 June.
    expect(sittings.map(r => r.split(' | ')[0])).toEqual([
      'Thursday 23 April 2026',
      'Thursday 30 April 2026',
      'Thursday 7 May 2026',
      'Thursday 21 May 2026',
      'Thursday 28 May 2026',
      'Thursday 4 June 2026',
      'Thursday 18 June 2026',
      'Thursday 25 June 2026',
      'Thursday 2 July 2026',
    ])
    expect(sittings[0]).toMatch(
      /^Thursday 23 April 2026 \| 10am \| Birmingham Magistrates’ Court, courtroom 3 \| 3 of 8 \|/,
    )
    expect(await textOf(page.locator('[data-qa=queue-count]'))).toBe(
      '1 paper review is waiting for a decision (1 with a report).',
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
      '10am\tJordan Ellis\tX320741\t4 of 11',
      '10:15am\tAisha Rahman\tX418203\t3 of 17',
      '10:30am\tConnor Walsh\tX512388\t2 of 11',
    ])
    expect(await page.locator('[data-qa=pack-case] h1').allInnerTexts()).toEqual([
      'Jordan Ellis 10am',
      'Aisha Rahman 10:15am',
      'Connor Walsh 10:30am',
    ])
    // The bench reads what was said at earlier reviews, and the drug tests drawn as a chart.
    expect(await textOf(page.locator('[data-qa=pack-case]').first().locator('[data-qa=case-timeline]'))).toMatch(
      /Bench: Margaret Bell JP/,
    )
    expect(await page.locator('[data-qa=pack-case] svg').count()).toBeGreaterThanOrEqual(3)
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

  it('when they decide a paper review is not satisfactory without reasons, then they are asked for them', async () => {
    const { page } = bench
    await bench.navigate(() => page.getByRole('link', { name: 'Back' }).click())
    // Back to the court list: the magistrate may keep private notes on each case, and change nothing else.
    expect(await bench.heading()).toBe('Thursday 23 April 2026, 10am')
    expect(await page.locator('[data-qa=bench-notes]').allInnerTexts()).toHaveLength(3)
    expect(await page.locator('[data-qa=move], [data-qa=outcome]').count()).toBe(0)
    await bench.step('court-list')
    await bench.menu('Paper reviews')
    expect(await bench.heading()).toBe('Paper reviews')
    expect(await bench.rows(page.locator('[data-qa=paper-queue]'))).toEqual([
      'Marcus Greene X724455 | Birmingham Magistrates’ Court | Review 3 | Monday 20 April 2026 | Submitted',
    ])
    await bench.step('paper-queue')

    await bench.follow('Marcus Greene')
    expect(await bench.heading()).toBe('Review 3, due Monday 20 April 2026')
    expect(await textOf(page.locator('[data-qa=report]'))).toContain('Recommendation Hold the next review on paper')
    await bench.step('paper-review')

    await page.getByRole('radio', { name: 'Not satisfactory, must attend a hearing' }).check()
    await bench.press('Record decision')
    expect(await textOf(page.locator('.govuk-error-summary'))).toBe(
      'There is a problem Enter why progress is not satisfactory',
    )
    await bench.step('paper-review-errors')
  })

  it('when they give their reasons, then the person is listed for a hearing and the queue is empty', async () => {
    const { page } = bench
    await page.getByLabel('Reasons').fill('Missed two appointments since the last review; he should come to court.')
    await bench.press('Record decision')

    // At least a calendar month after the paper review, at the next sitting with a place.
    expect(await bench.banner()).toContain(
      'Decision recorded: the person must attend. The hearing is listed for Thursday 21 May 2026 at 10:15am, ' +
        'courtroom 3. The responsible officer has been told.',
    )
    expect(await textOf(page.locator('[data-qa=none]'))).toBe('There are no paper reviews waiting for a decision.')
    await bench.step('paper-review-decided')
  })
})
