import request from 'supertest'
import { csrfFrom, submitForm, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { codeAt } from '../../../server/services/auth/totp'

// What the two-step verification tests (mfaSignIn, mfaManagement .test.ts) share: reading the secret
// and recovery codes off a page, setting it up, and signing in with a code.

export type Agent = ReturnType<typeof request.agent>

export const secretOn = (html: string) => /data-qa="mfa-secret">([A-Z2-7 ]+)</.exec(html)?.[1].replace(/ /g, '') ?? ''
export const codesOn = (html: string) => [...html.matchAll(/<li><code>([0-9A-Z-]{14})<\/code><\/li>/g)].map(m => m[1])

/** Helpers that act in the test file's context, read when they are called (after its beforeAll). */
export function mfaHelpers(context: () => TestContext) {
  const now = () => context().clock.now().getTime()

  /** A signed-in user sets it up on the pages; returns the secret and the recovery codes shown. */
  async function setUp(agent: Agent) {
    const page = await agent.get('/account/two-step/set-up')
    const secret = secretOn(page.text)
    const done = await agent
      .post('/account/two-step/set-up')
      .type('form')
      .send({ code: codeAt(secret, now()), _csrf: csrfFrom(page.text) })
    return { page, secret, done, codes: codesOn(done.text) }
  }

  /** Password, then the code page: the answer to the code. */
  async function signInWithCode(email: string, code: string) {
    const agent = request.agent(context().app)
    const first = await submitForm(agent, '/sign-in', { email, password: TEST_PASSWORD })
    const codePage = await agent.get('/sign-in/code')
    const res = await agent
      .post('/sign-in/code')
      .type('form')
      .send({ code, _csrf: csrfFrom(codePage.text) })
    return { agent, first, codePage, res }
  }

  return { now, setUp, signInWithCode }
}
