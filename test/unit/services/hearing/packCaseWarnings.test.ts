import { caseWarnings, packAttendance } from '../../../../server/services/hearing/packCase'

describe('packAttendance', () => {
  it('when both the provider and the report counted appointments, then gives both, provider first', () => {
    expect(
      packAttendance(
        { appointmentsOffered: 8, appointmentsKept: 6 },
        { appointmentsOffered: 4, appointmentsKept: null },
      ),
    ).toEqual([
      { source: 'Treatment provider', offered: 8, kept: 6 },
      { source: 'Probation', offered: 4, kept: null },
    ])
  })

  it('when neither counted, then gives nothing', () => {
    expect(packAttendance(undefined, null)).toEqual([])
    expect(packAttendance({ appointmentsOffered: null, appointmentsKept: null }, { attendance: 'Words only' })).toEqual(
      [],
    )
  })
})

describe('caseWarnings', () => {
  const base = {
    review: { reportDueAt: '2026-05-08T16:00:00.000Z' },
    requirement: { breachProceedings: false },
    report: null,
    hasProviderView: true,
    testsSince: 2,
    newPositives: [],
    last: null,
    attendance: [],
    now: '2026-05-01T09:00:00.000Z',
  }
  const report = {
    submittedAt: '2026-05-01T10:00:00.000Z',
    late: false,
    amended: false,
    versionNumber: 1,
    sections: [],
    recommendation: null,
    proposedAmendment: null,
  }

  it('when everything is in, then there is nothing to warn of', () => {
    expect(caseWarnings({ ...base, report })).toEqual([])
  })

  it('when everything is wrong, then warns of each in the pack’s order', () => {
    expect(
      caseWarnings({
        ...base,
        requirement: { breachProceedings: true },
        now: '2026-05-09T09:00:00.000Z',
        hasProviderView: false,
        testsSince: 0,
        last: { status: 'did_not_attend' },
        newPositives: ['cocaine', 'other'],
        attendance: [
          { source: 'Treatment provider', offered: 8, kept: 5 },
          { source: 'Probation', offered: 4, kept: 3 },
          { source: 'Nobody', offered: 0, kept: 0 },
        ],
      }),
    ).toEqual([
      'Breach proceedings: a breach of this requirement is before the court (Sentencing Act 2020 Sch 10). The order continues until the court decides.',
      'No progress report: it was due 8 May 2026 and is overdue.',
      'No update from the treatment provider.',
      'No drug tests since the last review.',
      'Did not attend the last review.',
      'Positive for cocaine for the first time on this order.',
      'Positive for other for the first time on this order.',
      'Treatment provider: kept 5 of 8 appointments.',
    ])
  })

  it('when there are no tests at a first review, then says none since the order was made, not since a last review', () => {
    expect(caseWarnings({ ...base, report, testsSince: 0, firstReview: true })).toEqual([
      'No drug tests recorded since the order was made.',
    ])
  })

  it('when the report is not due yet, or came in late, then says which', () => {
    expect(caseWarnings({ ...base, review: { reportDueAt: null } })).toEqual([
      'No progress report has been submitted yet.',
    ])
    expect(caseWarnings(base)).toEqual(['No progress report has been submitted yet.'])
    expect(caseWarnings({ ...base, report: { ...report, late: true } })).toEqual([
      'The progress report was submitted late.',
    ])
  })
})
