import { assemble, benchNames, earlierReviews, reviewModeText } from '../../../../server/services/hearing/packAssembly'
import type { PackDrugTestRow } from '../../../../server/data/packRepository'
import { requirement, review, rows, sitting } from './packFixtures'

const NOW = '2026-05-01T09:00:00.000Z'

describe('earlierReviews', () => {
  it('when a requirement has reviews before the booked one, then keeps those held, missed or listed', () => {
    const booked = review({ id: 'r5', sequence: 5 })
    const siblings = [
      review({ id: 'r1', sequence: 1, status: 'held' }),
      review({ id: 'r2', sequence: 2, status: 'did_not_attend' }),
      review({ id: 'r3', sequence: 3, status: 'scheduled', sittingId: 's3' }),
      review({ id: 'r3b', sequence: 3, status: 'scheduled', sittingId: null }),
      review({ id: 'r4', sequence: 4, status: 'vacated' }),
      review({ id: 'r4b', sequence: 4, status: 'adjourned' }),
      booked,
      review({ id: 'r6', sequence: 6, status: 'held' }),
      review({ id: 'x1', requirementId: 'other', sequence: 1, status: 'held' }),
    ]

    expect(
      earlierReviews([booked], siblings)
        .get('r5')!
        .map(r => r.id),
    ).toEqual(['r1', 'r2', 'r3'])
  })

  it('when nothing came before, then each booked review has none', () => {
    const booked = review({ id: 'r1', sequence: 1 })
    expect(earlierReviews([booked], [booked])).toEqual(new Map([['r1', []]]))
  })
})

describe('benchNames', () => {
  it('when given ids, then names them in alphabetical order and leaves out ids without a name', () => {
    const names = benchNames([
      { id: 'b', name: 'Bea' },
      { id: 'a', name: 'Ann' },
    ])
    expect(names(['b', 'gone', 'a'])).toEqual(['Ann', 'Bea'])
    expect(names([])).toEqual([])
  })
})

describe('reviewModeText', () => {
  it('when reviews are on paper, then names who decides by the kind of court', () => {
    expect(reviewModeText({ reviewMode: 'paper', courtKind: 'crown' })).toBe(
      'Without a hearing, decided on the papers by a judge',
    )
    expect(reviewModeText({ reviewMode: 'paper', courtKind: 'magistrates' })).toBe(
      'Without a hearing, decided on the papers by a single justice',
    )
    expect(reviewModeText({ reviewMode: 'hearing', courtKind: 'crown' })).toBe('At a review hearing the person attends')
  })
})

