import fs from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../server/config'

// The security brief, point by point. Most points are proven in this folder; a few were already
// proven beside the feature they belong to, and are named here rather than proven twice. If one of
// those tests is renamed or removed, this fails, so the map in README.md cannot quietly go stale.

const PROVEN_ELSEWHERE: Record<string, [file: string, test: string][]> = {
  'session fixation: sign-in issues a new session id and removes the old one': [
    [
      'test/integration/foundation/authSignIn.test.ts',
      'when someone signs in, then a session starts only then, with a new id, and the sign-in page itself stored none',
    ],
  ],
  'timeouts: 30 minutes idle, 12 hours in all, 12-hour API tokens, sign-out ends the session': [
    [
      'test/integration/foundation/sessionTimeouts.test.ts',
      'when a signed-in user is idle for 31 minutes, then the next page sends them to sign in',
    ],
    [
      'test/integration/foundation/sessionTimeouts.test.ts',
      'when an idle user sends a form after 31 minutes, then nothing is saved and they are sent to sign in with the reason',
    ],
    [
      'test/integration/foundation/sessionTimeouts.test.ts',
      'when a user is active every 20 minutes, then they are still signed out 12 hours 1 minute after signing in',
    ],
    ['test/integration/foundation/apiAuthentication.test.ts', 'when a token is 12 hours old, then it no longer works'],
    [
      'test/integration/foundation/authSession.test.ts',
      'when a user signs out, then the session row is deleted and replaying the old cookie gets the sign-in page',
    ],
  ],
  'rate limits: growing delays per account and address on the page and the API, never a lockout of the owner': [
    [
      'test/integration/foundation/authSignIn.test.ts',
      'ASVS 5.0 6.3.1: when one address fails 5 times for an account, then the next attempt waits 15 seconds (429, Retry-After), each further failure doubles the wait, and the right password works once it has passed',
    ],
    [
      'test/integration/foundation/apiAuthentication.test.ts',
      'when an account fails 10 times, then the API refuses even the right password with 429, like the sign-in page',
    ],
  ],
  'the session cookie: Secure, HttpOnly, SameSite=Lax, __Host- in production': [
    [
      'test/integration/foundation/authSession.test.ts',
      'when running in production behind HTTPS, then the cookie is Secure, HttpOnly, SameSite=Lax and named __Host-session',
    ],
  ],
  'the route table: every route in the router starts with its guard': [
    [
      'test/integration/foundation/routes.test.ts',
      'when the router is walked, then every route starts with a guard that declares who may use it',
    ],
  ],
  'uploads: content checked (not the name), size limits, CSV formula cells exported inert': [
    [
      'test/integration/cases/psr.test.ts',
      'when a text file is renamed .pdf, then it is refused because of its content and nothing is stored',
    ],
    [
      'test/integration/cases/psr.test.ts',
      'when the file is larger than 10 MB, then it is refused and nothing is stored',
    ],
    [
      'test/integration/provider/upload.test.ts',
      'when a file has bad rows, then each is rejected with its reason, nothing is stored until confirm, and then the good rows are stored together',
    ],
    [
      'test/integration/provider/upload.test.ts',
      'when the columns are wrong, the file is empty, only a header, too big or too long, then the whole file is refused with the reason',
    ],
    [
      'test/integration/sittings/bankHolidays.test.ts',
      'when the file is not JSON, then the error is shown and the list is unchanged',
    ],
  ],
}

describe('points of the security brief proven beside their features', () => {
  it.each(Object.entries(PROVEN_ELSEWHERE))(
    'when %s is looked for, then each named test is still there',
    (_point, tests) => {
      const missing = tests.filter(([file, test]) => {
        const full = path.join(projectRoot, file)
        return !fs.existsSync(full) || !fs.readFileSync(full, 'utf8').includes(`'${test}'`)
      })

      expect(missing).toEqual([])
    },
  )
})
