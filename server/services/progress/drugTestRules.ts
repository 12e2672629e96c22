import type { FieldError } from '../../errors'
import { formatDate } from '../../utils/dates'
import { substanceName } from '../../content/labels'
import { canonicalResults, SUBSTANCES, type Method, type Results, type Substance } from '../../data/drugTestRepository'

// The rules a drug test meets before the court reads it, on both doors (the form, the CSV and the API):
// pure, so the same rule answers the same way wherever the test comes in.

/** The dates a test may fall between: today in London, and the person's orders. */
export interface TestWindow {
  /** Today's date in Europe/London: a test is never taken tomorrow. */
  today: string
  /** The day the person's earliest live order was made (null when they have no order). */
  madeOn: string | null
  /** The day the person's last order ends (null when they have no order). */
  endsOn: string | null
}

export interface TestFacts {
  takenOn: string
  method: Method
  results: Results
  otherSubstance?: string | null
}

/** Methods that test only some substances; any other method tests any substance. */
export const METHOD_TESTS_ONLY: Partial<Record<Method, readonly Substance[]>> = {
  // An evidential breath test measures breath alcohol concentration and nothing else.
  breath: ['alcohol'],
}

/** Substances no prescriber prescribes, so a "positive (prescribed)" result is a mistake. */
export const NEVER_PRESCRIBED: readonly Substance[] = ['alcohol']

export const messages = {
  future: (today: string) => `Date taken must be today or in the past (today is ${formatDate(today)})`,
  beforeOrder: (madeOn: string) => `Date taken must be on or after the order was made on ${formatDate(madeOn)}`,
  afterOrder: (endsOn: string) => `Date taken must be on or before the order ends on ${formatDate(endsOn)}`,
  notByMethod: (substance: Substance, method: Method) =>
    method === 'breath'
      ? `${substanceName(substance)} cannot be tested by breath: a breath test is for alcohol only`
      : `${substanceName(substance)} cannot be tested by ${method}`,
  neverPrescribed: (substance: Substance) =>
    `${substanceName(substance)} cannot be positive (prescribed): it is never prescribed`,
  duplicate: (takenOn: string) =>
    `This test is already recorded: a test on ${formatDate(takenOn)} by the same method with the same results`,
}

/** Whether the date falls in the window; every problem, each on `takenOn`. */
export function datingProblems(takenOn: string, window: TestWindow): FieldError[] {
  const out: FieldError[] = []
  if (takenOn > window.today) out.push({ field: 'takenOn', message: messages.future(window.today) })
  if (window.madeOn && takenOn < window.madeOn)
    out.push({ field: 'takenOn', message: messages.beforeOrder(window.madeOn) })
  if (window.endsOn && takenOn > window.endsOn)
    out.push({ field: 'takenOn', message: messages.afterOrder(window.endsOn) })
  return out
}

/** Whether each result is one the method can give; each problem on the substance (`results.<substance>`). */
export function plausibilityProblems(method: Method, results: Results): FieldError[] {
  const out: FieldError[] = []
  const only = METHOD_TESTS_ONLY[method]
  for (const s of SUBSTANCES) {
    const result = results[s]
    if (!result) continue
    if (only && !only.includes(s)) out.push({ field: `results.${s}`, message: messages.notByMethod(s, method) })
    else if (result === 'positive_prescribed' && NEVER_PRESCRIBED.includes(s))
      out.push({ field: `results.${s}`, message: messages.neverPrescribed(s) })
  }
  return out
}

/** Every rule a well-formed test breaks, in the form's order (date first, then substances). */
export function testProblems(test: TestFacts, window: TestWindow): FieldError[] {
  return [...datingProblems(test.takenOn, window), ...plausibilityProblems(test.method, test.results)]
}

/** What makes two tests the same test: one person, day, method, and the same results (and other's name). */
export const sameTestKey = (t: TestFacts & { personId: string }): string =>
  JSON.stringify([
    t.personId,
    t.takenOn,
    t.method,
    canonicalResults(t.results),
    (t.otherSubstance ?? '').trim().toLowerCase(),
  ])

/**
 * The first test among `stored` (live tests, any order) that is the same test as `test`, or null;
 * `except` is the test being corrected, which is never a duplicate of itself.
 */
export function firstDuplicate<T extends TestFacts & { id: string; personId: string; createdAt: string }>(
  test: TestFacts & { personId: string },
  stored: readonly T[],
  except?: string,
): T | null {
  const key = sameTestKey(test)
  const same = stored.filter(s => s.id !== except && sameTestKey(s) === key)
  same.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
  return same[0] ?? null
}
