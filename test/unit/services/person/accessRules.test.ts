import fc from 'fast-check'
import { ADJUSTMENT_CODES } from '../../../../server/data/accessNeedsRepository'
import { accessNeedsInput, needTags } from '../../../../server/services/person/accessNeedsRules'
import { interpreterDays } from '../../../../server/services/notify/reminders'
import {
  attendanceChanges,
  attendanceModeInput,
  attendanceRefusal,
  interpreterRefusal,
} from '../../../../server/services/person/attendanceModeRules'

const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.success ? [] : r.error!.issues.map(i => i.path.join('.'))

describe('access needs (Equality Act 2010 s.20; ECHR art 6(3)(e))', () => {
  it.each([
    ['an interpreter and two adjustments', { interpreterLanguage: 'Polish', adjustments: ['breaks', 'step_free'] }, []],
    ['nothing needed', { interpreterLanguage: null, adjustments: [] }, []],
    ['British Sign Language', { interpreterLanguage: 'British Sign Language (BSL)', adjustments: [] }, []],
    ['"other" without notes', { adjustments: ['other'] }, ['notes']],
    ['"other" with blank notes', { adjustments: ['other'], notes: '   ' }, ['notes']],
    ['an unknown adjustment', { adjustments: ['lift'] }, ['adjustments.0']],
    ['a language of digits', { interpreterLanguage: '1234', adjustments: [] }, ['interpreterLanguage']],
    [
      'a language over 60 characters',
      { interpreterLanguage: 'a'.repeat(61), adjustments: [] },
      ['interpreterLanguage'],
    ],
    ['notes over 500 characters', { adjustments: [], notes: 'n'.repeat(501) }, ['notes']],
  ])('when the input has %s (%j), then the fields in error are %j', (_what, input, fields) => {
    expect(fieldsOf(accessNeedsInput.safeParse(input))).toEqual(fields)
  })

  it('property: whatever codes are sent, in any order and repeated, the stored set has each once, in the fixed order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ADJUSTMENT_CODES.filter(c => c !== 'other'))), codes => {
        const parsed = accessNeedsInput.parse({ adjustments: codes })
        expect(parsed.adjustments).toEqual(ADJUSTMENT_CODES.filter(c => (codes as string[]).includes(c)))
      }),
    )
  })

  it('when a hearing’s interpreter is not booked, then its tag says so and is the one warning; with no hearing in view, no booking is claimed', () => {
    const needs = { interpreterLanguage: 'Polish', adjustments: ['step_free' as const], literacySupport: true }

    expect(needTags(needs, false).map(t => [t.text, Boolean(t.warning)])).toEqual([
      ['Interpreter: Polish (not booked)', true],
      ['Step-free access', false],
      ['Literacy support', false],
    ])
    expect(needTags(needs, true)[0].text).toBe('Interpreter: Polish (booked)')
    expect(needTags(needs)[0].text).toBe('Interpreter: Polish')
    expect(needTags(null)).toEqual([])
  })
})

describe('how the person attends (Sentencing Act 2020 Sch 9 para 21; Criminal Justice Act 2003 s.51)', () => {
  it.each([
    ['para 21(2)(c): a hearing still to come', { mode: 'hearing', status: 'scheduled', startsAt: 'x' }, null],
    ['a hearing waiting for a sitting', { mode: 'hearing', status: 'unlisted', startsAt: null }, null],
    [
      'para 21(3): a review without a hearing',
      { mode: 'paper', status: 'scheduled', startsAt: null },
      /without a hearing/,
    ],
    ['a hearing already held', { mode: 'hearing', status: 'held', startsAt: 'x' }, /still to come/],
    ['a vacated hearing', { mode: 'hearing', status: 'vacated', startsAt: 'x' }, /still to come/],
  ] as const)('when the change is for %s (%j), then the refusal matches %p', (_what, hearing, refusal) => {
    const got = attendanceRefusal(hearing)
    if (refusal === null) expect(got).toBeNull()
    else expect(got).toMatch(refusal)
  })

  it.each([
    [{ mode: 'video', reason: 'Live link' }, ['videoReference']],
    [{ mode: 'in_person', videoReference: 'Room 1' }, ['reason']],
    [{ mode: 'video', videoReference: 'Room 1', reason: 'Live link' }, []],
  ])('when the change is %j, then the fields in error are %j', (input, fields) => {
    expect(fieldsOf(attendanceModeInput.safeParse(input))).toEqual(fields)
  })

  it('property: in person never keeps a video room or reference, and only a real change of mode or room is a change', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('in_person' as const, 'video' as const),
        fc.constantFrom('in_person' as const, 'video' as const),
        fc.string({ minLength: 1, maxLength: 20 }).filter(s => s.trim().length > 0),
        (from, to, room) => {
          const next = attendanceModeInput.parse({ mode: to, videoReference: room, reason: 'Why' })
          if (to === 'in_person') expect(next.videoReference).toBeNull()
          const now = { attendanceMode: from, videoReference: from === 'video' ? room.trim() : null }
          expect(attendanceChanges(now, next)).toBe(from !== to)
        },
      ),
    )
  })

  it.each([
    ['booking for a listed hearing of a person who needs one', 'hearing', 'scheduled', 'x', true, true, null],
    ['unbooking', 'hearing', 'scheduled', 'x', false, false, null],
    ['booking when no interpreter is needed', 'hearing', 'scheduled', 'x', true, false, /needs no interpreter/],
    ['a paper review', 'paper', 'scheduled', null, true, true, /without a hearing/],
    ['a hearing not listed', 'hearing', 'unlisted', null, true, true, /listed in a sitting/],
  ] as const)(
    'interpreter: when %s, then it is refused only where the rule says',
    (_w, mode, status, startsAt, booked, needs, refusal) => {
      const got = interpreterRefusal({ mode, status, startsAt }, booked, needs)
      if (refusal === null) expect(got).toBeNull()
      else expect(got).toMatch(refusal)
    },
  )
})

describe('the digest’s interpreter lines (counts and dates only)', () => {
  it('when two courts need interpreters on the same day, then one line for the day adds them up, days in order', () => {
    expect(
      interpreterDays([
        { date: '2026-12-10', needed: 1, notBooked: 0 },
        { date: '2026-12-08', needed: 2, notBooked: 1 },
        { date: '2026-12-10', needed: 1, notBooked: 0 },
      ]),
    ).toEqual([
      { date: 'Tuesday 8 December 2026', text: '2 interpreters needed, 1 not yet booked', notBooked: 1 },
      { date: 'Thursday 10 December 2026', text: '2 interpreters needed, all booked', notBooked: 0 },
    ])
  })

  it('property: the lines count every interpreter once and never more not booked than needed', () => {
    const row = fc.record({ day: fc.integer({ min: 1, max: 28 }), needed: fc.integer({ min: 1, max: 9 }) }).chain(r =>
      fc.record({
        date: fc.constant(`2026-12-${String(r.day).padStart(2, '0')}`),
        needed: fc.constant(r.needed),
        notBooked: fc.integer({ min: 0, max: r.needed }),
      }),
    )
    fc.assert(
      fc.property(fc.array(row), rows => {
        const lines = interpreterDays(rows)
        const needed = lines.reduce((n, l) => n + Number(/^(\d+)/.exec(l.text)![1]), 0)
        expect(needed).toBe(rows.reduce((n, r) => n + r.needed, 0))
        expect(lines.reduce((n, l) => n + l.notBooked, 0)).toBe(rows.reduce((n, r) => n + r.notBooked, 0))
        expect(new Set(lines.map(l => l.date)).size).toBe(lines.length)
      }),
    )
  })
})
