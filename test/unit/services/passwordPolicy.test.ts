import fc from 'fast-check'
import {
  CONTEXT_WORDS,
  PASSWORD_MESSAGES as M,
  passwordProblem,
  warmPasswordPolicy,
} from '../../../server/services/passwordPolicy'
import { DEFAULT_DEMO_PASSWORD } from '../../../server/config'
import { TEST_PASSWORD } from '../../support/testApp'

const priya = { email: 'clerk@example.com', name: 'Priya Shah' }
const RUNS = { numRuns: 200 }

/** NFC strings of `min` to `max` code points (after NFC) from anywhere up to plane 2, marks and all. */
const codePoints = (min: number, max: number) =>
  fc
    .array(
      fc.integer({ min: 0x20, max: 0x2ffff }).filter(cp => (cp < 0xd800 || cp > 0xdfff) && cp !== 0x7f),
      { minLength: min, maxLength: max },
    )
    .map(cps => String.fromCodePoint(...cps).normalize('NFC'))
    // NFC can lengthen as well as shorten: a few characters (U+1D1BB–U+1D1C0, musical symbols) are
    // never composed, so they come out as three code points each.
    .filter(s => [...s].length >= min && [...s].length <= max)

// Set up once before the table, so each row measures (and fails on) its rule, not the set-up.
let initMs = 0
const fetchSpy = jest.spyOn(globalThis, 'fetch')
beforeAll(() => {
  initMs = warmPasswordPolicy()
})
afterAll(() => fetchSpy.mockRestore())

describe('passwordProblem: the rules, one by one', () => {
  it.each([
    ['ASVS 5.0 6.2.1', 'eleven code points', 'Eleven-char', M.tooShort],
    ['ASVS 5.0 6.2.1', 'an empty password', '', M.tooShort],
    ['ASVS 5.0 6.2.1', 'eleven emoji (22 UTF-16 units, 11 code points)', '🔒'.repeat(11), M.tooShort],
    ['ASVS 5.0 6.2.1', 'e + combining acute, 6 times (12 units, 6 after NFC)', 'e\u0301'.repeat(6), M.tooShort],
    ['ASVS 5.0 6.2.9', '201 characters', 'Horse battery staple '.repeat(10).slice(0, 201), M.tooLong],
    ['ASVS 5.0 6.2.9', 'a megabyte', 'x'.repeat(1_000_000), M.tooLong],
    ['ASVS 5.0 6.2.1', 'twelve spaces', ' '.repeat(12), M.blank],
    ['ASVS 5.0 6.2.1', 'tabs, newlines and non-breaking spaces', '\t\n\u00a0\u2003'.repeat(3), M.blank],
    ['ASVS 5.0 6.2.1', 'zero-width spaces', '\u200b'.repeat(12), M.blank],
    ['ASVS 5.0 6.2.11', 'the user’s own email address', 'clerk@example.com', M.isPersonal],
    ['ASVS 5.0 6.2.11', 'the email in capitals with spaces', ' CLERK @ EXAMPLE . COM ', M.isPersonal],
    ['ASVS 5.0 6.2.11', 'the name, without its space, padded to length', 'priya.shah!!!', M.isPersonal],
    ['ASVS 5.0 6.2.11', 'the email inside a longer password', 'my-clerk@example.com-pass', M.hasPersonal],
    ['ASVS 5.0 6.2.11', 'the local part inside it', 'Horse-CLERK-staple', M.hasPersonal],
    ['ASVS 5.0 6.2.11', 'the whole name inside it', 'I am Priya Shah, hello', M.hasPersonal],
    ['ASVS 5.0 6.2.4', 'password1234', 'password1234', M.common],
    ['ASVS 5.0 6.2.4', 'Password1234', 'Password1234', M.common],
    ['ASVS 5.0 6.2.4', 'qwertyuiop12', 'qwertyuiop12', M.common],
    ['ASVS 5.0 6.2.4', '123456789012', '123456789012', M.common],
    ['ASVS 5.0 6.2.12', 'a listed password padded with a year and symbols', 'Liverpool2026!!', M.common],
    ['ASVS 5.0 6.2.12', 'a listed word padded with symbols', 'sunshine#$%&*', M.common],
    ['ASVS 5.0 6.2.12', 'a listed password in full-width letters', 'ｐａｓｓｗｏｒｄ１２３４', M.common],
    [
      'ASVS 5.0 6.2.12',
      'a listed password padded with zero-width spaces',
      'password\u200b\u200b\u200b\u200b',
      M.common,
    ],
    ['ASVS 5.0 6.2.12', 'aaaaaaaaaaaa', 'aaaaaaaaaaaa', M.guessable('it repeats characters, like "aaa"')],
    ['ASVS 5.0 6.2.12', 'a run of letters', 'abcdefghijklmn', M.guessable('it is a sequence, like "abc" or "6543"')],
    ['ASVS 5.0 6.2.12', 'two common words together', 'ilovemanchester', M.guessable('it is built on common passwords')],
    [
      'ASVS 5.0 6.2.11',
      'context words and a year',
      'Court-Review-2026',
      M.guessable('it is made only of your own details, words about this service and numbers'),
    ],
    [
      'ASVS 5.0 6.2.11',
      'the name’s words the other way round',
      'Shah-Priya-2026',
      M.guessable('it is made only of your own details, words about this service and numbers'),
    ],
    [
      'ASVS 5.0 6.2.11',
      'the law’s own words',
      'Drug Rehabilitation Requirement',
      M.guessable('it is made only of your own details, words about this service and numbers'),
    ],
  ])('%s: when the password is %s, then it is refused naming the rule', (_asvs, _what, password, message) => {
    expect(passwordProblem(password, priya)).toBe(message)
  })

  const al = { email: 'al@example.com', name: 'Al Li' }
  it.each([
    ['ASVS 5.0 6.2.1, 6.2.5', 'the demo users’ password', DEFAULT_DEMO_PASSWORD, priya],
    ['ASVS 5.0 6.2.1, 6.2.5', 'the tests’ password', TEST_PASSWORD, priya],
    ['ASVS 5.0 6.2.5', 'a passphrase of four words with spaces', 'correct horse battery staple', priya],
    ['ASVS 5.0 6.2.5', 'four unrelated words in lower case', 'lantern orbit pickle meadow', priya],
    ['ASVS 5.0 6.2.5', 'twelve random characters of every kind', 'Xk9#mP2$vL5q', priya],
    ['ASVS 5.0 6.2.5', 'Welsh words with accents', 'Mae’r ŵyn yn chwarae ar y bryn', priya],
    ['ASVS 5.0 6.2.5', 'emoji and words', '🦊 fox jumps 🌙 over the moon', priya],
    [
      'ASVS 5.0 6.2.9',
      'sixty-four characters',
      'quietly-orbiting-lanterns-under-pickled-meadows-of-saffron-dusk!',
      priya,
    ],
    ['ASVS 5.0 6.2.9', 'two hundred characters', 'Lantern orbit pickle meadow saffron '.repeat(6).slice(0, 200), priya],
    ['ASVS 5.0 6.2.11', 'a word that merely starts with a context word', 'courtesy-phrase-lantern', priya],
    ['ASVS 5.0 6.2.11', 'a local part under 4 characters inside it', 'al-lantern-orbit-pickle', al],
  ])('%s: when the password is %s, then it is allowed', (_asvs, _what, password, user) => {
    expect(passwordProblem(password, user)).toBeNull()
  })

  it('ASVS 5.0 6.2.11: when the user has no email or name, then only the other rules apply', () => {
    expect(passwordProblem('correct horse battery staple', {})).toBeNull()
    expect(passwordProblem('password1234', {})).toBe(M.common)
  })

  it('ASVS 5.0 6.1.2: the context-specific words are a documented, exported list', () => {
    expect(CONTEXT_WORDS).toEqual(expect.arrayContaining(['drug rehabilitation requirement', 'court', 'probation']))
  })
})

