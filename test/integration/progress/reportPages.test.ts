import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { FULL_REPORT, makeReportWorld, qa, textOf } from './progressWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-20T09:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set('2026-03-20T09:00:00Z'))

const HOSTILE = {
  script: '<script>alert(1)</script>',
  quotes: `He said "no" and 'maybe' & left`,
  emoji: 'Doing well 👍🏽 💊',
  welsh: 'Llŷr Siôn, Aberystwyth',
}

/** "Submit report" on the form, then "Submit report" on the check-your-answers page it leads to. */
async function submitReport(agent: Parameters<typeof submitForm>[0], edit: string, body: Record<string, unknown>) {
  const checking = await submitForm(agent, edit, { ...body, action: 'submit' })
  if (checking.headers.location !== `${edit}/check`) return checking
  return submitForm(agent, `${edit}/check`, {})
}

async function setUp() {
  const w = await makeReportWorld(ctx)
  await w.addSitting('2026-05-05')
  const c = await w.personWithReview('2026-05-05', '2026-04-01')
  return { w, ...c, edit: `/reviews/${c.review.id}/report`, view: `/reviews/${c.review.id}/report/view` }
}

describe('the report pages: who may see them', () => {
  it('when another officer opens, posts or views the report, then each answers 404', async () => {
    const { w, edit, view } = await setUp()
    const other = await w.otherAgent()
    const caseload = await other.get('/caseload')

    const get = await other.get(edit)
    const post = await other
      .post(edit)
      .type('form')
      .send({ ...FULL_REPORT, action: 'submit', _csrf: csrfFrom(caseload.text) })
    const show = await other.get(view)

    expect([get.status, post.status, show.status]).toEqual([404, 404, 404])
    expect(await ctx.db('progress_report')).toEqual([])
  })

  it('when a clerk opens the form, then it is refused (403), but the clerk may read the submitted report', async () => {
    const { w, edit, view } = await setUp()
    const officer = await w.officerAgent()
    await submitReport(officer, edit, { ...FULL_REPORT })
    const clerk = await w.clerkAgent()

    expect((await clerk.get(edit)).status).toBe(403)
    const res = await clerk.get(view)
    expect(res.status).toBe(200)
    expect(textOf(qa(res.text, 'current-report'))).toContain(FULL_REPORT.treatment)
  })

  it('when the officer’s manager opens the report, then they may read it but not open the form', async () => {
    const { w, edit, view } = await setUp()
    await submitReport(await w.officerAgent(), edit, { ...FULL_REPORT })
    const manager = await makeUser(ctx.services, 'probation', { organisationId: w.probationOrg.id, isManager: true })
    const agent = await signIn(ctx.app, manager.email)

    const shown = await agent.get(view)

    expect(shown.status).toBe(200)
    expect(shown.text).not.toContain('data-qa="edit-report"')
    expect((await agent.get(edit)).status).toBe(404)
  })
})

