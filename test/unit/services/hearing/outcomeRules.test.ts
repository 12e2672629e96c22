import {
  AMEND_NEEDS_PERSON,
  ATTEND_ONLY_IF_NOT_SATISFACTORY,
  ATTENDANCE_ONLY_ON_PAPER,
  CLOSES,
  CONSENT_MESSAGE,
  DECISIONS,
  MODE_AFTER,
  NO_ONE_ATTENDS_PAPER,
  NOT_YET_MESSAGE,
  outcomeRefusals,
  PAPER_DECISIONS_ONLY,
  PAPER_NEEDS_SATISFACTORY_HEARING,
  PAPER_STAYS_ONLY_IF_SATISFACTORY,
  PROGRESS,
  type Decision,
  type OutcomeFacts,
  type Progress,
  type ReviewMode,
} from '../../../../server/services/hearing/outcomeRules'

/**
 * Every decision × attended × progress × review mode × hearing date against today × consent (for
 * an amendment), each row's expected refusals worked out from the statute below, not from the code.
 */

const TODAY = '2028-02-08'
const WHEN = {
  'dated yesterday': '2028-02-07',
  'dated today': TODAY,
  'dated tomorrow': '2028-02-09',
} as const
type When = keyof typeof WHEN

const MODES: readonly ReviewMode[] = ['hearing', 'paper']
const ATTENDED: readonly boolean[] = [true, false]
const CONSENT = [true, false, undefined] as const

interface Row {
  mode: ReviewMode
  when: When
  attended: boolean
  progress: Progress
  decision: Decision
  consent?: boolean
}

/**
 * Sentencing Act 2020 Sch 9 paras 21-22, one line a rule: which fields a broken rule names, and
 * where it comes from. A row's expected refusals are the fields of the rules it breaks.
 */
interface StatuteRule {
  cite: string
  mode: ReviewMode
  fields: string[]
  breaks: (r: Row) => boolean
}

const satisfactory = (p: Progress) => p === 'good' || p === 'satisfactory'

const STATUTE: StatuteRule[] = [
  // At a review hearing.
  {
    cite: 'para 22(6)',
    mode: 'hearing',
    fields: ['decision'],
    breaks: r => r.decision === 'continue_paper' && !(r.attended && satisfactory(r.progress)),
  },
  {
    cite: 'para 22(6)',
    mode: 'hearing',
    fields: ['attended'],
    breaks: r => r.decision === 'continue_paper' && !r.attended,
  },
  {
    cite: 'para 22(6)',
    mode: 'hearing',
    fields: ['progress'],
    breaks: r => r.decision === 'continue_paper' && !satisfactory(r.progress),
  },
  {
    cite: 'para 22(2)-(3)(a)',
    mode: 'hearing',
    fields: ['decision', 'attended'],
    breaks: r => r.decision === 'amend' && !r.attended,
  },
  {
    cite: 'para 22(3)(a)',
    mode: 'hearing',
    fields: ['consentToAmendment'],
    breaks: r => r.decision === 'amend' && r.attended && r.consent !== true,
  },
  {
    cite: 'para 22(7)',
    mode: 'hearing',
    fields: ['decision'],
    breaks: r => r.decision === 'require_attendance',
  },
  // At a review without a hearing (on the papers).
  {
    cite: 'para 22(7)-(8)',
    mode: 'paper',
    fields: ['decision'],
    breaks: r => !['continue_paper', 'require_attendance', 'completed'].includes(r.decision),
  },
  { cite: 'para 22(6)', mode: 'paper', fields: ['attended'], breaks: r => r.attended },
  {
    cite: 'para 22(7)',
    mode: 'paper',
    fields: ['progress'],
    breaks: r => (r.decision === 'continue_paper' || r.decision === 'completed') && !satisfactory(r.progress),
  },
  {
    cite: 'para 22(7)',
    mode: 'paper',
    fields: ['progress'],
    breaks: r => r.decision === 'require_attendance' && satisfactory(r.progress),
  },
]

/** What the law allows a decision on, named in the accepted rows. */
const ALLOWED_BY: Partial<Record<`${ReviewMode}:${Decision}`, string>> = {
  'hearing:continue_paper': 'para 22(6)',
  'hearing:amend': 'para 22(2)-(3)(a)',
  'paper:continue_paper': 'para 22(6)-(7)',
  'paper:require_attendance': 'para 22(7)-(8)',
}

