import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeProviderWorld, type ProviderWorld } from './providerWorld'

// Drug tests on the pages: correcting and withdrawing a test through its forms, and the rules a
// test must meet as the form shows them.

let ctx: TestContext
let w: ProviderWorld

beforeAll(async () => {
  // Orders are made on 2 March 2026; today (London) is Friday 20 March.
  ctx = await createTestContext({ now: '2026-03-20T10:00:00Z' })
  w = await makeProviderWorld(ctx)
})

afterAll(async () => {
  await ctx.close()
})

const dateFields = (iso: string) => {
  const [y, m, d] = iso.split('-')
  return { 'takenOn[day]': String(Number(d)), 'takenOn[month]': String(Number(m)), 'takenOn[year]': y }
}
const decode = (html: string) =>
  html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')

describe('correcting and withdrawing on the pages', () => {
  it('when the tester corrects a test through the form, then the reason is required, and the test page shows it corrected with the before and after', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const made = await w.as(w.tokens.provider).post(`/people/${person.id}/drug-tests`, {
      takenOn: '2026-03-16',
      method: 'oral_fluid',
      results: { cannabis: 'positive' },
    })
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const list = await agent.get(`/people/${person.id}/drug-tests`)
    const correct = `/people/${person.id}/drug-tests/${made.body.id}/correct`
    const answers = { ...dateFields('2026-03-16'), method: 'oral_fluid', 'results[cannabis]': 'negative', version: '1' }

    const withoutReason = await submitForm(agent, correct, answers)
    const errorPage = await agent.get(correct)
    const saved = await submitForm(agent, correct, { ...answers, reason: 'Confirmation test was negative.' })
    const page = await agent.get(`/people/${person.id}/drug-tests/${made.body.id}`)
    const listAfter = await agent.get(`/people/${person.id}/drug-tests`)

    expect(list.text).toContain(`href="${correct}"`)
    expect(list.text).toContain(`href="/people/${person.id}/drug-tests/${made.body.id}/withdraw"`)
    expect(withoutReason.headers.location).toBe(correct)
    expect(errorPage.text).toContain('href="#reason"')
    expect(errorPage.text).toContain('Enter the reason for the correction')
    expect(errorPage.text).toMatch(/<option value="negative" selected>/)
    expect(saved.status).toBe(303)
    expect(saved.headers.location).toBe(`/people/${person.id}/drug-tests/${made.body.id}`)
    expect(page.text).toContain('Drug test corrected.')
    expect(page.text).toContain('Corrected')
    const revision = page.text.split('data-qa="test-revision"')[1] ?? ''
    expect(revision).toContain('Confirmation test was negative.')
    expect(revision).toMatch(/Before[\s\S]*Cannabis: Positive[\s\S]*After[\s\S]*Cannabis: Negative/)
    expect(listAfter.text).toContain('data-qa="corrected"')
  })

  it('when the tester withdraws a test on the page, then a reason is asked for and the list shows it withdrawn, with no links to change it', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const made = await w.as(w.tokens.provider).post(`/people/${person.id}/drug-tests`, {
      takenOn: '2026-03-17',
      method: 'urine',
      results: { amphetamines: 'positive' },
    })
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const url = `/people/${person.id}/drug-tests/${made.body.id}/withdraw`

    const confirm = await agent.get(url)
    await submitForm(agent, url, { version: '1', reason: '' })
    const errorPage = await agent.get(url)
    const done = await submitForm(agent, url, { version: '1', reason: 'Recorded for the wrong person.' })
    const list = await agent.get(`/people/${person.id}/drug-tests`)

    expect(confirm.text).toContain('Amphetamines: Positive')
    expect(confirm.text).toContain('Withdraw test')
    expect(errorPage.text).toContain('Enter the reason for withdrawing the test')
    expect(done.headers.location).toBe(`/people/${person.id}/drug-tests`)
    expect(list.text).toContain('Drug test withdrawn.')
    expect(list.text).toContain('Withdrawn')
    expect(list.text).not.toContain(url)
    expect(list.text).not.toContain('Amphetamines: Positive')
  })

  it('when another organisation’s provider opens the correct or withdraw page, then it is not found', async () => {
    const made = await w.as(w.tokens.provider).post(`/people/${w.mine.person.id}/drug-tests`, {
      takenOn: '2026-03-18',
      method: 'urine',
      results: { benzodiazepines: 'negative' },
    })
    const agent = await signIn(ctx.app, w.otherProvider.email)
    const base = `/people/${w.mine.person.id}/drug-tests/${made.body.id}`

    const statuses = await Promise.all(['', '/correct', '/withdraw'].map(async s => (await agent.get(base + s)).status))

    expect(statuses).toEqual([404, 404, 404])
  })

  it('when a test is dated tomorrow, is a breath test for opiates, or repeats one recorded, then the form names the field and links to the first', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const form = `/people/${person.id}/drug-tests/new`
    const post = `/people/${person.id}/drug-tests`
    const good = { ...dateFields('2026-03-19'), method: 'urine', 'results[opiates]': 'negative' }

    await submitForm(agent, form, { ...good, ...dateFields('2026-03-21') }, post)
    const future = decode((await agent.get(form)).text)
    await submitForm(agent, form, { ...good, method: 'breath' }, post)
    const breath = decode((await agent.get(form)).text)
    const first = await submitForm(agent, form, good, post)
    const second = await submitForm(agent, form, good, post)
    const duplicate = decode((await agent.get(form)).text)
    const stored = await ctx.db('drug_test').where({ person_id: person.id })

    expect(future).toContain('href="#takenOn-day"')
    expect(future).toContain('Date taken must be today or in the past')
    expect(breath).toContain('href="#results-opiates"')
    expect(breath).toContain('Opiates cannot be tested by breath: a breath test is for alcohol only')
    expect(first.headers.location).toBe(post)
    expect(second.headers.location).toBe(form)
    expect(duplicate).toContain('This test is already recorded')
    expect(stored).toHaveLength(1)
    expect(duplicate).toContain(`href="/people/${person.id}/drug-tests/${stored[0].id}"`)
  })
})
