import fc from 'fast-check'
import {
  CLOSES,
  DECISIONS,
  MODE_AFTER,
  outcomeRefusals,
  PROGRESS,
  type Decision,
  type OutcomeFacts,
  type Progress,
  type ReviewMode,
} from '../../../../server/services/hearing/outcomeRules'
import { addCalendarMonths, addDays, daysBetween } from '../../../../server/utils/dates'

const RUNS = { numRuns: 500 }
const FIRST_DAY = '2025-01-01'
const SPAN = daysBetween(FIRST_DAY, '2030-12-31')
const FIELDS = ['reviewDate', 'decision', 'attended', 'progress', 'consentToAmendment']

const dateArb = fc.integer({ min: 0, max: SPAN }).map(n => addDays(FIRST_DAY, n))
const decisionArb = fc.constantFrom<Decision>(...DECISIONS)
const progressArb = fc.constantFrom<Progress>(...PROGRESS)
const modeArb = fc.constantFrom<ReviewMode>('hearing', 'paper')
const consentArb = fc.option(fc.boolean(), { nil: undefined })

/** Any facts at all: dates years apart either way, or a few days either side of today. */
const factsArb: fc.Arbitrary<OutcomeFacts> = fc
  .record({
    decision: decisionArb,
    attended: fc.boolean(),
    progress: progressArb,
    consentToAmendment: consentArb,
    reviewMode: modeArb,
    today: dateArb,
    offset: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -800, max: 800 })),
  })
  .map(({ offset, ...f }) => ({ ...f, reviewDate: addDays(f.today, offset) }))

const accepted = (f: OutcomeFacts) => outcomeRefusals(f).length === 0
const satisfactory = (p: Progress) => p !== 'poor'

describe('outcomeRefusals: properties', () => {
  it('when any outcome is accepted, then its review is dated today or earlier: nothing is recorded before the hearing', () => {
    fc.assert(
      fc.property(factsArb, f => {
        if (accepted(f)) expect(f.reviewDate <= f.today).toBe(true)
        if (f.reviewDate > f.today) expect(outcomeRefusals(f).map(e => e.field)).toEqual(['reviewDate'])
      }),
      RUNS,
    )
  })

  it('when continue_paper is accepted at a hearing, then the person attended and progress was not poor (Sch 9 para 22(6))', () => {
    fc.assert(
      fc.property(factsArb, f => {
        if (f.reviewMode === 'hearing' && f.decision === 'continue_paper' && accepted(f))
          expect(f.attended && satisfactory(f.progress)).toBe(true)
      }),
      RUNS,
    )
  })

  it('when an amendment is accepted, then it was at a hearing the person attended and consented (Sch 9 para 22(2)-(3)(a))', () => {
    fc.assert(
      fc.property(factsArb, f => {
        if (f.decision === 'amend' && accepted(f))
          expect({ mode: f.reviewMode, attended: f.attended, consent: f.consentToAmendment }).toEqual({
            mode: 'hearing',
            attended: true,
            consent: true,
          })
      }),
      RUNS,
    )
  })

  it('when any outcome on paper is accepted, then the person is recorded as not attending, and the decision is one paper allows (Sch 9 para 22(6)-(8))', () => {
    fc.assert(
      fc.property(factsArb, f => {
        if (f.reviewMode === 'paper' && accepted(f)) {
          expect(f.attended).toBe(false)
          expect(['continue_paper', 'require_attendance', 'completed']).toContain(f.decision)
        }
      }),
      RUNS,
    )
  })

  it('when require_attendance is accepted, then it was on paper with progress no longer satisfactory (Sch 9 para 22(7))', () => {
    fc.assert(
      fc.property(factsArb, f => {
        if (f.decision === 'require_attendance' && accepted(f))
          expect({ mode: f.reviewMode, progress: f.progress }).toEqual({ mode: 'paper', progress: 'poor' })
      }),
      RUNS,
    )
  })

  it('when facts are refused, then every refusal names a known field once, with words, and the same facts always give the same answer', () => {
    fc.assert(
      fc.property(factsArb, f => {
        const refusals = outcomeRefusals(f)
        for (const e of refusals) {
          expect(FIELDS).toContain(e.field)
          expect(e.message.trim().length).toBeGreaterThan(0)
        }
        expect(new Set(refusals.map(e => e.field)).size).toBe(refusals.length)
        expect(outcomeRefusals({ ...f })).toEqual(refusals)
      }),
      RUNS,
    )
  })

  it('when the hearing has happened, then which day today is makes no difference: the date only opens the door', () => {
    fc.assert(
      fc.property(factsArb, fc.integer({ min: 0, max: 400 }), (f, later) => {
        fc.pre(f.reviewDate <= f.today)
        expect(outcomeRefusals({ ...f, today: addDays(f.today, later) })).toEqual(outcomeRefusals(f))
      }),
      RUNS,
    )
  })

  it('when consent is given or not for anything but an amendment, then it makes no difference', () => {
    fc.assert(
      fc.property(factsArb, consentArb, (f, consent) => {
        fc.pre(f.decision !== 'amend')
        expect(outcomeRefusals({ ...f, consentToAmendment: consent })).toEqual(outcomeRefusals(f))
      }),
      RUNS,
    )
  })
})

/**
 * A small pure model of one requirement: every order starts with review hearings (Sch 9 para 21(2)),
 * and each lawful outcome sets the mode of the next review as MODE_AFTER says, or ends the reviews.
 * A refused outcome changes nothing: the same review is tried again.
 */