function expected(r: Row): { fields: string[]; cites: string[] } {
  // Nothing has happened before the hearing's day: that is the only thing said, whatever else is wrong.
  if (WHEN[r.when] > TODAY) return { fields: ['reviewDate'], cites: [] }
  const broken = STATUTE.filter(rule => rule.mode === r.mode && rule.breaks(r))
  return {
    fields: [...new Set(broken.flatMap(rule => rule.fields))].sort(),
    cites: [...new Set(broken.map(rule => rule.cite))],
  }
}

const factsOf = (r: Row): OutcomeFacts => ({
  decision: r.decision,
  attended: r.attended,
  progress: r.progress,
  ...(r.consent === undefined ? {} : { consentToAmendment: r.consent }),
  reviewMode: r.mode,
  reviewDate: WHEN[r.when],
  today: TODAY,
})

const rows: Row[] = []
for (const mode of MODES)
  for (const when of Object.keys(WHEN) as When[])
    for (const attended of ATTENDED)
      for (const progress of PROGRESS)
        for (const decision of DECISIONS)
          if (decision === 'amend')
            for (const consent of CONSENT) rows.push({ mode, when, attended, progress, decision, consent })
          else rows.push({ mode, when, attended, progress, decision })

function nameOf(r: Row): string {
  const where = r.mode === 'hearing' ? 'a review hearing' : 'a review without a hearing'
  const consent =
    r.consent === undefined && r.decision !== 'amend'
      ? ''
      : r.consent === true
        ? ', consenting to it'
        : r.consent === false
          ? ', not consenting to it'
          : ', consent not recorded'
  const facts = `${where} ${r.when}: the person ${r.attended ? 'attended' : 'absent'}, progress ${r.progress}, the court decides ${r.decision}${consent}`
  const { fields, cites } = expected(r)
  if (fields.length === 0) {
    const allowed = ALLOWED_BY[`${r.mode}:${r.decision}`]
    return `when ${facts}, then it is accepted${allowed ? ` (Sch 9 ${allowed})` : ''}`
  }
  if (fields[0] === 'reviewDate') return `when ${facts}, then only reviewDate is refused: nothing has happened yet`
  return `when ${facts}, then it refuses ${fields.join(', ')} (Sch 9 ${cites.join('; ')})`
}

describe('outcomeRefusals: every combination', () => {
  it('when the table is built, then it has every combination once (7 decisions, amend three ways for consent)', () => {
    expect(rows).toHaveLength(MODES.length * 3 * ATTENDED.length * PROGRESS.length * (DECISIONS.length - 1 + 3))
    expect(new Set(rows.map(r => JSON.stringify(r))).size).toBe(rows.length)
    // The statute refuses some rows and accepts some in each mode: the table is not all one answer.
    for (const mode of MODES) {
      const today = rows.filter(r => r.mode === mode && r.when === 'dated today')
      expect(today.some(r => expected(r).fields.length === 0)).toBe(true)
      expect(today.some(r => expected(r).fields.length > 0)).toBe(true)
    }
  })

  it.each(rows.map(r => [nameOf(r), r] as const))('%s', (_name, row) => {
    const refusals = outcomeRefusals(factsOf(row))

    expect(refusals.map(e => e.field).sort()).toEqual(expected(row).fields)
    // Each field is named once, with words the clerk can act on.
    expect(new Set(refusals.map(e => e.field)).size).toBe(refusals.length)
    for (const e of refusals) expect(e.message.length).toBeGreaterThan(10)
  })
})

