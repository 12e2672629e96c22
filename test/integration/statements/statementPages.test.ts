import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { errorSummary } from '../../support/html'
import { qa, textOf } from '../progress/progressWorld'
import { queriesDuring } from '../../support/queries'
import { makeStatementWorld, type StatementWorld } from './statementWorld'
import { HOSTILE_NAME } from '../packs/packWorld'

// Issue 23 point 1 on the pages: the officer's record page, the hearing pack (the words printed first
// in the case), the clerk's outcome form (the bench's response) and the person page's link.

let ctx: TestContext
let w: StatementWorld

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-05-05T13:30:00Z' })
  w = await makeStatementWorld(ctx)
})

afterAll(async () => {
  await ctx.close()
})

const page = (reviewId: string) => `/reviews/${reviewId}/statement`

describe('the record page', () => {
  it('when the officer opens it from the person page, then it asks for their words with the prompts and the character count', async () => {
    const officer = await signIn(ctx.app, w.officer.email)
    const person = await officer.get(`/people/${w.person.id}`)
    expect(qa(person.text, 'record-statement')).toContain(`href="${page(w.r2.id)}"`)
    expect(textOf(qa(person.text, 'record-statement'))).toContain(
      'Record their own words for the review on Tuesday 12 May 2026',
    )
    // A clerk does not take the person's words down.
    expect(
      qa((await (await signIn(ctx.app, w.clerk.email)).get(`/people/${w.person.id}`)).text, 'record-statement'),
    ).toBe('')

    // And from their caseload, beside the report for the same review.
    const caseload = await officer.get('/caseload')
    expect(qa(qa(caseload.text, `case-${w.r2.id}`), 'record-statement')).toContain(`href="${page(w.r2.id)}"`)

    const res = await officer.get(page(w.r2.id))
    expect(res.status).toBe(200)
    const form = qa(res.text, 'statement-form')
    expect(form).toContain('What has gone well, what has been hard, and what they want the court to know')
    expect(form).toContain('data-module="govuk-character-count" data-maxlength="2000"')
    expect(textOf(form)).toContain('Save their words')
  })

  it('when nothing is entered, then the error summary names the field', async () => {
    const officer = await signIn(ctx.app, w.officer.email)
    const res = await submitForm(officer, page(w.r2.id), { text: '  ' })
    expect(res.status).toBe(303)
    const again = await officer.get(page(w.r2.id))
    expect(errorSummary(again.text)).toEqual(['#text: Enter the person’s own words'])
  })

  it('when too much is entered, then the error says so and what was typed is kept', async () => {
    const officer = await signIn(ctx.app, w.officer.email)
    const long = `${'word '.repeat(400)}and more`
    await submitForm(officer, page(w.r2.id), { text: long })
    const again = await officer.get(page(w.r2.id))
    expect(errorSummary(again.text)).toEqual(['#text: The person’s own words must be 2,000 characters or fewer'])
    expect(again.text).toContain(long)
  })

  it('when saved and then replaced, then the newest is shown as theirs and the first is kept below it', async () => {
    const officer = await signIn(ctx.app, w.officer.email)
    const saved = await submitForm(officer, page(w.r2.id), { text: `I have kept going.\n${HOSTILE_NAME}` })
    expect(saved.status).toBe(303)
    const after = await officer.get(page(w.r2.id))
    expect(textOf(qa(after.text, 'flash'))).toContain('Their words are saved')
    expect(after.text).not.toContain('<script>alert(1)')
    expect(textOf(qa(after.text, 'statement-current'))).toContain(`I have kept going. ${HOSTILE_NAME}`)
    expect(textOf(qa(after.text, 'statement-byline'))).toBe(
      `Taken down by ${w.officer.name} (Probation officer), 5 May 2026 at 2:30pm`,
    )

    ctx.clock.set('2026-05-06T08:00:00Z')
    const nextDay = await signIn(ctx.app, w.officer.email)
    await submitForm(nextDay, page(w.r2.id), { text: 'Things are better now.' })
    const replaced = await nextDay.get(page(w.r2.id))
    expect(textOf(qa(replaced.text, 'statement-current'))).toContain('Things are better now.')
    expect(textOf(qa(replaced.text, 'statement-byline'))).toMatch(/^Version 2 · Taken down by/)
    expect(textOf(qa(replaced.text, 'statement-earlier'))).toContain('Version 1')
    expect(textOf(qa(replaced.text, 'statement-earlier'))).toContain('I have kept going.')
  })

  it('when another officer or provider opens it, then 404', async () => {
    for (const email of [w.otherOfficer.email, w.otherProvider.email]) {
      const res = await (await signIn(ctx.app, email)).get(page(w.r2.id))
      expect(res.status).toBe(404)
    }
  })

  it('when the review has been held, then the page says so and links to the next review, and a save is refused', async () => {
    const officer = await signIn(ctx.app, w.officer.email)
    const res = await officer.get(page(w.r1.id))
    expect(res.status).toBe(200)
    expect(qa(res.text, 'statement-form')).toBe('')
    expect(textOf(qa(res.text, 'statement-closed'))).toContain(
      'The review has been held, so its statement can no longer change. A later statement goes on the next review.',
    )
    expect(qa(res.text, 'statement-next')).toContain(`href="${page(w.r2.id)}"`)
    expect(textOf(qa(res.text, 'statement-next'))).toBe('Take down their words for the review on Tuesday 12 May 2026')

    // A form posted anyway (from a tab opened before the hearing) is refused, and says why.
    const posted = await officer
      .post(page(w.r1.id))
      .type('form')
      .send({ text: 'Late words', _csrf: /name="_csrf" value="([^"]+)"/.exec(res.text)![1] })
    expect(posted.status).toBe(303)
    const again = await officer.get(page(w.r1.id))
    expect(errorSummary(again.text)[0]).toContain('The review has been held')
    expect(await ctx.db('statement').where({ review_id: w.r1.id }).first()).toBeUndefined()
  })
})

