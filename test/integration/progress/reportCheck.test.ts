import { createTestContext, csrfFrom, submitForm, type TestContext } from '../../support/testApp'
import { FULL_REPORT, makeReportWorld, qa, textOf } from './progressWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-20T09:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

async function setUp() {
  const w = await makeReportWorld(ctx)
  await w.addSitting('2026-05-05')
  const c = await w.personWithReview('2026-05-05', '2026-04-01')
  const edit = `/reviews/${c.review.id}/report`
  return { w, ...c, edit, check: `${edit}/check`, view: `${edit}/view`, officer: await w.officerAgent() }
}

const reportRows = (reviewId: string) => ctx.db('progress_report').where({ review_id: reviewId })
const versionRows = (reviewId: string) =>
  ctx
    .db('progress_report_version')
    .whereIn('report_id', ctx.db('progress_report').where({ review_id: reviewId }).select('id'))

const formIdFrom = (html: string) => /name="_formId" value="([^"]+)"/.exec(html)?.[1]

describe('the report form: buttons, reveal and character count', () => {
  it('when the officer opens the form, then "Submit report" comes first, the amendment is revealed under "Amend the order", and each text box counts to 10,000', async () => {
    const { officer, edit } = await setUp()

    const page = await officer.get(edit)

    const buttons = [...page.text.matchAll(/<button[^>]*value="(submit|draft)"[^>]*class="govuk-button([^"]*)"/g)]
    expect(buttons.map(b => [b[1], b[2].includes('govuk-button--secondary')])).toEqual([
      ['submit', false],
      ['draft', true],
    ])
    // GOV.UK conditional reveal: tied to its radio, hidden only once JavaScript runs (the CSS needs it).
    expect(page.text).toMatch(/value="amend"[^>]*data-aria-controls="conditional-recommendation-2"/)
    const reveal =
      /<div class="govuk-radios__conditional([^"]*)" id="conditional-recommendation-2">([\s\S]*?)<\/textarea>/.exec(
        page.text,
      )
    expect(reveal?.[1]).toBe(' govuk-radios__conditional--hidden')
    expect(reveal?.[2]).toContain('name="proposedAmendment"')
    for (const field of ['attendance', 'engagement', 'treatment', 'testing', 'newOffending', 'proposedAmendment']) {
      expect(page.text).toMatch(
        new RegExp(`data-module="govuk-character-count" data-maxlength="10000">[\\s\\S]*?name="${field}"`),
      )
      expect(textOf(qa(page.text, 'report-form'))).toContain('You can enter up to 10,000 characters')
    }
  })

  it('when a section is over the limit, then the error names it and the count stays, and the reveal is open when amend was chosen', async () => {
    const { officer, edit, review } = await setUp()

    await submitForm(officer, edit, {
      ...FULL_REPORT,
      recommendation: 'amend',
      proposedAmendment: 'p'.repeat(10001),
      action: 'submit',
    })
    const page = await officer.get(edit)

    expect(textOf(qa(page.text, 'error-summary') || page.text)).toContain(
      'Proposed amendment must be 10,000 characters or fewer',
    )
    expect(page.text).toContain('href="#proposedAmendment"')
    expect(page.text).toMatch(/class="govuk-radios__conditional" id="conditional-recommendation-2"/)
    expect(page.text).toMatch(
      /aria-describedby="proposedAmendment-info proposedAmendment-hint proposedAmendment-error"/,
    )
    expect(await reportRows(review.id)).toEqual([])
  })
})

