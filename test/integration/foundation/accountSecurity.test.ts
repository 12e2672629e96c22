import request from 'supertest'
import {
  apiToken,
  createTestContext,
  csrfFrom,
  signIn,
  submitForm,
  TEST_PASSWORD,
  type TestContext,
} from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { sha256 } from '../../../server/utils/ids'

// What a user sees and controls of their own access: other sessions and tokens end when the password
// changes (OWASP ASVS 5.0 7.4.3), their API tokens listed with "Revoke", and notices by email.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const bearer = (token: string) => request(ctx.app).get('/api/v1/courts').set('Authorization', `Bearer ${token}`)

describe('changing your password', () => {
  it('ASVS 5.0 7.4.3: when a user changes their password, then every other session and every API token stop working, this session carries on, and they are emailed', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const here = await signIn(ctx.app, user.email)
    const otherBrowser = await signIn(ctx.app, user.email)
    const token = await apiToken(ctx.app, user.email)
    expect((await otherBrowser.get('/calendar')).status).toBe(200)
    expect((await bearer(token)).status).toBe(200)

    const res = await submitForm(here, '/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'Brand-new-passphrase-for-2027',
      confirmPassword: 'Brand-new-passphrase-for-2027',
    })
    const home = await here.get('/calendar')
    const other = await otherBrowser.get('/calendar')
    const api = await bearer(token)
    const mail = await ctx.db('email_outbox').where({ to_address: user.email }).pluck('subject')

    expect(res.status).toBe(303)
    expect(home.status).toBe(200)
    expect(home.text).toContain('Every other session was signed out and your API tokens were turned off')
    expect(other.status).toBe(302)
    expect(other.headers.location).toBe('/sign-in')
    expect(api.status).toBe(401)
    expect(mail).toContain('Your password was changed')
    expect(await ctx.services.web.sessions.countForUser(user.id)).toBe(1)
  })

  it('ASVS 5.0 7.4.3: when an administrator resets a password, then every session of the user ends', async () => {
    const user = await makeUser(ctx.services, 'provider')
    const browser = await signIn(ctx.app, user.email)
    const admin = await signIn(ctx.app, (await makeUser(ctx.services, 'admin')).email)

    await submitForm(admin, `/admin/users/${user.id}`, {}, `/admin/users/${user.id}/reset-password`)

    expect((await browser.get('/clients')).status).toBe(302)
    expect(await ctx.services.web.sessions.countForUser(user.id)).toBe(0)
  })
})

describe('your API tokens', () => {
  it('when a user has tokens, then Your account lists when each was issued, last used and expires, and "Revoke" stops just that one', async () => {
    const user = await makeUser(ctx.services, 'probation')
    const first = await apiToken(ctx.app, user.email)
    const second = await apiToken(ctx.app, user.email)
    expect((await bearer(first)).status).toBe(200)
    const agent = await signIn(ctx.app, user.email)

    const page = await agent.get('/account')
    const table = /<table class="govuk-table" data-qa="tokens">[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? ''
    const secondId = (
      await ctx
        .db('api_token')
        .where({ token_hash: sha256(second) })
        .first()
    ).id
    const revoke = await agent
      .post('/account/tokens/revoke')
      .type('form')
      .send({ tokenId: secondId, _csrf: csrfFrom(page.text) })
    const after = await agent.get(revoke.headers.location)

    expect(table.match(/<tr class="govuk-table__row">/g)).toHaveLength(3)
    expect(table).toContain('Not used')
    expect(table).toContain('Revoke<span class="govuk-visually-hidden"> the token issued')
    expect(table).toContain(`name="tokenId" value="${secondId}"`)
    expect(revoke.status).toBe(303)
    expect(after.text).toContain('API token revoked')
    expect(after.text).toContain('Revoked')
    expect((await bearer(second)).status).toBe(401)
    expect((await bearer(first)).status).toBe(200)
  })

  it('when a user tries to revoke another user’s token, then it is not found (404) and the token still works', async () => {
    const owner = await makeUser(ctx.services, 'clerk')
    const token = await apiToken(ctx.app, owner.email)
    const [theirs] = await ctx.services.auth.tokensFor(owner.id)
    const other = await signIn(ctx.app, (await makeUser(ctx.services, 'clerk')).email)
    const page = await other.get('/account')

    const res = await other
      .post('/account/tokens/revoke')
      .type('form')
      .send({ tokenId: theirs.id, _csrf: csrfFrom(page.text) })

    const empty = await other
      .post('/account/tokens/revoke')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })

    expect(res.status).toBe(404)
    expect(empty.status).toBe(400)
    expect((await bearer(token)).status).toBe(200)
  })

  it('ASVS 5.0 6.3.7: when a token is issued, then its owner is emailed, without the token', async () => {
    const user = await makeUser(ctx.services, 'sentencer')
    const token = await apiToken(ctx.app, user.email)

    const mail = await ctx.db('email_outbox').where({ to_address: user.email })
    expect(mail.map(m => m.subject)).toEqual(['An API token was issued for your account'])
    expect(JSON.stringify(mail)).not.toContain(token)
  })
})