describe('passwordProblem: properties', () => {
  it('ASVS 5.0 6.2.11: any password containing the user’s full email address is refused', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (email, a, b) => {
        expect(passwordProblem(`${a}${email}${b}`, { email, name: 'Sam Jones' })).not.toBeNull()
      }),
      RUNS,
    )
  })

  it('ASVS 5.0 6.2.1: any string of fewer than 12 code points (after NFC) is refused as too short', () => {
    fc.assert(
      fc.property(codePoints(0, 11), fc.emailAddress(), (password, email) => {
        expect(passwordProblem(password, { email })).toBe(M.tooShort)
      }),
      RUNS,
    )
  })

  it('ASVS 5.0 6.2.9: any string of more than 200 code points is refused as too long', () => {
    fc.assert(
      fc.property(codePoints(201, 260), password => {
        expect(passwordProblem(password, priya)).toBe(M.tooLong)
      }),
      { numRuns: 50 },
    )
  })

  it('the answer is deterministic: the same password and user give the same answer, whatever was checked between', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ minLength: 10, maxLength: 40 }), codePoints(10, 40)),
        fc.string({ maxLength: 30 }),
        fc.record({ email: fc.emailAddress(), name: fc.string({ maxLength: 20 }) }),
        (password, other, user) => {
          const first = passwordProblem(password, user)
          passwordProblem(other, user)
          passwordProblem(password, priya)
          expect(passwordProblem(password, user)).toBe(first)
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe('passwordProblem: cost', () => {
  it('set up once, lazily, fetching nothing; then a check takes a few milliseconds, and the longest allowed password well under a second', () => {
    const passwords = [
      DEFAULT_DEMO_PASSWORD,
      TEST_PASSWORD,
      'correct horse battery staple',
      'Xk9#mP2$vL5q',
      'aaaaaaaaaaaa',
      'ilovemanchester',
      'Mae’r ŵyn yn chwarae ar y bryn',
      'lantern orbit pickle meadow',
    ]
    for (const p of passwords) passwordProblem(p, priya) // warm (the JIT)
    const times = []
    for (let round = 0; round < 5; round++)
      for (const p of passwords) {
        const start = performance.now()
        passwordProblem(p, priya)
        times.push(performance.now() - start)
      }
    times.sort((a, b) => a - b)
    const median = times[Math.floor(times.length / 2)]
    const start = performance.now()
    passwordProblem('p4$$w0rd'.repeat(25), priya)
    const longest = performance.now() - start

    console.info(
      `password policy: set-up ${initMs.toFixed(1)} ms; a check ${median.toFixed(2)} ms median, ` +
        `${times[times.length - 1].toFixed(2)} ms slowest; a 200-character l33t password ${longest.toFixed(1)} ms`,
    )
    expect(warmPasswordPolicy()).toBe(0)
    expect(fetchSpy).not.toHaveBeenCalled()
    expect(median).toBeLessThan(20)
    expect(longest).toBeLessThan(1000)
  })
})