describe('check your answers before a report is submitted', () => {
  it('when the officer presses Submit report, then nothing is stored: the answers are shown back to check, each with a Change link', async () => {
    const { officer, edit, check, review } = await setUp()

    const res = await submitForm(officer, edit, { ...FULL_REPORT, newOffending: '<b>None</b>', action: 'submit' })
    const page = await officer.get(check)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(check)
    expect(await reportRows(review.id)).toEqual([])
    expect(page.status).toBe(200)
    const answers = qa(page.text, 'check-answers')
    expect(textOf(answers)).toContain(`Treatment ${FULL_REPORT.treatment}`)
    expect(textOf(answers)).toContain('New offending <b>None</b>')
    expect(answers).not.toContain('<b>None</b>')
    expect(textOf(answers)).toContain('Recommendation Continue the order as it is')
    expect(answers).toContain(`href="${edit}#treatment"`)
    expect(textOf(answers)).toContain('Change treatment')
    expect(textOf(page.text)).toContain('Now submit your report')
  })

  it('when the officer follows Change, then the form shows every answer as typed, and checking again shows the change', async () => {
    const { officer, edit, check, review } = await setUp()
    await submitForm(officer, edit, {
      ...FULL_REPORT,
      recommendation: 'amend',
      proposedAmendment: 'Reduce testing to fortnightly',
      appointmentsOffered: '9',
      action: 'submit',
    })

    const form = await officer.get(edit)
    await submitForm(officer, edit, {
      ...FULL_REPORT,
      recommendation: 'amend',
      proposedAmendment: 'Reduce testing to monthly',
      appointmentsOffered: '9',
      action: 'submit',
    })
    const page = await officer.get(check)

    expect(form.text).toContain(`>${FULL_REPORT.attendance}</textarea>`)
    expect(form.text).toContain('>Reduce testing to fortnightly</textarea>')
    expect(form.text).toMatch(/value="amend"[^>]*checked/)
    expect(form.text).toMatch(/name="appointmentsOffered"[^>]*value="9"/)
    expect(textOf(qa(page.text, 'check-answers'))).toContain('Proposed amendment Reduce testing to monthly')
    expect(await reportRows(review.id)).toEqual([])
  })

  it('when the officer confirms, then the report is submitted once; a second confirm (a double click, another tab) stores nothing more', async () => {
    const { officer, check, edit, view, review } = await setUp()
    await submitForm(officer, edit, { ...FULL_REPORT, action: 'submit' })
    const page = await officer.get(check)
    const body = { _csrf: csrfFrom(page.text), _formId: formIdFrom(page.text) }

    const first = await officer.post(check).type('form').send(body)
    const again = await officer.post(check).type('form').send(body)
    const fresh = await officer
      .post(check)
      .type('form')
      .send({ ...body, _formId: undefined })
    const shown = await officer.get(view)

    expect([first.status, again.status, fresh.status]).toEqual([303, 303, 303])
    expect([first.headers.location, again.headers.location, fresh.headers.location]).toEqual([view, view, view])
    expect(await versionRows(review.id)).toHaveLength(1)
    expect((await reportRows(review.id))[0]).toEqual(
      expect.objectContaining({ status: 'submitted', treatment: FULL_REPORT.treatment }),
    )
    expect(textOf(shown.text)).toContain('Report submitted to the court.')
    // The answers were used: the check page now has nothing to show, and sends the officer to the form.
    expect((await officer.get(check)).headers.location).toBe(edit)
  })

  it('when the officer saves a draft, then it is stored without checking, and no check is left waiting', async () => {
    const { officer, edit, check, review } = await setUp()
    await submitForm(officer, edit, { ...FULL_REPORT, action: 'submit' })

    const saved = await submitForm(officer, edit, { ...FULL_REPORT, treatment: 'Second thoughts', action: 'draft' })
    const form = await officer.get(edit)

    expect(saved.headers.location).toBe(edit)
    expect((await reportRows(review.id))[0]).toEqual(
      expect.objectContaining({ status: 'draft', treatment: 'Second thoughts' }),
    )
    expect(form.text).toContain('>Second thoughts</textarea>')
    expect((await officer.get(check)).headers.location).toBe(edit)
  })

  it('when another officer posts a confirmation for the review, then it is a 404 and nothing is stored', async () => {
    const { w, check, review } = await setUp()
    const other = await w.otherAgent()
    const caseload = await other.get('/caseload')

    const res = await other
      .post(check)
      .type('form')
      .send({ _csrf: csrfFrom(caseload.text) })
    const shown = await other.get(check)

    expect([res.status, shown.status]).toEqual([404, 404])
    expect(await reportRows(review.id)).toEqual([])
  })
})
