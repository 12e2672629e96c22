import request from 'supertest'
import { createTestContext, submitForm, TEST_PASSWORD, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { errorSummary, inlineError, postSignIn } from './authSupport'

// A user who must change their password (a new account, or one an admin reset) is kept on the form
// until they choose one the rules accept.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

describe('changing a password that must be changed', () => {
  async function signInAsUserWhoMustChangePassword() {
    const user = await makeUser(ctx.services, 'clerk')
    await ctx.db('app_user').where({ id: user.id }).update({ must_change_password: true })
    const agent = request.agent(ctx.app)
    const res = await postSignIn(agent, user.email, TEST_PASSWORD)
    return { user, agent, res }
  }

  it('when a user must change their password, then sign-in and every page send them to /account/password', async () => {
    const { agent, res } = await signInAsUserWhoMustChangePassword()

    const elsewhere = await agent.get('/calendar')
    const page = await agent.get('/account/password')

    expect(res.headers.location).toBe('/account/password')
    expect(elsewhere.status).toBe(303)
    expect(elsewhere.headers.location).toBe('/account/password')
    expect(page.status).toBe(200)
    expect(page.text).toContain('You must choose a new password')
  })

  it('when the new password breaks the rules, then each field is named in the error summary and next to the field', async () => {
    const { agent } = await signInAsUserWhoMustChangePassword()

    const res = await submitForm(agent, '/account/password', {
      currentPassword: 'Not-My-Password-1',
      newPassword: 'short',
      confirmPassword: 'different',
    })
    const page = await agent.get('/account/password')

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/account/password')
    const summary = errorSummary(page.text)
    expect(summary).toContain('href="#currentPassword"')
    expect(summary).toContain('Current password is not correct')
    expect(summary).toContain('href="#newPassword"')
    expect(summary).toContain('Password must be at least 12 characters')
    expect(summary).toContain('href="#confirmPassword"')
    expect(summary).toContain('Passwords do not match')
    expect(inlineError(page.text, 'newPassword')).toBe('Password must be at least 12 characters')
    expect(inlineError(page.text, 'confirmPassword')).toBe('Passwords do not match')
    for (const field of ['currentPassword', 'newPassword', 'confirmPassword']) {
      // Each summary link lands on its field, and what is typed there stays hidden.
      expect(page.text).toMatch(new RegExp(`<input [^>]*id="${field}" name="${field}" type="password"`))
    }
    expect(page.text).not.toContain('Not-My-Password-1')
  })

  it.each([
    ['aaaaaaaaaaaa', 'Password is too easy to guess'],
    ['password1234', 'Password is too common'],
    ['            ', 'not only spaces'],
    ['Password1234', 'Password is too common'],
  ])(
    'ASVS 5.0 6.2.4 / 6.2.11: when the new password is %j, then it is refused with "%s", named next to the field',
    async (newPassword, message) => {
      const { agent } = await signInAsUserWhoMustChangePassword()
      await submitForm(agent, '/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword,
        confirmPassword: newPassword,
      })
      const page = await agent.get('/account/password')
      expect(errorSummary(page.text)).toContain('href="#newPassword"')
      expect(inlineError(page.text, 'newPassword')).toContain(message)
    },
  )

  it('ASVS 5.0 6.2.11: when the new password is the user’s own email address, then it is refused', async () => {
    const { user, agent } = await signInAsUserWhoMustChangePassword()
    await submitForm(agent, '/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: user.email,
      confirmPassword: user.email,
    })
    const page = await agent.get('/account/password')
    expect(inlineError(page.text, 'newPassword')).toBe('Password must not be your email address or name')
  })

  it('when the user chooses a good new password, then they reach their home page and sign in with it next time', async () => {
    const { user, agent } = await signInAsUserWhoMustChangePassword()
    const newPassword = 'A-much-longer-passphrase-2026'

    const res = await submitForm(agent, '/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword,
      confirmPassword: newPassword,
    })
    const home = await agent.get('/calendar')
    const oldPassword = await postSignIn(request.agent(ctx.app), user.email, TEST_PASSWORD)
    const nextTime = await postSignIn(request.agent(ctx.app), user.email, newPassword)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/calendar')
    expect(home.status).toBe(200)
    expect(home.text).toContain('Your password has been changed.')
    expect(oldPassword.status).toBe(401)
    expect(nextTime.headers.location).toBe('/calendar')
  })
})
