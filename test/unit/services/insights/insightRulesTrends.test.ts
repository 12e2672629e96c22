import fc from 'fast-check'
import { hoursBefore, reportTeams, reviewCounts } from '../../../../server/services/insights/insightRules'
import { figuresByMonth, monthsBetween } from '../../../../server/services/insights/insightTrends'
import { requirement, review } from './insightRows'

// Issue 22's dashboard: report arrival per officer team, warrants on non-attendance, and every figure month
// by month from the same rows as the period's figures.

describe('insight rules: reports by team, warrants, months', () => {
  it.each([
    ['a week before a 10:00 hearing', '2028-02-01T10:00:00.000Z', '2028-02-08T10:00:00.000Z', 168],
    [
      'an hour and twenty minutes before a 10:20 place',
      '2028-02-08T09:00:00.000Z',
      '2028-02-08T10:20:00.000Z',
      1 + 1 / 3,
    ],
    ['half an hour after the hearing started', '2028-02-08T10:30:00.000Z', '2028-02-08T10:00:00.000Z', -0.5],
    ['no report', null, '2028-02-08T10:00:00.000Z', null],
    ['a review not listed (no start time)', '2028-02-01T10:00:00.000Z', null, null],
  ])('hours before the hearing: %s', (_what, firstSubmittedAt, hearingAt, hours) => {
    const h = hoursBefore({ firstSubmittedAt, hearingAt })
    if (hours === null) expect(h).toBeNull()
    else expect(h).toBeCloseTo(hours, 6)
  })

  it('reports by team: the reports that arrived, grouped by the writer’s organisation, by name, no team last', () => {
    const teams = reportTeams([
      review({ teamId: 't2', team: 'South team', firstSubmittedAt: '2028-02-06T10:00:00.000Z' }),
      review({ teamId: 't1', team: 'North team', firstSubmittedAt: '2028-02-07T10:00:00.000Z' }),
      review({ teamId: 't1', team: 'North team', firstSubmittedAt: '2028-02-08T09:00:00.000Z' }),
      review({ firstSubmittedAt: '2028-02-08T08:00:00.000Z' }),
      // Missing, vacated or on paper: not received, so in no team's figures.
      review({ teamId: 't1', team: 'North team' }),
      review({ teamId: 't1', team: 'North team', status: 'vacated', firstSubmittedAt: '2028-02-01T10:00:00.000Z' }),
      review({ teamId: 't1', team: 'North team', mode: 'paper', firstSubmittedAt: '2028-02-01T10:00:00.000Z' }),
    ])
    expect(teams).toEqual([
      { teamId: 't1', team: 'North team', received: 2, medianHoursBefore: 12.5 },
      { teamId: 't2', team: 'South team', received: 1, medianHoursBefore: 48 },
      { teamId: null, team: null, received: 1, medianHoursBefore: 2 },
    ])
  })

  it('warrants count only hearings the person missed at which a warrant was issued (Sentencing Act 2020 Sch 10 para 8)', () => {
    expect(
      reviewCounts([
        review({ status: 'did_not_attend', warrantIssued: true }),
        review({ status: 'did_not_attend' }),
        review({ status: 'held' }),
      ]),
    ).toMatchObject({ didNotAttend: 2, warrants: 1, held: 1 })
  })

  it('months: every month the period touches, even a part month', () => {
    expect(monthsBetween('2027-12-15', '2028-02-01')).toEqual(['2027-12', '2028-01', '2028-02'])
    expect(monthsBetween('2028-02-01', '2028-02-29')).toEqual(['2028-02'])
  })

  it('property: month by month, reviews, continuity, reports, attendance and tests add up to the whole period’s', () => {
    const months = ['2028-01', '2028-02', '2028-03']
    const day = fc.tuple(fc.constantFrom(...months), fc.integer({ min: 10, max: 28 })).map(([m, d]) => `${m}-${d}`)
    const arbReview = fc.record({
      id: fc.uuid(),
      requirementId: fc.constantFrom('q1', 'q2', 'q3'),
      status: fc.constantFrom('held', 'adjourned', 'vacated', 'did_not_attend', 'scheduled'),
      mode: fc.constantFrom('hearing', 'paper'),
      date: day,
      firstSubmittedAt: fc.option(fc.constantFrom('2028-01-01T10:00:00.000Z', '2028-02-20T10:00:00.000Z')),
      warrantIssued: fc.boolean(),
    })
    fc.assert(
      fc.property(
        fc.array(arbReview, { maxLength: 30 }),
        fc.array(fc.record({ bench: fc.constant(['m1']), previousBench: fc.option(fc.constant(['m1'])), date: day })),
        fc.array(
          fc.record({ takenOn: day, results: fc.constantFrom('{"opiates":"negative"}', '{"opiates":"positive"}') }),
        ),
        (rows, pairs, tests) => {
          const reviews = rows.map(r => review(r))
          const held = pairs.map((p, i) => ({
            ...p,
            bench: [...p.bench],
            previousBench: p.previousBench ? [...p.previousBench] : null,
            reviewId: `r${i}`,
            sittingId: 's',
          }))
          const requirements = ['q1', 'q2', 'q3'].map(id => requirement({ id }))
          const byMonth = figuresByMonth({ reviews, requirements, tests, pairs: held }, '2028-01-01', '2028-03-31')
          expect(byMonth.map(m => m.month)).toEqual(months)
          const sum = (f: (m: (typeof byMonth)[number]) => number) => byMonth.reduce((n, m) => n + f(m), 0)
          const whole = reviewCounts(reviews)
          for (const k of Object.keys(whole) as (keyof typeof whole)[]) expect(sum(m => m.reviews[k])).toBe(whole[k])
          expect(sum(m => m.continuity.eligible)).toBe(held.filter(p => p.previousBench).length)
          expect(sum(m => m.reports.due)).toBe(
            reviews.filter(r => r.mode === 'hearing' && r.status !== 'vacated').length,
          )
          expect(sum(m => m.testing.tests)).toBe(tests.length)
          // A requirement is counted in a month when it has a review in that month.
          for (const m of byMonth) {
            const reviewed = new Set(reviews.filter(r => r.date.startsWith(m.month)).map(r => r.requirementId))
            expect(m.requirements.active).toBe(reviewed.size)
          }
        },
      ),
    )
  })
})
