import fc from 'fast-check'
import type { ReviewStatus } from '../../../../server/data/reviewRepository'
import {
  CLOSED_MESSAGE,
  mayRecord,
  sentencerMayRead,
  statementForPack,
  statementWindow,
} from '../../../../server/services/person/statementRules'

// The person's own words before a review (issue 23 point 1). A review hearing is where the court reads
// the report on the person's progress and hears them (Sentencing Act 2020 Sch 9 para 21(2)(b)-(c));
// reviews on the papers are decided without them there (para 21(3), 22(6)).

describe('when words may be taken for a review', () => {
  it.each<[string, ReviewStatus, boolean, boolean, ReturnType<typeof statementWindow>]>([
    ['listed, waiting for its hearing', 'scheduled', false, true, { open: true }],
    ['waiting for a sitting', 'unlisted', false, true, { open: true }],
    ['held (an outcome recorded, para 21(2))', 'held', true, true, { open: false, reason: 'held' }],
    ['an outcome recorded, the status not yet moved', 'scheduled', true, true, { open: false, reason: 'held' }],
    ['heard but the person did not attend', 'did_not_attend', true, true, { open: false, reason: 'held' }],
    [
      'marked not attended without an outcome (adjourned on non-attendance)',
      'did_not_attend',
      false,
      true,
      { open: false, reason: 'held' },
    ],
    ['vacated: it will not be heard', 'vacated', false, true, { open: false, reason: 'not_heard' }],
    ['adjourned to another hearing', 'adjourned', false, true, { open: false, reason: 'not_heard' }],
    ['its requirement has ended (completed or revoked)', 'scheduled', false, false, { open: false, reason: 'ended' }],
    ['held, its requirement since ended: held is what it says', 'held', true, false, { open: false, reason: 'held' }],
  ])('%s', (_name, status, hasOutcome, requirementActive, expected) => {
    expect(statementWindow({ status, hasOutcome, requirementActive })).toEqual(expected)
  })

  it('says a later statement goes on the next review once held', () => {
    expect(CLOSED_MESSAGE.held).toBe(
      'The review has been held, so its statement can no longer change. A later statement goes on the next review.',
    )
  })
})

describe('who may take the words down', () => {
  const requirement = { responsibleOfficerId: 'officer-1', providerOrganisationId: 'provider-org' }
  it.each<
    [
      string,
      { id: string; role: 'clerk' | 'probation' | 'provider' | 'sentencer' | 'admin'; organisationId: string | null },
      boolean,
    ]
  >([
    ['the responsible officer', { id: 'officer-1', role: 'probation', organisationId: 'probation-org' }, true],
    [
      'another officer, even of the same team',
      { id: 'officer-2', role: 'probation', organisationId: 'probation-org' },
      false,
    ],
    [
      'a worker of the provider the requirement is referred to',
      { id: 'p1', role: 'provider', organisationId: 'provider-org' },
      true,
    ],
    ['a worker of another provider', { id: 'p2', role: 'provider', organisationId: 'other-org' }, false],
    ['a provider worker with no organisation', { id: 'p3', role: 'provider', organisationId: null }, false],
    ['a clerk', { id: 'c1', role: 'clerk', organisationId: null }, false],
    ['a magistrate', { id: 'm1', role: 'sentencer', organisationId: null }, false],
    ['an administrator', { id: 'a1', role: 'admin', organisationId: null }, false],
  ])('%s: %s', (_name, user, expected) => {
    expect(mayRecord(user, requirement)).toBe(expected)
  })

  it('a requirement with no provider is written by no provider', () => {
    expect(
      mayRecord(
        { id: 'p1', role: 'provider', organisationId: null },
        { responsibleOfficerId: null, providerOrganisationId: null },
      ),
    ).toBe(false)
  })
})