describe('the hearing pack', () => {
  it('when the person gave their words, then they are printed first in the case, before the earlier reviews and the report, marked as theirs', async () => {
    const magistrate = await signIn(ctx.app, w.magistrate1.email)
    const res = await magistrate.get(`/sittings/${w.second.id}/pack`)
    expect(res.status).toBe(200)
    const html = res.text
    const section = qa(html, 'case-statement')
    expect(textOf(section)).toContain('In their own words')
    expect(textOf(qa(section, 'case-statement-marked'))).toBe(
      `The person’s own words , given before this review. Taken down by ${w.officer.name} (Probation officer), 6 May 2026 at 9am (version 2).`,
    )
    expect(textOf(section)).toContain('Things are better now.')
    // Order in the case: the words, then the person and order, the earlier reviews, the report.
    const at = (name: string) => html.indexOf(`data-qa="${name}"`)
    expect(at('case-statement')).toBeGreaterThan(at('pack-case'))
    expect(at('case-statement')).toBeLessThan(at('case-summary'))
    expect(at('case-statement')).toBeLessThan(at('case-timeline'))
    expect(at('case-statement')).toBeLessThan(at('case-report'))
  })

  it('when the bench responded to the words at the last review, then the response is on the timeline of the next pack', async () => {
    // The first review was held with an outcome (the world): words and a response recorded for it.
    const outcome = await ctx.db('outcome').where({ review_id: w.r1.id }).first()
    await ctx.db('statement').insert({
      id: 'st-r1',
      review_id: w.r1.id,
      revision: 1,
      text: 'I want to get back to work.',
      taken_by: w.providerWorker.id,
      taken_by_role: 'provider',
      taken_at: '2026-04-01T10:00:00.000Z',
    })
    await ctx.db('statement_response').insert({
      id: 'sr-r1',
      outcome_id: outcome.id,
      review_id: w.r1.id,
      statement_id: 'st-r1',
      text: 'The bench will ask about work next time.',
      recorded_by: w.clerk.id,
      recorded_at: '2026-04-07T11:00:00.000Z',
    })
    const html = (await (await signIn(ctx.app, w.clerk.email)).get(`/reviews/${w.r2.id}/pack`)).text
    const timeline = textOf(qa(html, 'case-timeline'))
    expect(timeline).toContain('The bench’s response to their own words: The bench will ask about work next time.')
    // The earlier review's words are not this review's: this review prints its own.
    expect(textOf(qa(html, 'case-statement'))).not.toContain('back to work')
  })

  it('when more cases with their own words join the sitting, then the pack reads no more queries', async () => {
    const count = async () =>
      (await queriesDuring(ctx.db, () => ctx.services.packs.sittingPack(w.clerkUser, w.second.id))).length
    const before = await count()
    for (let i = 0; i < 2; i++) {
      const { reviewId } = await w.addListedCase()
      const res = await w.api(w.officer.email, 'put', `/reviews/${reviewId}/statement`, { text: `Case ${i}` })
      expect(res.status).toBe(200)
    }
    expect(await count()).toBe(before)
    const html = (await ctx.services.packs.sittingPack(w.clerkUser, w.second.id)).html
    expect(html.match(/data-qa="case-statement"/g)).toHaveLength(3)
  })
})

