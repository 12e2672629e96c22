import { orderTestSummary, packReport, packTimeline, testsSince } from '../../../../server/services/hearing/packCase'
import type { PackOutcomeRow } from '../../../../server/data/packRepository'
import { review, sitting } from './packFixtures'

const names = (ids: string[]) => ids.map(id => `Name ${id}`).sort()
const outcome = (over: Partial<PackOutcomeRow> = {}): PackOutcomeRow => ({
  reviewId: 'r1',
  attended: false,
  progress: 'poor',
  decision: 'breach_referral',
  benchComments: null,
  benchUserIds: [],
  ...over,
})
const test = (takenOn: string, results: Record<string, string>, otherSubstance: string | null = null) => ({
  personId: 'p1',
  takenOn,
  method: 'oral_fluid',
  results,
  otherSubstance,
})

describe('packTimeline', () => {
  const s1 = sitting({ id: 's1', benchUserIds: ['a', 'b'] })

  it('when the outcome recorded who sat, then names them; else the sitting’s rostered bench', () => {
    const earlier = [
      review({ id: 'r1', status: 'held', sittingId: 's1', reviewDate: '2026-04-07' }),
      review({ id: 'r2', status: 'held', sittingId: 's1', reviewDate: '2026-05-05' }),
    ]
    const outcomes = new Map([
      ['r1', outcome({ reviewId: 'r1', benchUserIds: ['c'] })],
      [
        'r2',
        outcome({
          reviewId: 'r2',
          attended: true,
          progress: 'good',
          decision: 'continue_paper',
          benchComments: 'Well done',
        }),
      ],
    ])

    const timeline = packTimeline(earlier, outcomes, new Map([['s1', s1]]), names)

    expect(timeline).toEqual([
      {
        date: '7 April 2026',
        bench: 'Name c',
        status: 'Held',
        progress: 'Poor',
        decision: 'Breach proceedings',
        attended: 'No',
        benchComments: null,
      },
      {
        date: '5 May 2026',
        bench: 'Name a, Name b',
        status: 'Held',
        progress: 'Good',
        decision: 'Continue, next review on paper',
        attended: 'Yes',
        benchComments: 'Well done',
      },
    ])
  })

  it('when a review was on paper, listed without an outcome, or had nobody known, then says so', () => {
    const earlier = [
      review({ id: 'p', mode: 'paper', status: 'held', sittingId: null }),
      review({ id: 'q', mode: 'paper', status: 'held', sittingId: 's1' }),
      review({ id: 'l', status: 'scheduled', sittingId: 'gone' }),
      review({ id: 'd', status: 'did_not_attend', sittingId: null }),
    ]
    const outcomes = new Map([['d', outcome({ reviewId: 'd', progress: 'unknown', decision: 'unheard_of' })]])

    const timeline = packTimeline(earlier, outcomes, new Map([['s1', s1]]), names)

    expect(timeline.map(t => t.bench)).toEqual(['On the papers', 'On the papers: Name a, Name b', '—', '—'])
    expect(timeline.map(t => t.status)).toEqual(['Held', 'Held', 'Listed', 'Did not attend'])
    expect(timeline[2]).toEqual(expect.objectContaining({ progress: null, decision: null, attended: null }))
    expect(timeline[3]).toEqual(expect.objectContaining({ progress: 'unknown', decision: 'unheard_of' }))
  })
})