describe('which sentencers may read them', () => {
  const magistrate = { id: 'm1', role: 'sentencer' as const, courtIds: ['court-1'] }
  it.each<[string, Parameters<typeof sentencerMayRead>[1], boolean]>([
    [
      'on the bench of the sitting the review is listed in',
      { mode: 'hearing', benchUserIds: ['m1', 'm2'], courtId: 'court-9' },
      true,
    ],
    ['not on that bench, though of the court', { mode: 'hearing', benchUserIds: ['m2'], courtId: 'court-1' }, false],
    ['a hearing not yet listed', { mode: 'hearing', benchUserIds: null, courtId: 'court-1' }, false],
    [
      'on paper, of the court that decides it (para 21(3))',
      { mode: 'paper', benchUserIds: null, courtId: 'court-1' },
      true,
    ],
    ['on paper, of another court', { mode: 'paper', benchUserIds: null, courtId: 'court-2' }, false],
  ])('%s', (_name, review, expected) => {
    expect(sentencerMayRead(magistrate, review)).toBe(expected)
  })

  it('nobody else reads through the sentencer rule', () => {
    expect(
      sentencerMayRead({ ...magistrate, role: 'clerk' } as never, {
        mode: 'hearing',
        benchUserIds: ['m1'],
        courtId: 'c',
      }),
    ).toBe(false)
  })
})

describe('the words a pack prints', () => {
  const words = (reviewId: string, takenAt: string) => ({ reviewId, takenAt, text: reviewId })
  const r = (id: string, sequence: number, status: ReviewStatus) => ({ id, sequence, status })

  it.each<[string, ReturnType<typeof r>[], ReturnType<typeof words>[], string | null, boolean]>([
    ['its own', [r('a', 1, 'held'), r('b', 2, 'scheduled')], [words('a', '1'), words('b', '2')], 'b', false],
    [
      'none: an earlier held review’s words stay with it',
      [r('a', 1, 'held'), r('b', 2, 'scheduled')],
      [words('a', '1')],
      null,
      false,
    ],
    [
      'carried from a vacated hearing since the last held one',
      [r('a', 1, 'held'), r('v', 2, 'vacated'), r('b', 3, 'scheduled')],
      [words('v', '2')],
      'v',
      true,
    ],
    [
      'carried from an adjourned hearing',
      [r('v', 1, 'adjourned'), r('b', 2, 'scheduled')],
      [words('v', '2')],
      'v',
      true,
    ],
    [
      'not carried past a hearing that was held',
      [r('v', 1, 'vacated'), r('a', 2, 'held'), r('b', 3, 'scheduled')],
      [words('v', '1')],
      null,
      false,
    ],
    [
      'the newest of two hearings that did not go ahead',
      [r('v', 1, 'vacated'), r('w', 2, 'adjourned'), r('b', 3, 'scheduled')],
      [words('v', '1'), words('w', '2')],
      'w',
      true,
    ],
    [
      'its own rather than carried words',
      [r('v', 1, 'vacated'), r('b', 2, 'scheduled')],
      [words('v', '9'), words('b', '1')],
      'b',
      false,
    ],
    ['not from a later review', [r('b', 1, 'scheduled'), r('c', 2, 'vacated')], [words('c', '1')], null, false],
  ])('%s', (_name, siblings, current, expected, carried) => {
    const review = siblings.find(s => s.status === 'scheduled')!
    const got = statementForPack(review, siblings, new Map(current.map(c => [c.reviewId, c])))
    expect(got ? [got.reviewId, got.carried] : null).toEqual(expected ? [expected, carried] : null)
  })
})

// A review's life as a sequence of actions by anyone: words taken down (by a writer or not), the
// hearing moved, the outcome recorded and corrected, the review vacated or adjourned, the order ended.
type Action =
  | { kind: 'words'; text: string; writer: boolean }
  | { kind: 'outcome'; attended: boolean }
  | { kind: 'correct' }
  | { kind: 'vacate' }
  | { kind: 'adjourn' }
  | { kind: 'move' }
  | { kind: 'end' }

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('words' as const),
    text: fc.string({ minLength: 1, maxLength: 8 }),
    writer: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('outcome' as const), attended: fc.boolean() }),
  fc.constant({ kind: 'correct' as const }),
  fc.constant({ kind: 'vacate' as const }),
  fc.constant({ kind: 'adjourn' as const }),
  fc.constant({ kind: 'move' as const }),
  fc.constant({ kind: 'end' as const }),
)