describe('assemble', () => {
  it('when a sitting has a case, then gives the cover, the list and the case in the court’s words', () => {
    const model = assemble(rows(), NOW)

    expect(model.courtName).toBe('Leeds Magistrates’ Court')
    expect(model.heading).toBe('12 May 2026, courtroom 3')
    expect(model.bench).toEqual(['Anne Two', 'Mags One'])
    expect(model.list).toEqual([{ time: '10am', name: 'Pat Packson', crn: 'X123456', reviewOf: '2 of 3' }])
    const c = model.cases[0]
    expect(c.order).toEqual({
      kind: 'Community order',
      caseReference: 'CR-1',
      madeOn: '6 March 2026',
      endsOn: '5 March 2027',
      requirement: 'Drug rehabilitation requirement (DRR)',
      months: 6,
      startsOn: '6 March 2026',
      endsOnRequirement: '5 September 2026',
      reviewMode: 'At a review hearing the person attends',
      officerName: 'Olive Officer',
      providerName: 'Forward Leeds',
    })
    expect(c.person).toEqual({ name: 'Pat Packson', dateOfBirth: '31 January 1990', crn: 'X123456', pnc: null })
    expect(c.timeline).toEqual([
      {
        date: '7 April 2026',
        bench: 'Mags One',
        status: 'Held',
        progress: 'Good',
        decision: 'Continue, next review at a hearing',
        attended: 'Yes',
        benchComments: 'Keep it up',
      },
    ])
    expect(c.sinceLabel).toBe('since the last review on 7 April 2026')
    expect(c.firstReview).toBe(false)
    expect(c.psr).toEqual({ text: null, onRecord: false })
    expect(c.warnings).toEqual([
      'No progress report has been submitted yet.',
      'No update from the treatment provider.',
      'No drug tests since the last review.',
    ])
  })

  it('when the pack is not for a sitting, then the court is the case’s and there is no cover', () => {
    const model = assemble(rows({ sitting: null, courtName: null }), NOW)

    expect(model.courtName).toBe('Leeds Magistrates’ Court')
    expect(model.heading).toBe('')
    expect(model.bench).toEqual([])
    expect(model.sitting).toBeNull()
  })

  it('when the sitting’s court is not found, then the court name is empty', () => {
    expect(assemble(rows({ courtName: null }), NOW).courtName).toBe('')
  })

  it('when the order has a pre-sentence report on record and text, then the case says both', () => {
    const model = assemble(rows({ requirements: [requirement({ psrText: 'Report' })], ordersWithPsr: ['o1'] }), NOW)
    expect(model.cases[0].psr).toEqual({ text: 'Report', onRecord: true })
  })

  it('when a case is the first review, then tests count from the start of the order and the chart runs to the review if later', () => {
    const first = review({ id: 'r1', sequence: 1, reviewDate: '2027-04-01' })
    const tests: PackDrugTestRow[] = [
      {
        personId: 'p1',
        takenOn: '2026-03-01',
        method: 'urine',
        results: { cocaine: 'positive' },
        otherSubstance: null,
      },
      {
        personId: 'p1',
        takenOn: '2026-03-20',
        method: 'oral_fluid',
        results: { cocaine: 'positive' },
        otherSubstance: null,
      },
      {
        personId: 'other',
        takenOn: '2026-03-21',
        method: 'urine',
        results: { opiates: 'negative' },
        otherSubstance: null,
      },
    ]
    tests.push({ ...tests[1], takenOn: '2026-03-06', method: 'urine', results: { opiates: 'negative' } })
    const model = assemble(rows({ booked: [first], siblings: [first], outcomes: [], earlierSittings: [], tests }), NOW)

    const c = model.cases[0]
    expect(c.sinceLabel).toBe('since the order was made on 6 March 2026')
    expect(c.firstReview).toBe(true)
    expect(c.testsSince.map(t => [t.date, t.method])).toEqual([
      ['6 March 2026', 'Urine'],
      ['20 March 2026', 'Oral fluid'],
    ])
    expect(c.warnings).toContain('Positive for cocaine for the first time on this order.')
    expect(c.warnings.join(' ')).not.toContain('since the last review')
    expect(c.chart).toContain('since the order was made, 6 March 2026 to 1 April 2027')
    expect(c.chart).toContain('>Order made, 6 March</text>')
    expect(c.chart).toContain('>This review (1), 1 April</text>')
    expect(c.orderTests).toBe('2 tests. Positive: Cocaine 1.')
    expect(c.n).toBe(1)
    expect(c.m).toBe(1)
  })

  it('when a first review has no tests, then the warning counts from the order, not a last review', () => {
    const first = review({ id: 'r1', sequence: 1, reviewDate: '2026-04-07' })
    const c = assemble(rows({ booked: [first], siblings: [first], outcomes: [], earlierSittings: [] }), NOW).cases[0]
    expect(c.warnings).toContain('No drug tests recorded since the order was made.')
    expect(c.chart).toBe('')
  })

  it('when a case has no sitting time, then its time is empty', () => {
    const booked = review({ startsAt: null })
    expect(assemble(rows({ booked: [booked], sitting: sitting() }), NOW).cases[0].time).toBe('')
  })
})
