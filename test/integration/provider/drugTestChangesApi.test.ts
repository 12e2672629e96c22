import { apiToken, createTestContext, signIn, type TestContext } from '../../support/testApp'
import { expectProblem, fieldsOf } from '../scheduling/schedulingWorld'
import { makeProviderWorld, type ProviderWorld } from './providerWorld'

// Drug tests on the API: the rules a test must meet, the same test sent twice or at once, and
// correcting or withdrawing a test (by its tester only, with a reason, keeping its history).

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

const auditActions = async (personId: string) =>
  (await ctx.db('audit_event').where({ person_id: personId }).orderBy('id').select('action')).map(r => r.action)

describe('drug test rules on the API', () => {
  it('when a test is dated tomorrow, before the order, or is a breath test for opiates, then 422 names each field and says why', async () => {
    const api = w.as(w.tokens.provider)
    const p = `/people/${w.mine.person.id}/drug-tests`

    const tomorrow = await api.post(p, { takenOn: '2026-03-21', method: 'urine', results: { opiates: 'negative' } })
    const before = await api.post(p, { takenOn: '2026-03-01', method: 'urine', results: { opiates: 'negative' } })
    const breath = await api.post(p, {
      takenOn: '2026-03-10',
      method: 'breath',
      results: { opiates: 'positive', alcohol: 'negative' },
    })

    expect(expectProblem(tomorrow, 422).errors).toEqual([
      { field: 'takenOn', message: 'Date taken must be today or in the past (today is Friday 20 March 2026)' },
    ])
    expect(expectProblem(before, 422).errors).toEqual([
      { field: 'takenOn', message: 'Date taken must be on or after the order was made on Monday 2 March 2026' },
    ])
    expect(expectProblem(breath, 422).errors).toEqual([
      { field: 'results.opiates', message: 'Opiates cannot be tested by breath: a breath test is for alcohol only' },
    ])
    expect(await ctx.db('drug_test').where({ person_id: w.mine.person.id })).toHaveLength(0)
  })

  it('when the same test is sent twice, then the second is 409 pointing at the first by id and address', async () => {
    const api = w.as(w.tokens.provider)
    const p = `/people/${w.mine.person.id}/drug-tests`
    const body = { takenOn: '2026-03-11', method: 'urine', results: { cocaine: 'positive', opiates: 'negative' } }

    const first = await api.post(p, body)
    const again = await api.post(p, { ...body, results: { opiates: 'negative', cocaine: 'positive' } })
    const officer = await w.as(w.tokens.officer).post(p, body)

    expect(first.status).toBe(201)
    const problem = expectProblem(again, 409)
    expect(problem.errors).toEqual([
      expect.objectContaining({
        field: 'takenOn',
        duplicateOf: first.body.id,
        href: `/api/v1/people/${w.mine.person.id}/drug-tests/${first.body.id}`,
      }),
    ])
    expectProblem(officer, 409)
    expect(await ctx.db('drug_test').where({ person_id: w.mine.person.id, taken_on: '2026-03-11' })).toHaveLength(1)
  })
})

describe('the same test sent at once', () => {
  it('when the provider and the officer send the same test at the same moment, then one is stored and the other is 409', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const body = { takenOn: '2026-03-15', method: 'urine', results: { opiates: 'negative' } }
    const p = `/people/${person.id}/drug-tests`

    const sent = await Promise.all([w.as(w.tokens.provider).post(p, body), w.as(w.tokens.officer).post(p, body)])

    expect(sent.map(r => r.status).sort()).toEqual([201, 409])
    expect(await ctx.db('drug_test').where({ person_id: person.id })).toHaveLength(1)
  })
})