describe('packReport', () => {
  const version = (versionNumber: number, late: boolean, content: Record<string, unknown>) => ({
    submittedAt: `2026-05-0${versionNumber}T10:00:00.000Z`,
    late,
    versionNumber,
    content,
  })

  it('when there is no version, then there is no report', () => {
    expect(packReport([])).toBeNull()
  })

  it('when amended, then shows the latest version’s sections written, late as first submitted', () => {
    const report = packReport([
      version(1, true, { attendance: 'Old' }),
      version(2, false, {
        attendance: 'Kept all',
        engagement: '',
        treatment: 'Stable',
        testing: null,
        newOffending: 'None',
        recommendation: 'amend',
        proposedAmendment: 'Add a curfew',
      }),
    ])

    expect(report).toEqual({
      submittedAt: '2026-05-02T10:00:00.000Z',
      late: true,
      amended: true,
      versionNumber: 2,
      sections: [
        { label: 'Attendance and compliance', text: 'Kept all' },
        { label: 'Treatment', text: 'Stable' },
        { label: 'New offending', text: 'None' },
      ],
      recommendation: 'Amend the order',
      proposedAmendment: 'Add a curfew',
    })
  })

  it('when the recommendation is unknown or missing, then shows its code or nothing', () => {
    expect(packReport([version(1, false, { recommendation: 'something_new' })])!.recommendation).toBe('something_new')
    expect(packReport([version(1, false, {})])).toEqual(
      expect.objectContaining({ recommendation: null, proposedAmendment: null, amended: false, sections: [] }),
    )
  })
})

describe('testsSince', () => {
  it('when tests span the last review, then shows those after it up to the review day, and first positives', () => {
    const all = [
      test('2026-03-10', { cocaine: 'positive', opiates: 'negative' }),
      test('2026-04-07', { opiates: 'negative' }),
      test('2026-04-20', { cocaine: 'positive', opiates: 'positive', other: 'negative' }, 'Spice'),
      test('2026-05-01', { methadone: 'positive_prescribed', other: 'refused' }),
      test('2026-05-13', { cannabis: 'positive' }),
    ]

    const t = testsSince(all, '2026-04-07', '2026-05-12')

    expect(t.since.map(x => x.takenOn)).toEqual(['2026-04-20', '2026-05-01'])
    expect(t.newPositives).toEqual(['opiates'])
    expect(t.all).toBe(all)
    expect(t.shown).toEqual([
      {
        date: '20 April 2026',
        method: 'Oral fluid',
        results: [
          { substance: 'Cocaine', result: 'Positive', positive: true },
          { substance: 'Opiates', result: 'Positive', positive: true },
          { substance: 'Other (Spice)', result: 'Negative', positive: false },
        ],
      },
      {
        date: '1 May 2026',
        method: 'Oral fluid',
        results: [
          { substance: 'Methadone', result: 'Positive (prescribed)', positive: false },
          { substance: 'Other', result: 'Refused', positive: false },
        ],
      },
    ])
  })

  it('when this is the first review, then tests count from the day the order was made, that day included', () => {
    const all = [
      test('2026-03-06', { opiates: 'positive' }),
      { ...test('2026-03-20', { opiates: 'negative' }), method: 'urine', corrected: true },
    ]
    const t = testsSince(all, '2026-03-06', '2026-04-07', true)
    expect(t.since.map(x => x.takenOn)).toEqual(['2026-03-06', '2026-03-20'])
    expect(t.newPositives).toEqual(['opiates'])
    expect(t.shown.map(x => [x.method, x.corrected])).toEqual([
      ['Oral fluid', undefined],
      ['Urine', true],
    ])
    // At a later review the last review's day was counted then, so it is not counted again.
    expect(testsSince(all, '2026-03-06', '2026-04-07').since.map(x => x.takenOn)).toEqual(['2026-03-20'])
  })

  it('when there are no tests, then there is nothing since', () => {
    expect(testsSince([], '2026-01-01', '2026-02-01')).toEqual({ all: [], since: [], shown: [], newPositives: [] })
  })
})

describe('orderTestSummary', () => {
  it('says in words what the chart’s whole-order strip shows', () => {
    expect(
      orderTestSummary([
        { results: { opiates: 'positive', cocaine: 'negative', methadone: 'positive_prescribed' } },
        { results: { opiates: 'positive', cocaine: 'positive', methadone: 'positive_prescribed' } },
        { results: { opiates: 'missed' } },
      ]),
    ).toBe(
      '3 tests. Positive: Opiates 2, Cocaine 1. Positive (prescribed): Methadone 2. Missed, refused or tampered: 1.',
    )
    expect(orderTestSummary([{ results: { alcohol: 'negative' } }])).toBe('1 test. Positive: none.')
  })
})
