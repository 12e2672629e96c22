import request from 'supertest'
import { submitForm } from '../../support/testApp'

// What the sign-in tests (authSignIn, authSession and authPasswordChange .test.ts) read off pages and
// cookies, and how they post the sign-in form.

export const SIGN_IN_FAILED = 'Enter a correct email address and password'

/** The text of the GOV.UK error summary on a page, or '' when there is none. */
export function errorSummary(html: string): string {
  const m = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)
  return m ? m[0] : ''
}

/** The inline error message in the form group of the field called `name`. */
export function inlineError(html: string, name: string): string | undefined {
  const group = html.split('<div class="govuk-form-group').find(chunk => chunk.includes(`name="${name}"`))
  const m =
    group && /class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span>([^<]*)</.exec(group)
  return m ? m[1].trim() : undefined
}

export function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown
  return Array.isArray(header) ? header : typeof header === 'string' ? [header] : []
}

/** The session id inside express-session's signed cookie value ("s:<sid>.<signature>"). */
export function sessionIdFrom(res: request.Response, name = 'session'): string | undefined {
  const cookie = setCookies(res).find(c => c.startsWith(`${name}=`))
  if (!cookie) return undefined
  const value = decodeURIComponent(cookie.slice(name.length + 1).split(';')[0])
  return value.slice(2, value.lastIndexOf('.'))
}

export async function postSignIn(agent: ReturnType<typeof request.agent>, email: string, password: string) {
  return submitForm(agent, '/sign-in', { email, password })
}