describe('property: no sequence of actions changes a statement once its review is held', () => {
  it('the words the bench had when the review was held are the words kept, and nothing is added after', () => {
    const officer = { id: 'o', role: 'probation' as const, organisationId: null }
    const stranger = { id: 'x', role: 'probation' as const, organisationId: null }
    const requirement = { responsibleOfficerId: 'o', providerOrganisationId: 'org' }
    let heldSeen = 0
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), actions => {
        const s = { status: 'scheduled' as ReviewStatus, hasOutcome: false, requirementActive: true }
        const revisions: string[] = []
        let atHeld: string[] | null = null
        for (const a of actions) {
          const open = statementWindow(s).open
          if (a.kind === 'words') {
            if (open && mayRecord(a.writer ? officer : stranger, requirement)) revisions.push(a.text)
          } else if (a.kind === 'outcome') {
            // An outcome only for a review still to be heard (outcomeService.recordable).
            if (!s.hasOutcome && s.status === 'scheduled' && s.requirementActive) {
              s.hasOutcome = true
              s.status = a.attended ? 'held' : 'did_not_attend'
            }
          } else if (a.kind === 'correct') {
            if (s.hasOutcome) s.status = s.status === 'held' ? 'did_not_attend' : 'held'
          } else if (a.kind === 'vacate') {
            if (s.status === 'scheduled' || s.status === 'unlisted') s.status = 'vacated'
          } else if (a.kind === 'adjourn') {
            if (s.status === 'scheduled') s.status = 'adjourned'
          } else if (a.kind === 'move') {
            if (s.status === 'scheduled') s.status = 'unlisted'
            else if (s.status === 'unlisted') s.status = 'scheduled'
          } else s.requirementActive = false
          if (s.hasOutcome && !atHeld) atHeld = [...revisions]
          if (atHeld) expect(revisions).toEqual(atHeld)
        }
        if (atHeld) heldSeen += 1
      }),
      { numRuns: 500 },
    )
    // The property was tested on held reviews, not only on ones never heard.
    expect(heldSeen).toBeGreaterThan(50)
  })

  it('a pack prints, for a review, only its own words or ones taken for a hearing that did not go ahead since the last held', () => {
    const statuses: ReviewStatus[] = ['held', 'did_not_attend', 'vacated', 'adjourned', 'scheduled', 'unlisted']
    fc.assert(
      fc.property(
        fc.array(fc.record({ status: fc.constantFrom(...statuses), words: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.nat(),
        (rows, pick) => {
          const siblings = rows.map((x, i) => ({ id: `r${i}`, sequence: i + 1, status: x.status }))
          const current = new Map<string, { reviewId: string; takenAt: string }>(
            rows.flatMap((x, i) =>
              x.words ? [[`r${i}`, { reviewId: `r${i}`, takenAt: String(i).padStart(3, '0') }] as const] : [],
            ),
          )
          const review = siblings[pick % siblings.length]
          const got = statementForPack(review, siblings, current)
          if (current.has(review.id)) return expect(got).toEqual({ ...current.get(review.id), carried: false })
          if (!got) return
          const from = siblings.find(x => x.id === got.reviewId)!
          expect(from.sequence).toBeLessThan(review.sequence)
          expect(['vacated', 'adjourned']).toContain(from.status)
          // No held review lies between the words and the review they are printed for.
          const between = siblings.filter(x => x.sequence > from.sequence && x.sequence < review.sequence)
          expect(between.some(x => x.status === 'held' || x.status === 'did_not_attend')).toBe(false)
        },
      ),
      { numRuns: 500 },
    )
  })
})
