import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { errorSummary } from '../../support/html'
import { qa, textOf } from '../progress/progressWorld'
import { toCurrentUser } from '../../../server/services/authService'
import { paths } from '../../../server/paths'
import { FEED_START } from './calendarFeedWorld'

// The account page every role has: it offers a calendar feed, and a clerk can turn the daily digest
// email off and on again.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: FEED_START })
})

afterAll(async () => {
  await ctx.close()
})

describe('the account page', () => {
  it.each(['clerk', 'probation', 'provider', 'sentencer', 'admin'] as const)(
    'when a %s is signed in, then the header links to their account page, which offers a feed',
    async role => {
      const user = await makeUser(ctx.services, role)
      const agent = await signIn(ctx.app, user.email)
      const home = await agent.get(paths.home).redirects(2)
      expect(home.status).toBe(200)
      expect(qa(home.text, 'account-link')).toContain(`href="${paths.account}"`)

      const res = await agent.get(paths.account)

      expect(res.status).toBe(200)
      expect(textOf(qa(res.text, 'feed-status'))).toContain('You do not have a calendar feed address')
      expect(qa(res.text, 'create-feed')).toContain('name="_csrf"')
      expect(Boolean(qa(res.text, 'digest-form'))).toBe(role === 'clerk')
    },
  )

  it('when a clerk turns the daily digest off, then it is saved and shown, and back on again', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, clerk.email)
    expect(qa((await agent.get(paths.account)).text, 'digest-form')).toMatch(/value="yes" checked/)

    const off = await submitForm(agent, paths.account, { digest: 'no' }, paths.accountDigest)

    expect(off.status).toBe(303)
    expect((await ctx.db('app_user').where({ id: clerk.id }).first()).digest_opt_out).toBeTruthy()
    expect(await ctx.services.calendarFeeds.wantsDigest(toCurrentUser(clerk))).toBe(false)
    const page = await agent.get(paths.account)
    expect(textOf(qa(page.text, 'flash'))).toBe('Success You will not get the daily digest email.')
    expect(qa(page.text, 'digest-form')).toMatch(/value="no" checked/)
    expect(qa(page.text, 'digest-form')).not.toMatch(/value="yes" checked/)
    expect(textOf(page.text)).toContain('Essential notices are always sent and cannot be turned off')

    await submitForm(agent, paths.account, { digest: 'yes' }, paths.accountDigest)
    expect((await ctx.db('app_user').where({ id: clerk.id }).first()).digest_opt_out).toBeFalsy()
    const audit = await ctx.services.audit.list({ userId: clerk.id, action: 'set_digest' })
    expect(audit.map(e => e.detail)).toEqual([{ digest: true }, { digest: false }])
  })

  it('when the digest answer is missing or unknown, then the page shows the error summary and nothing changes', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, clerk.email)

    for (const body of [{}, { digest: 'maybe' }]) {
      const res = await submitForm(agent, paths.account, body, paths.accountDigest)
      expect(res.status).toBe(303)
      const page = await agent.get(paths.account)
      expect(errorSummary(page.text)).toEqual(['#digest: Select yes if you want the daily digest email'])
      expect(page.text).toContain('<title>Error: Your account')
      expect(page.text).toContain('id="digest-error"')
    }
    expect((await ctx.db('app_user').where({ id: clerk.id }).first()).digest_opt_out).toBeFalsy()
  })

  it('when someone other than a clerk posts the digest form, then it is refused', async () => {
    const officer = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, officer.email)
    const page = await agent.get(paths.account)

    const res = await agent
      .post(paths.accountDigest)
      .type('form')
      .send({ digest: 'no', _csrf: csrfFrom(page.text) })

    expect(res.status).toBe(403)
    expect((await ctx.db('app_user').where({ id: officer.id }).first()).digest_opt_out).toBeFalsy()
  })
})