describe('correcting and withdrawing on the API', () => {
  it('when the tester corrects a test with a reason, then it has the new values, version 2, "corrected", and its history keeps the old values', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const api = w.as(w.tokens.provider)
    const made = await api.post(`/people/${person.id}/drug-tests`, {
      takenOn: '2026-03-12',
      method: 'urine',
      results: { opiates: 'positive' },
    })
    const path = `/people/${person.id}/drug-tests/${made.body.id}`

    const noReason = await api.put(path, { takenOn: '2026-03-12', method: 'urine', results: { opiates: 'negative' } })
    const corrected = await api.put(path, {
      takenOn: '2026-03-12',
      method: 'urine',
      results: { opiates: 'negative' },
      reason: 'The laboratory confirmed the screen was a false positive.',
      version: 1,
    })
    const stale = await api.put(path, {
      takenOn: '2026-03-13',
      method: 'urine',
      results: { opiates: 'negative' },
      reason: 'Wrong day',
      version: 1,
    })
    const read = await w.clerkApi.get(path)
    const list = await w.clerkApi.get(`/people/${person.id}/drug-tests`)

    expect(fieldsOf(expectProblem(noReason, 400))).toEqual(['reason'])
    expect(corrected.status).toBe(200)
    expect(corrected.body).toEqual(
      expect.objectContaining({ id: made.body.id, results: { opiates: 'negative' }, version: 2, corrected: true }),
    )
    expectProblem(stale, 409)
    expect(read.body.history).toEqual([
      expect.objectContaining({
        revision: 1,
        kind: 'corrected',
        results: { opiates: 'positive' },
        reason: 'The laboratory confirmed the screen was a false positive.',
        changedBy: w.providerWorker.id,
      }),
    ])
    expect(list.body).toEqual([expect.objectContaining({ id: made.body.id, corrected: true })])
    expect(await auditActions(person.id)).toEqual(expect.arrayContaining(['drug-test.add', 'drug-test.correct']))
  })

  it('when a correction breaks a rule or repeats another test, then it is refused and the test is unchanged', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const api = w.as(w.tokens.provider)
    const p = `/people/${person.id}/drug-tests`
    const a = await api.post(p, { takenOn: '2026-03-12', method: 'urine', results: { opiates: 'negative' } })
    const b = await api.post(p, { takenOn: '2026-03-13', method: 'urine', results: { opiates: 'negative' } })
    const reason = 'Typed the wrong day'

    const future = await api.put(`${p}/${b.body.id}`, { ...a.body, takenOn: '2026-04-01', reason })
    const breath = await api.put(`${p}/${b.body.id}`, { ...a.body, takenOn: '2026-03-13', method: 'breath', reason })
    const same = await api.put(`${p}/${b.body.id}`, {
      takenOn: '2026-03-12',
      method: 'urine',
      results: { opiates: 'negative' },
      reason,
    })

    expect(fieldsOf(expectProblem(future, 422))).toEqual(['takenOn'])
    expect(fieldsOf(expectProblem(breath, 422))).toEqual(['results.opiates'])
    expect(expectProblem(same, 409).errors?.[0]).toEqual(expect.objectContaining({ duplicateOf: a.body.id }))
    expect(await ctx.db('drug_test').where({ id: b.body.id }).first()).toEqual(
      expect.objectContaining({ taken_on: '2026-03-13', version: 1, corrected_at: null }),
    )
  })

  it('when another organisation’s provider or another officer corrects or withdraws the test, then it is not found, recorded as refused, and nothing changes', async () => {
    const made = await w.as(w.tokens.provider).post(`/people/${w.mine.person.id}/drug-tests`, {
      takenOn: '2026-03-14',
      method: 'hair',
      results: { cocaine: 'negative' },
    })
    const path = `/people/${w.mine.person.id}/drug-tests/${made.body.id}`
    const change = { takenOn: '2026-03-14', method: 'hair', results: { cocaine: 'positive' }, reason: 'Mine now' }

    const theirs = await w.as(w.tokens.otherProvider).put(path, change)
    const theirWithdraw = await w.as(w.tokens.otherProvider).post(`${path}/withdrawn`, { reason: 'No' })
    const otherOfficer = await w.as(w.tokens.otherOfficer).put(path, change)
    const clerk = await w.as(await apiToken(ctx.app, w.clerk.email)).put(path, change)
    const refusals = await ctx
      .db('audit_event')
      .where({ action: 'access_refused', user_id: w.otherProvider.id })
      .select('detail')

    expectProblem(theirs, 404)
    expectProblem(theirWithdraw, 404)
    expectProblem(otherOfficer, 404)
    expectProblem(clerk, 403)
    expect(refusals.length).toBeGreaterThanOrEqual(2)
    expect(await ctx.db('drug_test').where({ id: made.body.id }).first()).toEqual(
      expect.objectContaining({ version: 1, withdrawn_at: null }),
    )
    expect(await ctx.db('drug_test_revision').where({ test_id: made.body.id })).toHaveLength(0)
  })

  it('when the tester withdraws a test with a reason, then it leaves the list and the pack, stays readable with its history, and cannot be withdrawn again', async () => {
    const { person, reviews } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const api = w.as(w.tokens.provider)
    const p = `/people/${person.id}/drug-tests`
    const kept = await api.post(p, { takenOn: '2026-03-09', method: 'urine', results: { cocaine: 'negative' } })
    const wrong = await api.post(p, { takenOn: '2026-03-10', method: 'urine', results: { cocaine: 'positive' } })
    const fixed = await api.post(p, { takenOn: '2026-03-11', method: 'urine', results: { opiates: 'positive' } })
    await api.put(`${p}/${fixed.body.id}`, {
      takenOn: '2026-03-11',
      method: 'urine',
      results: { opiates: 'positive_prescribed' },
      reason: 'Prescribed codeine: the prescription was seen.',
    })

    const noReason = await api.post(`${p}/${wrong.body.id}/withdrawn`, { reason: '  ' })
    const withdrawn = await api.post(`${p}/${wrong.body.id}/withdrawn`, { reason: 'Sample belonged to someone else.' })
    const twice = await api.post(`${p}/${wrong.body.id}/withdrawn`, { reason: 'Again' })
    const correctAfter = await api.put(`${p}/${wrong.body.id}`, { ...kept.body, takenOn: '2026-03-12', reason: 'x' })
    const list = await api.get(p)
    const read = await w.clerkApi.get(`${p}/${wrong.body.id}`)
    const pack = await (await signIn(ctx.app, w.clerk.email)).get(`/reviews/${reviews[0].id}/pack`)

    expect(fieldsOf(expectProblem(noReason, 400))).toEqual(['reason'])
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.body.withdrawn).toEqual(
      expect.objectContaining({ by: w.providerWorker.id, reason: 'Sample belonged to someone else.' }),
    )
    expectProblem(twice, 409)
    expectProblem(correctAfter, 409)
    expect(list.body.map((t: { id: string }) => t.id).sort()).toEqual([kept.body.id, fixed.body.id].sort())
    expect(read.body.history).toEqual([
      expect.objectContaining({ kind: 'withdrawn', results: { cocaine: 'positive' } }),
    ])
    expect(pack.status).toBe(200)
    expect(pack.text).toContain('9 March 2026')
    expect(pack.text).not.toContain('10 March 2026')
    expect(pack.text).toMatch(/11 March 2026[\s\S]*?\(corrected\)/)
    expect(pack.text.match(/\(corrected\)/g)).toHaveLength(1)
    expect(await auditActions(person.id)).toEqual(expect.arrayContaining(['drug-test.withdraw']))
  })
})
