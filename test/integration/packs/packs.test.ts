import request from 'supertest'
import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { bearer } from '../scheduling/schedulingWorld'
import { FULL_REPORT, qa, textOf } from '../progress/progressWorld'
import { apiToken } from '../../support/testApp'
import { HOSTILE_NAME, makePackWorld, type PackWorld } from './packWorld'
import { queriesDuring } from '../../support/queries'

let ctx: TestContext
let w: PackWorld

/** The people whose reviews are in a sitting's pack (slot order): the ids its audit row names. */
const peopleInSitting = async (sittingId: string): Promise<string[]> =>
  (await ctx
    .db('review as r')
    .join('requirement as q', 'q.id', 'r.requirement_id')
    .join('sentence_order as o', 'o.id', 'q.order_id')
    .where('r.sitting_id', sittingId)
    .whereNotNull('r.slot_index')
    .orderBy('r.slot_index')
    .pluck('o.person_id')) as string[]

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-20T09:00:00Z' })
  w = await makePackWorld(ctx, HOSTILE_NAME)
  await w.drugTest(w.person.id, '2026-03-25', { opiates: 'positive', cocaine: 'negative' })
  await w.drugTest(w.person.id, '2026-04-20', { opiates: 'negative', cocaine: 'positive' })
  await w.providerUpdate(w.r2.id, {
    treatmentView: 'Attends groups; <b>motivated</b>',
    appointmentsOffered: 8,
    appointmentsKept: 5,
  })
})

afterAll(async () => {
  await ctx.close()
})

describe('the sitting pack: content', () => {
  it('has the cover, and each section of the case with its warnings', async () => {
    const clerk = await signIn(ctx.app, w.clerk.email)
    const res = await clerk.get(`/sittings/${w.second.id}/pack`)
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const html = res.text
    expect(html).toContain('OFFICIAL-SENSITIVE')
    expect(textOf(qa(html, 'pack-version'))).toBe('Draft — not issued')
    expect(textOf(qa(html, 'pack-prepared'))).toBe('Prepared 20 March 2026 at 9am')

    const cover = textOf(qa(html, 'pack-cover'))
    expect(cover).toContain(w.court.name)
    expect(cover).toContain('Tuesday 12 May 2026')
    expect(cover).toContain('Courtroom 3')
    expect(textOf(qa(html, 'cover-bench'))).toBe([w.magistrate1.name, w.magistrate2.name].sort().join(', '))
    expect(textOf(qa(html, 'cover-list'))).toContain(`10am ${HOSTILE_NAME}`)

    expect(textOf(qa(html, 'case-review-of'))).toMatch(/^Review 2 of \d+/)
    expect(textOf(qa(html, 'case-summary'))).toContain(w.person.crn)
    const timeline = textOf(qa(html, 'case-timeline'))
    expect(timeline).toContain('7 April 2026')
    expect(timeline).toContain(w.magistrate1.name)
    expect(timeline).toContain('Continue, next review at a hearing')
    expect(timeline).toContain('Well done, keep it up & stay strong')
    expect(textOf(qa(html, 'case-report'))).toContain('No report has been submitted.')
    expect(textOf(qa(html, 'case-provider'))).toContain('Attends groups; <b>motivated</b>')
    const tests = textOf(qa(html, 'case-tests'))
    expect(tests).toContain('20 April 2026 Urine')
    expect(tests).toContain('Cocaine: Positive')
    expect(tests).not.toContain('25 March 2026')
    // The chart shows the weeks since the last review (the same tests as the table), the whole order beneath.
    const chart = qa(html, 'case-chart')
    expect(chart).toContain('<svg')
    expect(chart).not.toContain('<script')
    expect(chart.match(/<title>[^<]*<\/title>/g)).toEqual([
      '<title>20 April 2026: Opiates Negative</title>',
      '<title>20 April 2026: Cocaine Positive</title>',
    ])
    expect(chart).toContain('>Review 1, 7 April</text>')
    expect(chart).toContain('>This review (2), 12 May</text>')
    expect(textOf(qa(html, 'case-order-tests'))).toBe('The whole order: 2 tests. Positive: Opiates 1, Cocaine 1.')
    expect(textOf(qa(html, 'case-attendance'))).toContain('Treatment provider: kept 5 of 8 appointments offered')
    const warnings = textOf(qa(html, 'case-warnings'))
    expect(warnings).toContain('No progress report has been submitted yet.')
    expect(warnings).toContain('Positive for cocaine for the first time on this order.')
    expect(warnings).not.toContain('opiates')
    expect(textOf(qa(html, 'case-psr'))).toContain('No pre-sentence report is recorded.')
    // Each case starts a new page (print CSS), and the CSS is served.
    expect(html).toContain('<link rel="stylesheet" href="/assets/pack.css">')
    const css = await request(ctx.app).get('/assets/pack.css')
    expect(css.text).toContain('break-before: page')
  })

  it('shows a hostile name as text, never as markup, in the page and the SVG', async () => {
    const clerk = await signIn(ctx.app, w.clerk.email)
    const res = await clerk.get(`/reviews/${w.r2.id}/pack`)
    expect(res.status).toBe(200)
    expect(res.text).not.toContain('<script>')
    expect(res.text).not.toContain('<b>motivated')
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(textOf(qa(res.text, 'pack-case'))).toContain(HOSTILE_NAME)
  })

  it('warns when there are no tests since the last review and they did not attend', async () => {
    await ctx.db('review').where({ id: w.r1.id }).update({ status: 'did_not_attend' })
    await ctx
      .db('drug_test')
      .where({ person_id: w.person.id, taken_on: '2026-04-20' })
      .update({ taken_on: '2026-04-01' })
    try {
      const html = (await (await signIn(ctx.app, w.clerk.email)).get(`/reviews/${w.r2.id}/pack`)).text
      const warnings = textOf(qa(html, 'case-warnings'))
      expect(warnings).toContain('No drug tests since the last review.')
      expect(warnings).toContain('Did not attend the last review.')
    } finally {
      await ctx.db('review').where({ id: w.r1.id }).update({ status: 'held' })
      await ctx
        .db('drug_test')
        .where({ person_id: w.person.id, taken_on: '2026-04-01' })
        .update({ taken_on: '2026-04-20' })
    }
  })

  it('reads the same number of queries whatever the number of cases', async () => {
    const count = async () =>
      (await queriesDuring(ctx.db, () => ctx.services.packs.sittingPack(w.clerkUser, w.second.id))).length
    const before = await count()
    await w.addOrder({ madeOn: '2026-04-01', months: 6 })
    await w.addOrder({ madeOn: '2026-04-01', months: 6 })
    const listed = await ctx.db('review').where({ sitting_id: w.second.id }).count({ n: '*' }).first()
    expect(Number(listed?.n)).toBeGreaterThan(1)
    expect(await count()).toBe(before)
  })
})

