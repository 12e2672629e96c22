import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { errorSummary, qa, textOf } from '../sittings/sittingWorld'
import { toCurrentUser } from '../../../server/services/authService'
import { BENCH_WORDS, paperHelpers, START } from './paperWorld'

// The page a sentencer decides a paper review on: the report, the provider's views, the tests and the
// earlier review, and when it cannot be decided yet.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

const { sentencerWorld, paperCase, submitReport, outcomeOf } = paperHelpers(() => ctx)

describe('the paper review page', () => {
  it('when the decision page is opened, then it shows the report, the provider’s views, the tests since the last review and the earlier review with the bench’s words, and the view is audited', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    const provider = toCurrentUser(world.providerWorker)
    // One test before the review hearing of 2 March (on the chart only), two since it.
    await ctx.services.providers.addTest(provider, c.person.id, {
      takenOn: '2026-02-20',
      method: 'urine',
      results: { cocaine: 'positive' },
    })
    await ctx.services.providers.addTest(provider, c.person.id, {
      takenOn: '2026-03-12',
      method: 'oral_fluid',
      results: { opiates: 'negative', cocaine: 'negative' },
    })
    await ctx.services.providers.addTest(provider, c.person.id, {
      takenOn: '2026-03-26',
      method: 'urine',
      results: { opiates: 'positive' },
    })
    await ctx.services.providers.saveUpdate(provider, c.paper.id, {
      treatmentView: 'Doing well on a reducing methadone script.',
      engagement: 'Keeps every key-worker session.',
      appointmentsOffered: 6,
      appointmentsKept: 5,
    })
    await submitReport(world, c.paper.id)

    const agent = await signIn(ctx.app, justice.email)
    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(page.status).toBe(200)

    const report = textOf(qa(page.text, 'report'))
    expect(report).toContain('Engaged well in group work.')
    expect(report).toContain('Stable on methadone.')
    expect(report).toContain('Hold the next review on paper')
    expect(qa(page.text, 'no-report')).toBe('')

    const views = textOf(qa(page.text, 'provider-views'))
    expect(views).toContain('Doing well on a reducing methadone script.')
    expect(views).toContain('Keeps every key-worker session.')
    expect(views).toContain('Kept 5 of 6 appointments offered')

    const tests = qa(page.text, 'tests')
    const rows = [...tests.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map(m => textOf(m[1]))
    expect(rows.slice(1)).toHaveLength(2)
    expect(rows.join('\n')).not.toMatch(/20 Feb/)
    expect(rows[1]).toMatch(/12 Mar/)
    expect(rows[2]).toMatch(/26 Mar/)
    expect(rows[2]).toMatch(/positive/i)
    // The chart shows every test on the order, the one before the hearing too.
    expect(qa(tests, 'chart')).toContain('<svg')

    const earlier = textOf(qa(page.text, 'earlier-reviews'))
    expect(earlier).toContain(`The bench’s words: ${BENCH_WORDS}`)
    expect(earlier).toContain(world.magistrate1.name)
    expect(earlier).toContain('Continue, next review on paper')

    expect(textOf(qa(page.text, 'warnings'))).toContain('The progress report was submitted late.')
    const form = qa(page.text, 'decision-form')
    expect(textOf(form)).toContain('Satisfactory: the next review stays on paper')
    expect(textOf(form)).toContain('Not satisfactory: the person must attend a hearing')
    expect(qa(page.text, 'not-decidable')).toBe('')
    expect(qa(page.text, 'bench-notes')).toContain(`href="/reviews/${c.paper.id}/bench-notes"`)

    const viewed = await ctx.services.audit.list({ subjectId: c.paper.id, action: 'view_paper_review' })
    expect(viewed.map(a => a.userId)).toEqual([justice.id])
  })

  it('when the report is not yet submitted, then the page says so, shows no form, and a decision is refused', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    const agent = await signIn(ctx.app, justice.email)

    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(textOf(qa(page.text, 'no-report'))).toContain('No report yet')
    expect(textOf(qa(page.text, 'not-decidable'))).toContain(
      'This review can be decided once the responsible officer’s report is submitted',
    )
    expect(qa(page.text, 'decision-form')).toBe('')
    expect(textOf(qa(page.text, 'warnings'))).toContain('No update from the treatment provider.')

    const res = await submitForm(agent, `/paper-reviews/${c.paper.id}`, { decision: 'yes', comments: 'Fine.' })
    expect(res.status).toBe(303)
    const again = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(errorSummary(again.text)).toEqual([
      '#report: The decision waits for the responsible officer’s written report, with the drug test results and the treatment provider’s views (Sentencing Act 2020 Sch 9 para 21(2)(d)-(e))',
    ])
    expect(await outcomeOf(c.paper.id)).toHaveLength(0)
    expect((await world.reviewsOf(c.requirementId)).find(r => r.id === c.paper.id)!.status).toBe('scheduled')
  })

  it('when the report is in but the review is not yet due, then the page says from when it can be decided and a decision is refused', async () => {
    const { world, justice } = await sentencerWorld()
    const c = await paperCase(world)
    // Tuesday 31 March: the report is in on time, two days before the review.
    ctx.clock.set('2026-03-31T10:00:00Z')
    await submitReport(world, c.paper.id)
    const agent = await signIn(ctx.app, justice.email)

    const page = await agent.get(`/paper-reviews/${c.paper.id}`)
    expect(textOf(qa(page.text, 'report'))).toContain('Engaged well in group work.')
    expect(textOf(qa(page.text, 'not-decidable'))).toBe(
      'This review is due on Thursday 2 April 2026. It can be decided from that day.',
    )
    expect(qa(page.text, 'decision-form')).toBe('')

    await submitForm(agent, `/paper-reviews/${c.paper.id}`, { decision: 'yes', comments: 'Fine.' })
    expect(errorSummary((await agent.get(`/paper-reviews/${c.paper.id}`)).text)).toEqual([
      '#reviewDate: The outcome of this review can be recorded from Thursday 2 April 2026, the day it is heard: nothing has happened yet',
    ])
    expect(await outcomeOf(c.paper.id)).toHaveLength(0)
  })
})