describe('the report form', () => {
  it('when the officer submits it with sections missing, then the errors are named, linked, and the typed answers kept', async () => {
    const { w, review, edit } = await setUp()
    const officer = await w.officerAgent()

    const res = await submitForm(officer, edit, {
      attendance: 'Attended most',
      newOffending: HOSTILE.welsh,
      recommendation: 'amend',
      appointmentsOffered: 'lots',
      action: 'submit',
    })
    const page = await officer.get(edit)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(edit)
    const summary = qa(page.text, 'error-summary') || page.text
    for (const href of ['#engagement', '#treatment', '#testing', '#proposedAmendment', '#appointmentsOffered'])
      expect(summary).toContain(`href="${href}"`)
    expect(textOf(page.text)).toContain('Enter how they have engaged')
    expect(textOf(page.text)).toContain('Appointments offered must be a number')
    expect(page.text).toContain('>Attended most</textarea>')
    expect(textOf(page.text)).toContain(HOSTILE.welsh)
    expect(page.text).toMatch(/value="amend"[^>]*checked/)
    expect(await ctx.db('progress_report').where({ review_id: review.id })).toEqual([])
  })

  it('when hostile text is saved and submitted, then it is stored whole and shown escaped on the form and the view', async () => {
    const { w, review, edit, view } = await setUp()
    const officer = await w.officerAgent()
    const long = 'x'.repeat(9990) + 'END.'.repeat(2) + 'zz'
    const body = {
      attendance: HOSTILE.script,
      engagement: HOSTILE.quotes,
      treatment: HOSTILE.emoji,
      testing: long,
      newOffending: HOSTILE.welsh,
      recommendation: 'amend',
      proposedAmendment: `${HOSTILE.script}\n${HOSTILE.welsh}`,
    }

    await submitForm(officer, edit, { ...body, action: 'draft' })
    const form = await officer.get(edit)
    await submitReport(officer, edit, { ...body })
    const shown = await (await w.clerkAgent()).get(view)
    const row = await ctx.db('progress_report').where({ review_id: review.id }).first()

    expect(long).toHaveLength(10000)
    expect(row).toEqual(
      expect.objectContaining({
        attendance: HOSTILE.script,
        engagement: HOSTILE.quotes,
        treatment: HOSTILE.emoji,
        testing: long,
        new_offending: HOSTILE.welsh,
        proposed_amendment: `${HOSTILE.script}\n${HOSTILE.welsh}`,
        status: 'submitted',
      }),
    )
    for (const html of [form.text, shown.text]) {
      expect(html).not.toContain('<script>alert(1)</script>')
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(textOf(html)).toContain(HOSTILE.quotes)
      expect(textOf(html)).toContain(HOSTILE.emoji)
      expect(textOf(html)).toContain(HOSTILE.welsh)
      expect(html).toContain(long)
    }
  })

  it('when a section is over 10,000 characters, then it is refused, naming the section', async () => {
    const { w, review, edit } = await setUp()
    const officer = await w.officerAgent()

    await submitForm(officer, edit, { ...FULL_REPORT, engagement: 'y'.repeat(10001), action: 'draft' })
    const page = await officer.get(edit)

    expect(textOf(page.text)).toContain('Engagement must be 10,000 characters or fewer')
    expect(page.text).toContain('href="#engagement"')
    expect(await ctx.db('progress_report').where({ review_id: review.id })).toEqual([])
  })

  it('when the provider has sent views and tests were taken, then they are shown beside the form and fill blank appointments', async () => {
    const { w, person, review, edit } = await setUp()
    await w.providerUpdate(review.id, {
      treatmentView: 'Provider says: <b>good</b> progress',
      appointmentsOffered: 8,
      appointmentsKept: 6,
    })
    await w.drugTest(person.id, '2026-04-10', { opiates: 'negative', cocaine: 'positive' })
    await w.drugTest(person.id, '2026-03-01', { opiates: 'positive' })
    await w.drugTest(person.id, '2026-05-20', { cannabis: 'positive' })
    const officer = await w.officerAgent()

    const page = await officer.get(edit)
    await submitForm(officer, edit, { ...FULL_REPORT, appointmentsOffered: '', appointmentsKept: '', action: 'draft' })
    const row = await ctx.db('progress_report').where({ review_id: review.id }).first()
    await submitReport(officer, edit, { ...FULL_REPORT })
    const shown = await (await w.clerkAgent()).get(`/reviews/${review.id}/report/view`)

    expect(textOf(qa(shown.text, 'provider-update'))).toContain('Provider says: <b>good</b> progress')
    expect(textOf(qa(shown.text, 'provider-update'))).toContain('their own words')
    expect(textOf(qa(page.text, 'provider-update'))).toContain('Provider says: <b>good</b> progress')
    expect(page.text).not.toContain('<b>good</b>')
    const tests = textOf(qa(page.text, 'drug-tests'))
    expect(tests).toContain('Friday 10 April 2026')
    expect(tests).toContain('Cocaine positive')
    expect(tests).not.toContain('1 March 2026')
    expect(tests).not.toContain('20 May 2026')
    expect(page.text).toMatch(/name="appointmentsOffered"[^>]*value="8"|value="8"[^>]*name="appointmentsOffered"/)
    expect([row.appointments_offered, row.appointments_kept].map(Number)).toEqual([8, 6])
  })
})

