import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common'

/**
 * The password rules (OWASP ASVS 5.0 V6.2), one pure function: `passwordProblem` answers the first
 * rule a new password breaks, as a message for the person choosing it, or null when it is allowed.
 * No composition rules (6.2.5): any characters, spaces and emoji included. Checked in this order:
 *
 * 1. Length, in Unicode code points after NFC normalisation: at least 12 (6.2.1 asks for 8 and
 *    strongly recommends 15), at most 200 (6.2.9 asks that 64 be allowed).
 * 2. Not only spaces (or other invisible characters).
 * 3. Not the user's own details. Compared in lower case (NFKC) with spaces, punctuation and symbols
 *    ignored: the password may not be the email address, its local part or the name; and it may not
 *    contain the whole email address, nor the whole local part or whole name when that is 4
 *    characters or more (shorter ones, like "al", would refuse too many good passwords). Parts of
 *    a name ("Shah" in "Priya Shah") are not refused outright: they are given to the strength
 *    estimate below as user inputs, which counts a password built on them as easy to guess.
 * 4. Not a common password (6.2.4 and 6.2.12): the 49,000 common and breached passwords shipped
 *    in @zxcvbn-ts/language-common (nothing is fetched at run time). The password is refused when
 *    it, in lower case (NFKC, invisible characters dropped), is in the list, or when it is once
 *    trailing digits, symbols and spaces are removed ("Password1234!" is "password"): most listed
 *    passwords are shorter than 12 characters, and a common word padded to length is what
 *    attackers try first. Spaces inside are kept: "correct horse battery staple" is allowed.
 * 5. Not only known words (6.1.2, 6.2.11): a password that is nothing but the user's details, the
 *    service's context-specific words (CONTEXT_WORDS below, the documented list) and digits
 *    ("Court-Review-2026", "Shah-Priya-2026") is refused as easy to guess.
 * 6. Not easy to guess: zxcvbn's score (0-4) must be at least 3, with the user's details and the
 *    context words as user inputs. zxcvbn reads the first 64 characters: longer passwords are
 *    strong anyway unless they start weakly, and reading all 200 can take a tenth of a second.
 *
 * zxcvbn and the common-password set are built once, on the first call (15-80 ms here, more on a
 * busy machine; loading the two packages costs about 60 ms at start-up); a check then takes a few
 * milliseconds (a 64-character run of l33t substitutions, the slowest kind, up to ~150 ms).
 */

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 200
/** zxcvbn's score (0 too guessable ... 4 very unguessable) a password must reach. */
export const PASSWORD_MIN_SCORE = 3
/** Characters zxcvbn reads (its `maxLength`). */
const ESTIMATE_LENGTH = 64
/** A local part or name shorter than this is refused only as the whole password, not inside one. */
const CONTAINED_MIN_LENGTH = 4

/**
 * Context-specific words (ASVS 5.0 6.1.2, 6.2.11): the service, the law and the people it serves.
 * A password built on them counts as easy to guess.
 */
export const CONTEXT_WORDS = [
  'drug rehabilitation requirement',
  'drr',
  'review',
  'hearing',
  'court',
  'courts',
  'magistrate',
  'magistrates',
  'sentencer',
  'sentencing',
  'judge',
  'justice',
  'clerk',
  'probation',
  'provider',
  'treatment',
  'admin',
  'administrator',
  'hmcts',
  'moj',
  'ministry of justice',
  'england',
  'wales',
]

export interface PasswordUser {
  email?: string
  name?: string
}

const CLOSING = 'Choose a longer phrase of unrelated words'

export const PASSWORD_MESSAGES = {
  tooShort: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  tooLong: `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`,
  blank: 'Password must contain letters, numbers or symbols, not only spaces',
  isPersonal: 'Password must not be your email address or name',
  hasPersonal: 'Password must not contain your email address or name',
  common: `Password is too common: it appears in lists of passwords criminals try first. ${CLOSING}`,
  guessable: (why: string) => `Password is too easy to guess: ${why}. ${CLOSING}`,
} as const

/** Why zxcvbn found it guessable, by its warning key (its own words are keys, not sentences). */
const WHY: Record<string, string> = {
  straightRow: 'it is a row of keys on the keyboard',
  keyPattern: 'it is a pattern of keys on the keyboard',
  simpleRepeat: 'it repeats characters, like "aaa"',
  extendedRepeat: 'it repeats a word or a group of characters',
  sequences: 'it is a sequence, like "abc" or "6543"',
  recentYears: 'it is built on a recent year',
  dates: 'it is built on a date',
  topTen: 'it is built on one of the most common passwords',
  topHundred: 'it is built on a very common password',
  common: 'it is built on a common password',
  similarToCommon: 'it is built on common passwords',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'names on their own are easy to guess',
  commonNames: 'it is built on common names',
  userInputs: 'it is built on your own details or words about this service',
  onlyKnownWords: 'it is made only of your own details, words about this service and numbers',
}
const WHY_OTHERWISE = 'it follows a pattern attackers try early'

