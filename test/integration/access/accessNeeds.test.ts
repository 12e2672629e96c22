import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { expectProblem, fieldsOf } from '../scheduling/schedulingWorld'
import { auditAfter, lastAuditId, makeAccessWorld, type AccessWorld } from './accessWorld'

/**
 * Issue 23 point 2, access needs: an interpreter's language, reasonable adjustments (Equality Act 2010
 * s.20), literacy support. The clerk (any case) and the responsible officer (their own) record them, on the
 * page and with PUT /api/v1/people/{id}/access-needs; the provider reads them; anyone else gets a 404, and
 * the refusal is audited.
 */

let ctx: TestContext
let w: AccessWorld

beforeAll(async () => {
  ctx = await createTestContext()
  w = await makeAccessWorld(ctx)
})
afterAll(async () => {
  await ctx.close()
})

const POLISH = { interpreterLanguage: 'Polish', adjustments: ['step_free', 'breaks'], notes: null }

describe('recording access needs through the API', () => {
  it('when the clerk sets them, then 200 with the set, adjustments once each in a fixed order, and the change is audited', async () => {
    const before = await lastAuditId(ctx)
    const res = await w.clerk.put(`/people/${w.first.person.id}/access-needs`, {
      interpreterLanguage: '  Polish ',
      adjustments: ['breaks', 'step_free', 'breaks'],
      notes: '',
    })

    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      interpreterLanguage: 'Polish',
      adjustments: ['step_free', 'breaks'],
      notes: null,
      literacySupport: false,
      updatedAt: expect.any(String),
    })
    const rows = await auditAfter(ctx, before)
    expect(rows.map(r => [r.action, r.person_id, r.user_id])).toEqual([
      ['set_access_needs', w.first.person.id, w.world.clerk.id],
    ])
    // Who and when, never what: the needs may be health data.
    expect(rows[0].detail ?? '').not.toMatch(/Polish|step_free/)
  })

  it('when the responsible officer replaces them for their own case, then the whole set is replaced', async () => {
    const res = await w.officer.put(`/people/${w.second.person.id}/access-needs`, {
      interpreterLanguage: null,
      adjustments: ['hearing_loop', 'other'],
      notes: 'Needs to sit near the front',
      literacySupport: true,
    })

    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      interpreterLanguage: null,
      adjustments: ['hearing_loop', 'other'],
      notes: 'Needs to sit near the front',
      literacySupport: true,
    })
  })

  it.each<[object, string[], string]>([
    [{ adjustments: ['other'] }, ['notes'], 'other needs notes'],
    [{ adjustments: ['wheelchair'] }, ['adjustments.0'], 'an unknown code'],
    [{ interpreterLanguage: 'x'.repeat(61), adjustments: [] }, ['interpreterLanguage'], 'over 60 characters'],
    [{ interpreterLanguage: '<script>', adjustments: [] }, ['interpreterLanguage'], 'not a language'],
    [{ interpreterLanguage: 'Polish' }, ['adjustments'], 'no adjustments list'],
    [{ adjustments: [], literacySupport: 'yes' }, ['literacySupport'], 'literacySupport not a boolean'],
  ])('when the body has %j, then 400 naming %j (%s) and nothing changes', async (body, fields) => {
    const before = await ctx.db('access_needs').where({ person_id: w.first.person.id }).first()
    const res = await w.clerk.put(`/people/${w.first.person.id}/access-needs`, body)

    expect(fieldsOf(expectProblem(res, 400))).toEqual(fields)
    expect(await ctx.db('access_needs').where({ person_id: w.first.person.id }).first()).toEqual(before)
  })

  it('when another organisation’s officer names the person, then 404 (even with a bad body), nothing changes, and the refusal is audited', async () => {
    const before = await lastAuditId(ctx)
    const good = await w.stranger.put(`/people/${w.first.person.id}/access-needs`, POLISH)
    const bad = await w.stranger.put(`/people/${w.first.person.id}/access-needs`, {})

    expectProblem(good, 404)
    expectProblem(bad, 404)
    const rows = await auditAfter(ctx, before)
    expect(rows.map(r => [r.action, r.user_id, JSON.parse(r.detail ?? '{}').status])).toEqual([
      ['access_refused', w.otherOfficer.id, 404],
      ['access_refused', w.otherOfficer.id, 404],
    ])
  })

  it('when the provider or a magistrate tries to set them, then 403', async () => {
    expectProblem(await w.provider.put(`/people/${w.first.person.id}/access-needs`, POLISH), 403)
    expectProblem(await w.magistrate.put(`/people/${w.first.person.id}/access-needs`, POLISH), 403)
  })
})