describe('versions, amended and late', () => {
  it('when a submitted report is changed and submitted again late, then the view shows amended, late and both versions', async () => {
    const { w, edit, view } = await setUp()
    ctx.clock.set('2026-04-30T20:00:00Z')
    let officer = await w.officerAgent()
    await submitReport(officer, edit, { ...FULL_REPORT })
    ctx.clock.set('2026-05-01T09:30:00Z')
    officer = await w.officerAgent()

    const res = await submitReport(officer, edit, { ...FULL_REPORT, testing: 'One positive for cocaine.' })
    const page = await (await w.clerkAgent()).get(view)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(view)
    const tags = textOf(qa(page.text, 'report-tags'))
    expect(tags).toContain('Amended')
    expect(tags).not.toContain('Late')
    expect(textOf(qa(page.text, 'current-report'))).toContain('One positive for cocaine.')
    expect(textOf(qa(page.text, 'version-2'))).toContain('Version 2, submitted 1 May 2026 at 10:30am (late)')
    expect(textOf(qa(page.text, 'version-1'))).toContain('Version 1, submitted 30 April 2026 at 9pm')
    expect(textOf(qa(page.text, 'version-1'))).toContain(FULL_REPORT.testing)
  })

  it('when the officer saves a draft over a submitted report, then the court still sees the submitted version', async () => {
    const { w, edit, view } = await setUp()
    const officer = await w.officerAgent()
    await submitReport(officer, edit, { ...FULL_REPORT })

    await submitForm(officer, edit, { ...FULL_REPORT, treatment: 'Unsent second thoughts', action: 'draft' })
    const mine = await officer.get(view)
    const clerks = await (await w.clerkAgent()).get(view)

    expect(textOf(mine.text)).toContain('You have changes that are not submitted.')
    expect(textOf(qa(clerks.text, 'current-report'))).toContain(FULL_REPORT.treatment)
    expect(clerks.text).not.toContain('Unsent second thoughts')
    expect(textOf(qa(clerks.text, 'report-tags'))).toContain('Submitted')
    expect(textOf(qa(clerks.text, 'report-tags'))).not.toContain('Amended')
  })

  it('when a first report is submitted after the due time, then the view is tagged late', async () => {
    const { w, edit, view } = await setUp()
    ctx.clock.set('2026-05-01T08:00:00Z')
    const officer = await w.officerAgent()

    await submitForm(officer, edit, { ...FULL_REPORT, action: 'draft' })
    const draftView = await officer.get(view)
    await submitReport(officer, edit, { ...FULL_REPORT })
    const page = await officer.get(view)

    expect(textOf(qa(draftView.text, 'not-submitted'))).toContain('A draft has been started but not submitted.')
    expect(textOf(qa(page.text, 'report-tags'))).toContain('Late')
    expect(textOf(qa(page.text, 'report-tags'))).not.toContain('Amended')
  })
})

describe('My caseload', () => {
  it('when reports are overdue, due and submitted, then overdue rows come first, then by due date, only my cases', async () => {
    const w = await makeReportWorld(ctx)
    for (const date of ['2026-04-14', '2026-04-21', '2026-04-28']) await w.addSitting(date, { capacity: 1 })
    // Listed in turn: 14 April (due Friday 10 April), 21 April (due 17 April), 28 April (due 24 April).
    const later = await w.personWithReview('2026-04-14', '2026-03-10')
    const mid = await w.personWithReview('2026-04-21', '2026-03-17')
    const last = await w.personWithReview('2026-04-28', '2026-03-20')
    ctx.clock.set('2026-04-13T09:00:00Z')
    const officer = await w.officerAgent()
    await submitReport(officer, `/reviews/${mid.review.id}/report`, { ...FULL_REPORT })
    await submitForm(officer, `/reviews/${last.review.id}/report`, { ...FULL_REPORT, action: 'draft' })

    const page = await officer.get('/caseload')
    const other = await (await w.otherAgent()).get('/caseload')

    expect(page.status).toBe(200)
    const order = [...page.text.matchAll(/data-qa="case-([^"]+)"/g)].map(m => m[1])
    expect(order).toEqual([later.review.id, mid.review.id, last.review.id])
    expect(textOf(qa(page.text, `case-${later.review.id}`))).toContain('Late')
    expect(textOf(qa(page.text, `case-${later.review.id}`))).toContain('overdue')
    expect(textOf(qa(page.text, `case-${mid.review.id}`))).toContain('Submitted')
    expect(textOf(qa(page.text, `case-${last.review.id}`))).toContain('Draft')
    expect(textOf(qa(page.text, `case-${last.review.id}`))).toContain('24 April 2026 at 11:59pm')
    expect(other.text).not.toContain(later.review.id)
    expect(textOf(qa(other.text, 'empty'))).toContain('You are not the responsible officer')
  })
})