describe('the outcome', () => {
  it('when the clerk records the outcome, then the form shows their words and asks for the bench’s response, which is kept with the outcome', async () => {
    ctx.clock.set('2026-05-12T15:00:00Z')
    const clerk = await signIn(ctx.app, w.clerk.email)
    const form = await clerk.get(`/reviews/${w.r2.id}/outcome`)
    const block = qa(form.text, 'statement-response')
    expect(textOf(block)).toContain('Things are better now.')
    expect(textOf(block)).toContain('The bench’s response to the statement (optional)')

    const answers = {
      attended: 'yes',
      progress: 'good',
      decision: 'continue_hearing',
      benchComments: 'Keep going',
      statementResponse: 'Glad things are better.',
      benchUserIds: [w.magistrate1.id],
    }
    expect((await submitForm(clerk, `/reviews/${w.r2.id}/outcome`, answers)).status).toBe(303)
    const check = await clerk.get(`/reviews/${w.r2.id}/outcome/check`)
    expect(textOf(qa(check.text, 'check-answers'))).toContain(
      'The bench’s response to their own words Glad things are better.',
    )
    expect((await submitForm(clerk, `/reviews/${w.r2.id}/outcome/check`, {})).status).toBe(303)

    const outcome = await ctx.db('outcome').where({ review_id: w.r2.id }).first()
    const response = await ctx.db('statement_response').where({ outcome_id: outcome.id }).first()
    expect(response.text).toBe('Glad things are better.')
    const current = await ctx.db('statement').where({ review_id: w.r2.id }).orderBy('revision', 'desc').first()
    expect(response.statement_id).toBe(current.id)
  })

  it('when the clerk corrects the outcome, then the response is shown to change, a changed one replaces it and the history keeps the words it replaced', async () => {
    const clerk = await signIn(ctx.app, w.clerk.email)
    const edit = await clerk.get(`/reviews/${w.r2.id}/outcome/edit`)
    expect(edit.status).toBe(200)
    const block = qa(edit.text, 'statement-response')
    expect(textOf(block)).toContain('Things are better now.')
    expect(block).toContain('Glad things are better.</textarea>')
    expect(textOf(block)).toContain('left empty, the recorded response stays')
    const outcome = await ctx.db('outcome').where({ review_id: w.r2.id }).first()
    const base = {
      attended: 'yes',
      progress: 'good',
      decision: 'continue_hearing',
      benchComments: 'Keep going',
      benchUserIds: [w.magistrate1.id],
      version: String(outcome.version),
    }

    // Left empty: the recorded response stands (nothing the bench said is lost by a correction of another field).
    const kept = await submitForm(clerk, `/reviews/${w.r2.id}/outcome/edit`, {
      ...base,
      benchComments: 'Keep going, well done',
      statementResponse: '',
      reason: 'Typo in the bench’s words',
    })
    expect(kept.status).toBe(303)
    expect((await ctx.db('statement_response').where({ outcome_id: outcome.id }).first()).text).toBe(
      'Glad things are better.',
    )

    const changed = await submitForm(clerk, `/reviews/${w.r2.id}/outcome/edit`, {
      ...base,
      version: String(outcome.version + 1),
      statementResponse: 'Glad things are better; keep telling us.',
      reason: 'The response was taken down wrongly',
    })
    expect(changed.status).toBe(303)
    const rows = await ctx.db('statement_response').where({ outcome_id: outcome.id })
    expect(rows.map(r => [r.text, r.recorded_by])).toEqual([['Glad things are better; keep telling us.', w.clerk.id]])
    const history = await ctx.db('outcome_history').where({ outcome_id: outcome.id }).orderBy('version')
    expect(history.map(h => JSON.parse(h.content).statementResponse)).toEqual([undefined, 'Glad things are better.'])
    const again = await clerk.get(`/reviews/${w.r2.id}/outcome/edit`)
    expect(textOf(again.text)).toContain('Response to their own words: Glad things are better.')
    const [audit] = await w.auditRows('correct_outcome').then(r => r.slice(-1))
    expect(JSON.parse(String(audit.detail))).toEqual(expect.objectContaining({ statementResponse: 'changed' }))
    expect(String(audit.detail)).not.toContain('Glad')
  })

  it('when a review’s person gave no words, then the outcome form does not ask for a response', async () => {
    const { reviewId } = await w.addListedCase()
    const clerk = await signIn(ctx.app, w.clerk.email)
    const form = await clerk.get(`/reviews/${reviewId}/outcome`)
    expect(form.status).toBe(200)
    expect(qa(form.text, 'outcome-form')).not.toBe('')
    expect(qa(form.text, 'statement-response')).toBe('')
  })
})