describe('outcomeRefusals: the words', () => {
  const base = { progress: 'good' as Progress, reviewDate: TODAY, today: TODAY }
  const messages = (f: Omit<OutcomeFacts, 'progress' | 'reviewDate' | 'today'> & Partial<OutcomeFacts>) =>
    Object.fromEntries(outcomeRefusals({ ...base, ...f }).map(e => [e.field, e.message]))

  it('when a hearing moves an absent person to paper, then the decision cites para 22(6)', () => {
    const m = messages({ reviewMode: 'hearing', decision: 'continue_paper', attended: false })
    expect(m.decision).toBe(PAPER_NEEDS_SATISFACTORY_HEARING)
    expect(m.decision).toContain('Sentencing Act 2020 Sch 9 para 22(6)')
  })

  it('when an amendment is made without the person, then the decision cites para 22(3)(a)', () => {
    const m = messages({ reviewMode: 'hearing', decision: 'amend', attended: false, consentToAmendment: true })
    expect(m.decision).toBe(AMEND_NEEDS_PERSON)
    expect(m.decision).toContain('para 22(3)(a)')
  })

  it('when the person present does not consent to an amendment, then consentToAmendment cites para 22(3)(a) and the revocation of para 22(4)', () => {
    const m = messages({ reviewMode: 'hearing', decision: 'amend', attended: true, consentToAmendment: false })
    expect(m).toEqual({ consentToAmendment: CONSENT_MESSAGE })
    expect(CONSENT_MESSAGE).toContain('para 22(3)(a)')
    expect(CONSENT_MESSAGE).toContain('para 22(4)')
  })

  it('when a hearing directs attendance, then the decision cites para 22(7)', () => {
    expect(messages({ reviewMode: 'hearing', decision: 'require_attendance', attended: true })).toEqual({
      decision: ATTENDANCE_ONLY_ON_PAPER,
    })
  })

  it('when a review on paper amends and records the person as present, then both refusals cite the statute', () => {
    const m = messages({ reviewMode: 'paper', decision: 'amend', attended: true, consentToAmendment: true })
    expect(m).toEqual({ decision: PAPER_DECISIONS_ONLY, attended: NO_ONE_ATTENDS_PAPER })
  })

  it('when a review on paper stays on paper with poor progress, or requires attendance with good, then progress cites para 22(7)', () => {
    expect(
      messages({ reviewMode: 'paper', decision: 'continue_paper', attended: false, progress: 'poor' }).progress,
    ).toBe(PAPER_STAYS_ONLY_IF_SATISFACTORY)
    expect(messages({ reviewMode: 'paper', decision: 'require_attendance', attended: false }).progress).toBe(
      ATTEND_ONLY_IF_NOT_SATISFACTORY,
    )
  })

  it('when the hearing is tomorrow, then the one refusal names the day it can be recorded from', () => {
    const refusals = outcomeRefusals({
      ...base,
      reviewMode: 'hearing',
      decision: 'continue_hearing',
      attended: true,
      reviewDate: '2028-02-09',
    })
    expect(refusals).toEqual([{ field: 'reviewDate', message: NOT_YET_MESSAGE('2028-02-09') }])
    expect(refusals[0].message).toContain('Wednesday 9 February 2028')
  })
})

describe('outcomeRefusals: the hearing date across month and year ends', () => {
  it.each([
    ['2027-12-31', '2028-01-01', ['reviewDate']],
    ['2028-01-01', '2027-12-31', []],
    ['2028-02-29', '2028-03-01', ['reviewDate']],
    ['2028-03-01', '2028-02-29', []],
    ['2028-02-29', '2028-02-29', []],
  ] as const)(
    'when today is %s and the hearing is on %s, then the date refusals are %j',
    (today, reviewDate, fields) => {
      const refusals = outcomeRefusals({
        decision: 'continue_hearing',
        attended: true,
        progress: 'good',
        reviewMode: 'hearing',
        reviewDate,
        today,
      })
      expect(refusals.map(e => e.field)).toEqual(fields)
    },
  )
})

describe('MODE_AFTER and CLOSES', () => {
  it('when each decision is made, then later reviews are on paper only after continue_paper (para 22(6)), back at hearings after require_attendance (para 22(8)(b)), and none after completed or revoked', () => {
    expect(MODE_AFTER).toEqual({
      continue_hearing: 'hearing',
      continue_paper: 'paper',
      amend: 'hearing',
      require_attendance: 'hearing',
      breach_referral: 'hearing',
      completed: null,
      revoked: null,
    })
  })

  it('when the court refers a breach, then the requirement is not closed: the order goes on (Sch 10 para 1)', () => {
    expect(CLOSES).toEqual({ completed: 'completed', revoked: 'revoked' })
    expect(CLOSES.breach_referral).toBeUndefined()
  })
})
