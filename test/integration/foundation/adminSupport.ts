import request from 'supertest'
import { signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'

// What the admin page tests (adminUsers, adminReferenceData .test.ts) share: signing in as a new
// admin, reading the error summary and the one-time password off a page, and signing in afresh.

export type Agent = ReturnType<typeof request.agent>

/** Helpers that act in the test file's context, read when they are called (after its beforeAll). */
export function adminHelpers(context: () => TestContext) {
  async function signInAsAdmin(): Promise<Agent> {
    const ctx = context()
    const admin = await makeUser(ctx.services, 'admin')
    return signIn(ctx.app, admin.email)
  }

  async function postSignIn(email: string, password: string) {
    return submitForm(request.agent(context().app), '/sign-in', { email, password })
  }

  return { signInAsAdmin, postSignIn }
}

/** The error summary's entries as "href: message", in page order. */
export function errorSummary(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
  return [...summary.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map(m => `${m[1]}: ${m[2].trim()}`)
}

export function temporaryPasswordOn(html: string): string {
  const m = /data-qa="temporary-password">([^<]+)</.exec(html)
  if (!m) throw new Error('no temporary password on the page')
  return m[1]
}
