import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { FULL_REPORT, qa, textOf } from '../progress/progressWorld'
import { HOSTILE_NAME, makePackWorld, type PackWorld } from './packWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-20T09:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

const packsOf = (sittingId: string) => ctx.db('hearing_pack').where({ sitting_id: sittingId })

async function setUp(name = 'Pat Packson'): Promise<{ w: PackWorld; clerk: Awaited<ReturnType<typeof signIn>> }> {
  const w = await makePackWorld(ctx, name)
  return { w, clerk: await signIn(ctx.app, w.clerk.email) }
}

describe('issuing a pack that warns of missing reports', () => {
  it('when the clerk presses "Issue to the bench" with a report missing, then nothing is issued: a warning names whose report is missing and asks them to confirm', async () => {
    const { w, clerk } = await setUp(HOSTILE_NAME)
    const issue = `/sittings/${w.second.id}/pack/issue`

    const asked = await submitForm(clerk, `/sittings/${w.second.id}/pack`, {}, issue)
    const page = await clerk.get(issue)

    expect(asked.status).toBe(303)
    expect(asked.headers.location).toBe(issue)
    expect(await packsOf(w.second.id)).toHaveLength(0)
    expect(page.status).toBe(200)
    expect(textOf(page.text)).toContain('Issue the pack without these reports?')
    expect(textOf(qa(page.text, 'issue-warning'))).toBe(
      '! Warning 1 progress report is missing. The bench will see a warning in the pack for each.',
    )
    expect(textOf(qa(page.text, 'missing-reports'))).toBe(`${HOSTILE_NAME} (${w.person.crn}): no report started`)
    expect(page.text).not.toContain(HOSTILE_NAME)
    expect(textOf(qa(page.text, 'confirm-issue'))).toContain('Issue to the bench without them')
    expect(page.text).toContain(`href="/sittings/${w.second.id}/pack">Cancel</a>`)
  })

  it('when the clerk confirms, then version 1 is issued once and the clerk is back at the sitting', async () => {
    const { w, clerk } = await setUp()
    const issue = `/sittings/${w.second.id}/pack/issue`
    const page = await clerk.get(issue)
    const body = { confirm: 'yes', _csrf: csrfFrom(page.text) }

    const first = await clerk.post(issue).type('form').send(body)
    const second = await clerk.post(issue).type('form').send(body)
    const sitting = await clerk.get(`/sittings/${w.second.id}`)

    expect(first.headers.location).toBe(`/sittings/${w.second.id}`)
    expect(second.headers.location).toBe(`/sittings/${w.second.id}`)
    expect(textOf(sitting.text)).toContain('has not changed since version 1')
    expect(await packsOf(w.second.id)).toHaveLength(1)
  })

  it('when every report is in, then "Issue to the bench" issues at once, with no confirmation', async () => {
    const { w, clerk } = await setUp()
    const put = await w.officerApi.put(`/reviews/${w.r2.id}/report`, { ...FULL_REPORT, submit: true })
    expect(put.status).toBe(200)

    const res = await submitForm(clerk, `/sittings/${w.second.id}/pack`, {}, `/sittings/${w.second.id}/pack/issue`)
    const sitting = await clerk.get(res.headers.location)

    expect(res.headers.location).toBe(`/sittings/${w.second.id}`)
    expect(textOf(qa(sitting.text, 'flash'))).toContain('Hearing pack version 1 issued to the bench.')
    expect(await packsOf(w.second.id)).toHaveLength(1)
  })

  it('when a sentencer opens or posts the confirmation, then it is refused (403) and nothing is issued', async () => {
    const { w } = await setUp()
    const bench = await signIn(ctx.app, w.magistrate1.email)

    const page = await bench.get(`/sittings/${w.second.id}/pack/issue`)
    const res = await submitForm(bench, '/account/password', { confirm: 'yes' }, `/sittings/${w.second.id}/pack/issue`)

    expect([page.status, res.status]).toEqual([403, 403])
    expect(await packsOf(w.second.id)).toHaveLength(0)
  })
})