interface Checker {
  zxcvbn: ZxcvbnFactory
  common: Set<string>
}
let checker: Checker | null = null

/** zxcvbn and the common-password set, built on the first call and kept for the process. */
function getChecker(): Checker {
  checker ??= {
    zxcvbn: new ZxcvbnFactory({
      dictionary: { ...dictionary },
      graphs: adjacencyGraphs,
      maxLength: ESTIMATE_LENGTH,
    }),
    common: new Set(dictionary['passwords-common']),
  }
  return checker
}

/** How long the first call's set-up takes, in milliseconds (0 if it was already done). */
export function warmPasswordPolicy(): number {
  if (checker) return 0
  const start = performance.now()
  getChecker()
  return performance.now() - start
}

/** For comparing with the user's details: compatibility-normalised, lower case, letters and digits only. */
const squash = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\p{Cc}\p{Cf}]/gu, '')

/** Only spaces and characters that print nothing. */
const BLANK = /^[\s\p{Z}\p{Cc}\p{Cf}]*$/u
/** Characters that print nothing (a zero-width space), ignored when looking a password up. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu
/** Digits, symbols, punctuation and spaces at the end ("password1234!" → "password"). */
const TRAILING_PADDING = /[\p{N}\p{P}\p{S}\s\p{Z}]+$/u

/** The context words, squashed, longest first, as one alternation. */
const CONTEXT_SQUASHED = [...new Set(CONTEXT_WORDS.flatMap(w => [w, ...w.split(' ')]).map(w => squash(w)))]
  .filter(w => w !== '')
  .sort((a, b) => b.length - a.length)

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The user's details: the email address, its local part and domain, the name, each in full and word by word. */
function userWords(user: PasswordUser): string[] {
  const email = user.email?.trim() ?? ''
  const [local = '', domain = ''] = email.split('@')
  const words = [email, local, domain, user.name ?? '']
    .flatMap(s => [s, ...s.split(/[\s\p{P}\p{S}]+/u)])
    .map(s => s.trim())
    .filter(s => s.length > 1)
  return [...new Set(words)]
}

/** zxcvbn's user inputs: the user's details and the context words, each phrase also word by word. */
const userInputs = (user: PasswordUser) => [
  ...new Set([...userWords(user), ...CONTEXT_WORDS.flatMap(w => [w, ...w.split(' ')])]),
]

/** True when the password is nothing but the user's details, context words and digits ("Court-Review-2026"). */
function onlyKnownWords(password: string, user: PasswordUser): boolean {
  const words = [...new Set([...userWords(user).map(squash), ...CONTEXT_SQUASHED])]
    .filter(w => w.length > 1)
    .sort((a, b) => b.length - a.length)
  const known = new RegExp(words.map(escapeRegExp).join('|'), 'g')
  return squash(password).replace(known, '').replace(/\p{N}/gu, '') === ''
}

function personalProblem(password: string, user: PasswordUser): string | null {
  const pw = squash(password)
  const email = squash(user.email ?? '')
  const local = squash((user.email ?? '').split('@')[0])
  const name = squash(user.name ?? '')
  if ([email, local, name].some(d => d !== '' && d === pw)) return PASSWORD_MESSAGES.isPersonal
  if (email !== '' && pw.includes(email)) return PASSWORD_MESSAGES.hasPersonal
  if ([local, name].some(d => d.length >= CONTAINED_MIN_LENGTH && pw.includes(d))) return PASSWORD_MESSAGES.hasPersonal
  return null
}

/**
 * The first rule `password` breaks, as a message naming it, or null when it is allowed. Pure: the
 * same password and user always give the same answer.
 */
export function passwordProblem(password: string, user: PasswordUser): string | null {
  // A code point is at most 2 UTF-16 units and NFC at most quarters their number (4 into 1): this
  // is too long whatever it holds, so it is refused before normalising.
  if (password.length > PASSWORD_MAX_LENGTH * 8) return PASSWORD_MESSAGES.tooLong
  const nfc = password.normalize('NFC')
  const length = [...nfc].length
  if (length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.tooShort
  if (length > PASSWORD_MAX_LENGTH) return PASSWORD_MESSAGES.tooLong
  if (BLANK.test(nfc)) return PASSWORD_MESSAGES.blank

  const personal = personalProblem(nfc, user)
  if (personal) return personal

  const { zxcvbn, common } = getChecker()
  const lower = nfc.normalize('NFKC').toLowerCase().replace(INVISIBLE, '')
  const unpadded = lower.replace(TRAILING_PADDING, '')
  if (common.has(lower) || (unpadded !== '' && common.has(unpadded))) return PASSWORD_MESSAGES.common

  if (onlyKnownWords(nfc, user)) return PASSWORD_MESSAGES.guessable(WHY.onlyKnownWords)

  const result = zxcvbn.check(nfc, userInputs(user))
  if (result.score < PASSWORD_MIN_SCORE) {
    const warning = result.feedback.warning
    return PASSWORD_MESSAGES.guessable((warning && WHY[warning]) || WHY_OTHERWISE)
  }
  return null
}