describe('the pack: who may see it', () => {
  it('lets the clerk and the bench in; a sentencer not on the bench gets 404, other roles 403', async () => {
    const urls = [`/sittings/${w.second.id}/pack`, `/reviews/${w.r2.id}/pack`]
    for (const url of urls) {
      expect((await (await signIn(ctx.app, w.clerk.email)).get(url)).status).toBe(200)
      expect((await (await signIn(ctx.app, w.magistrate2.email)).get(url)).status).toBe(200)
      expect((await (await signIn(ctx.app, w.offBench.email)).get(url)).status).toBe(404)
      expect((await (await signIn(ctx.app, w.officer.email)).get(url)).status).toBe(403)
      expect((await (await signIn(ctx.app, w.providerWorker.email)).get(url)).status).toBe(403)
    }
    // Magistrate 2 is not on the first sitting's bench.
    expect((await (await signIn(ctx.app, w.magistrate2.email)).get(`/sittings/${w.first.id}/pack`)).status).toBe(404)
    expect((await (await signIn(ctx.app, w.clerk.email)).get('/sittings/nope/pack')).status).toBe(404)
    // A review not yet listed: the clerk may read its pack; no sentencer sits on it.
    const unlisted = await ctx
      .db('review')
      .where({
        requirement_id: (await ctx.db('review').where({ id: w.r2.id }).first()).requirement_id,
        status: 'unlisted',
      })
      .first()
    const page = await (await signIn(ctx.app, w.clerk.email)).get(`/reviews/${unlisted.id}/pack`)
    expect(page.status).toBe(200)
    expect(textOf(qa(page.text, 'pack-case'))).toContain(w.court.name)
    expect((await (await signIn(ctx.app, w.magistrate1.email)).get(`/reviews/${unlisted.id}/pack`)).status).toBe(404)
  })

  it('answers on the API in HTML for the bench, 404 off the bench, and audits the view', async () => {
    const token = await apiToken(ctx.app, w.magistrate1.email)
    const res = await request(ctx.app).get(`/api/v1/sittings/${w.second.id}/pack`).set(bearer(token))
    expect(res.status).toBe(200)
    expect(res.type).toBe('text/html')
    expect(res.text).toContain('OFFICIAL-SENSITIVE')
    const off = await apiToken(ctx.app, w.offBench.email)
    expect((await request(ctx.app).get(`/api/v1/reviews/${w.r2.id}/pack`).set(bearer(off))).status).toBe(404)
    const officer = await apiToken(ctx.app, w.officer.email)
    expect((await request(ctx.app).get(`/api/v1/reviews/${w.r2.id}/pack`).set(bearer(officer))).status).toBe(403)
    const audit = await ctx.services.audit.list({ userId: w.magistrate1.id, action: 'view_pack' })
    const people = await peopleInSitting(w.second.id)
    expect(audit[0]).toEqual(
      expect.objectContaining({
        subjectId: w.second.id,
        personId: null,
        detail: { version: null, count: people.length, personIds: people },
      }),
    )
  })
})