describe('the person page and the form', () => {
  it('when the officer fills the form wrongly, then the error summary names each field and what they typed is kept', async () => {
    const agent = await signIn(ctx.app, w.world.officer.email)
    const form = `/people/${w.first.person.id}/access-needs`
    const res = await submitForm(agent, form, {
      interpreter: 'yes',
      interpreterLanguage: '',
      adjustments: ['step_free', 'other'],
      notes: '',
      literacySupport: 'yes',
    })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(form)

    const page = await agent.get(form)
    expect(page.text).toContain('There is a problem')
    expect(page.text).toContain('href="#interpreterLanguage"')
    expect(page.text).toContain('Enter the language the person needs an interpreter for')
    expect(page.text).toContain('href="#notes"')
    expect(page.text).toContain('Describe the other adjustment the person needs')
    // What they chose is still chosen.
    expect(page.text).toMatch(/id="interpreter" name="interpreter" type="radio" value="yes"[^>]*checked/)
    expect(page.text).toMatch(/name="adjustments" type="checkbox" value="step_free"[^>]*checked/)
    expect(page.text).toMatch(/name="adjustments" type="checkbox" value="other"[^>]*checked/)
    expect(page.text).toMatch(/name="literacySupport" type="checkbox" value="yes"[^>]*checked/)
  })

  it('when the officer saves the form, then the person page shows the "Access needs" card with a Change link; the provider sees it without one', async () => {
    const officer = await signIn(ctx.app, w.world.officer.email)
    const saved = await submitForm(officer, `/people/${w.first.person.id}/access-needs`, {
      interpreter: 'yes',
      interpreterLanguage: 'Polish',
      adjustments: ['step_free'],
      notes: '',
    })
    expect(saved.headers.location).toBe(`/people/${w.first.person.id}`)

    const page = await officer.get(`/people/${w.first.person.id}`)
    const card = page.text.slice(page.text.indexOf('data-qa="access-needs"'))
    expect(card).toContain('Polish')
    expect(card).toContain('Step-free access')
    expect(card).toContain(`href="/people/${w.first.person.id}/access-needs"`)

    const provider = await signIn(ctx.app, w.world.providerWorker.email)
    const seen = await provider.get(`/people/${w.first.person.id}`)
    const providerCard = seen.text.slice(seen.text.indexOf('data-qa="access-needs"'))
    expect(providerCard).toContain('Polish')
    expect(seen.text).not.toContain(`/people/${w.first.person.id}/access-needs`)
  })

  it('when another officer opens or posts the form, then 404 and each refusal is audited; the provider gets 403', async () => {
    const stranger = await signIn(ctx.app, w.otherOfficer.email)
    const before = await lastAuditId(ctx)
    expect((await stranger.get(`/people/${w.first.person.id}/access-needs`)).status).toBe(404)
    const posted = await submitForm(
      stranger,
      '/caseload',
      { interpreter: 'no', adjustments: [] },
      `/people/${w.first.person.id}/access-needs`,
    )
    expect(posted.status).toBe(404)
    // (Their own caseload, read for the form's token, is audited as theirs.)
    const rows = (await auditAfter(ctx, before)).filter(r => r.action !== 'view_caseload')
    expect(rows.map(r => [r.action, JSON.parse(r.detail ?? '{}').method])).toEqual([
      ['access_refused', 'GET'],
      ['access_refused', 'POST'],
    ])

    const provider = await signIn(ctx.app, w.world.providerWorker.email)
    expect((await provider.get(`/people/${w.first.person.id}/access-needs`)).status).toBe(403)
  })
})