interface Attempt {
  decision: Decision
  attended: boolean
  progress: Progress
  consentToAmendment?: boolean
  /** The review's date against today, in days: positive is a review not yet reached. */
  daysAhead: number
}

interface Held {
  mode: ReviewMode
  date: string
  attended: boolean
  progress: Progress
  decision: Decision
}

/**
 * Every decision can be tried, but the ones that move between hearing and paper most often and the
 * ones that end the requirement least, so that long runs on paper and back happen in most sequences.
 */
const WEIGHTS: Record<Decision, number> = {
  continue_hearing: 3,
  continue_paper: 12,
  amend: 2,
  require_attendance: 12,
  breach_referral: 1,
  completed: 1,
  revoked: 1,
}
const attemptArb: fc.Arbitrary<Attempt> = fc.record({
  decision: fc.oneof(...DECISIONS.map(d => ({ arbitrary: fc.constant(d), weight: WEIGHTS[d] }))),
  attended: fc.boolean(),
  progress: progressArb,
  consentToAmendment: consentArb,
  daysAhead: fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 1 },
  ),
})

function run(startsOn: string, attempts: Attempt[]) {
  let mode: ReviewMode | null = 'hearing'
  let due = addCalendarMonths(startsOn, 1)
  let status: 'active' | 'completed' | 'revoked' = 'active'
  const held: Held[] = []
  for (const a of attempts) {
    if (mode === null) break
    const facts: OutcomeFacts = {
      decision: a.decision,
      attended: a.attended,
      progress: a.progress,
      consentToAmendment: a.consentToAmendment,
      reviewMode: mode,
      reviewDate: due,
      today: addDays(due, -a.daysAhead),
    }
    if (outcomeRefusals(facts).length > 0) continue
    held.push({ mode, date: due, attended: a.attended, progress: a.progress, decision: a.decision })
    status = CLOSES[a.decision] ?? 'active'
    mode = MODE_AFTER[a.decision]
    // After a paper review requiring attendance the hearing is at a time the court specifies, not a month on.
    due = a.decision === 'require_attendance' ? addDays(due, 7) : addCalendarMonths(due, 1)
  }
  return { held, mode, status }
}

describe('a requirement under any sequence of outcomes', () => {
  let paperReviews = 0
  let backToHearing = 0

  afterAll(() => {
    // The runs did reach paper and come back from it, so the properties were tested, not vacuous.
    expect(paperReviews).toBeGreaterThan(150)
    expect(backToHearing).toBeGreaterThan(40)
  })

  it('when lawful outcomes are applied one after another, then no review on paper follows a hearing with poor progress or an absent person, and paper ends only in a hearing, completion or the end', () => {
    fc.assert(
      fc.property(dateArb, fc.array(attemptArb, { minLength: 1, maxLength: 60, size: 'max' }), (startsOn, attempts) => {
        const { held, mode, status } = run(startsOn, attempts)

        // Para 21(2)(b)-(c): the first review is a hearing.
        if (held.length) expect(held[0].mode).toBe('hearing')
        let lastHearing: Held | null = null
        for (const [i, review] of held.entries()) {
          // Nothing recorded before its day: each review is on or after the one before.
          if (i > 0) expect(review.date > held[i - 1].date).toBe(true)
          if (review.mode === 'paper') {
            paperReviews += 1
            const before = held[i - 1]
            // Para 22(6): paper only after a hearing the person attended with satisfactory progress, or more paper.
            expect(before).toBeDefined()
            expect(before.decision).toBe('continue_paper')
            expect(lastHearing).not.toBeNull()
            expect(lastHearing!.attended && satisfactory(lastHearing!.progress)).toBe(true)
            expect(lastHearing!.decision).toBe('continue_paper')
            expect(review.attended).toBe(false)
          } else {
            if (i > 0 && held[i - 1].mode === 'paper') {
              backToHearing += 1
              // Para 22(7)-(8): back to a hearing only when a paper review required attendance.
              expect(held[i - 1]).toEqual(expect.objectContaining({ decision: 'require_attendance', progress: 'poor' }))
            }
            lastHearing = review
          }
        }
        // Nothing follows completion or revocation; a breach referral keeps the order going.
        const last = held.at(-1)
        if (last && CLOSES[last.decision])
          expect({ mode, status }).toEqual({ mode: null, status: CLOSES[last.decision] })
        else expect(status).toBe('active')
        if (last?.decision === 'breach_referral') expect(mode).toBe('hearing')
      }),
      { numRuns: 300 },
    )
  })

  it('when an outcome is refused, then the review and its mode are as they were: trying it again changes nothing', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.array(attemptArb, { minLength: 1, maxLength: 20 }),
        attemptArb,
        (startsOn, attempts, bad) => {
          const before = run(startsOn, attempts)
          fc.pre(before.mode !== null)
          const due = before.held.length
            ? before.held.at(-1)!.decision === 'require_attendance'
              ? addDays(before.held.at(-1)!.date, 7)
              : addCalendarMonths(before.held.at(-1)!.date, 1)
            : addCalendarMonths(startsOn, 1)
          const refused =
            outcomeRefusals({ ...bad, reviewMode: before.mode!, reviewDate: due, today: addDays(due, -bad.daysAhead) })
              .length > 0
          fc.pre(refused)
          expect(run(startsOn, [...attempts, bad])).toEqual(before)
        },
      ),
      RUNS,
    )
  })
})