describe('issuing the pack and its versions', () => {
  it('freezes version 1; a late report makes version 2, and the bench sees what changed meanwhile', async () => {
    const clerk = await signIn(ctx.app, w.clerk.email)
    const page = await clerk.get(`/sittings/${w.second.id}/pack`)
    expect(qa(page.text, 'pack-issue')).toContain('Issue to the bench')
    expect(qa(page.text, 'pack-pdf-link')).toContain(`/sittings/${w.second.id}/pack.pdf`)
    // The issue form is on the pack page itself. The pack warns of a missing report: the clerk confirms first.
    const asked = await submitForm(clerk, `/sittings/${w.second.id}/pack`, {}, `/sittings/${w.second.id}/pack/issue`)
    expect(asked.headers.location).toBe(`/sittings/${w.second.id}/pack/issue`)
    expect(await ctx.db('hearing_pack').where({ sitting_id: w.second.id })).toHaveLength(0)
    const issue = await submitForm(clerk, asked.headers.location, { confirm: 'yes' })
    expect(issue.status).toBe(303)
    expect(issue.headers.location).toBe(`/sittings/${w.second.id}`)
    expect(textOf((await clerk.get(`/sittings/${w.second.id}`)).text)).toContain('Hearing pack version 1 issued')
    const v1 = await ctx.db('hearing_pack').where({ sitting_id: w.second.id })
    expect(v1).toHaveLength(1)
    expect(v1[0].content_hash).toMatch(/^[0-9a-f]{64}$/)

    // Issuing again with nothing changed makes no new version.
    await submitForm(clerk, `/sittings/${w.second.id}`, { confirm: 'yes' }, `/sittings/${w.second.id}/pack/issue`)
    expect(textOf((await clerk.get(`/sittings/${w.second.id}`)).text)).toContain('has not changed since version 1')
    expect(await ctx.db('hearing_pack').where({ sitting_id: w.second.id })).toHaveLength(1)

    const bench = await signIn(ctx.app, w.magistrate1.email)
    let html = (await bench.get(`/sittings/${w.second.id}/pack`)).text
    expect(textOf(qa(html, 'pack-version'))).toBe('Version 1 issued 20 March 2026 at 9am')
    expect(qa(html, 'pack-changed')).toBe('')
    expect(qa(html, 'pack-issue')).toBe('')

    // A late report arrives.
    ctx.clock.set('2026-03-21T10:00:00Z')
    const put = await w.officerApi.put(`/reviews/${w.r2.id}/report`, { ...FULL_REPORT, submit: true })
    expect(put.status).toBe(200)
    const bench2 = await signIn(ctx.app, w.magistrate1.email)
    html = (await bench2.get(`/sittings/${w.second.id}/pack`)).text
    expect(textOf(qa(html, 'pack-version'))).toBe('Version 1 issued 20 March 2026 at 9am')
    expect(textOf(qa(html, 'pack-changed'))).toContain('Changed since version 1')
    expect(textOf(qa(html, 'pack-changed'))).toContain(HOSTILE_NAME)
    const live = (await (await signIn(ctx.app, w.clerk.email)).get(`/sittings/${w.second.id}/pack`)).text
    expect(textOf(qa(live, 'pack-version'))).toBe('Draft — not issued')
    expect(textOf(qa(live, 'pack-changed'))).toContain('This pack is live')
    // The bench still reads version 1 until it is reissued.
    expect(textOf(qa(html, 'case-report'))).toContain('No report has been submitted.')
    const single = (await bench2.get(`/reviews/${w.r2.id}/pack`)).text
    expect(textOf(qa(single, 'pack-changed'))).toContain('Changed since version 1')

    const clerk2 = await signIn(ctx.app, w.clerk.email)
    await submitForm(clerk2, `/sittings/${w.second.id}`, { confirm: 'yes' }, `/sittings/${w.second.id}/pack/issue`)
    expect(await ctx.db('hearing_pack').where({ sitting_id: w.second.id })).toHaveLength(2)
    html = (await bench2.get(`/sittings/${w.second.id}/pack`)).text
    expect(textOf(qa(html, 'pack-version'))).toBe('Version 2 issued 21 March 2026 at 10am')
    expect(qa(html, 'pack-changed')).toBe('')
    expect(textOf(qa(html, 'case-report'))).toContain(FULL_REPORT.treatment)

    const issued = await ctx.services.audit.list({ action: 'issue_pack' })
    expect(issued.map(a => a.detail)).toEqual([{ version: 2 }, { version: 1 }])
    const viewed = await ctx.services.audit.list({ userId: w.magistrate1.id, action: 'view_pack', limit: 1 })
    const people = await peopleInSitting(w.second.id)
    expect(viewed[0].detail).toEqual({ version: 2, count: people.length, personIds: people })
  })

  it('lets only a clerk issue', async () => {
    const bench = await signIn(ctx.app, w.magistrate1.email)
    const res = await submitForm(bench, '/account/password', {}, `/sittings/${w.second.id}/pack/issue`)
    expect(res.status).toBe(403)
  })
})
