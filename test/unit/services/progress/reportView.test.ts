import type { ReviewRow } from '../../../../server/data/reviewRepository'
import type { Report, ReportContent, ReportVersion } from '../../../../server/data/reportRepository'
import { describeReport } from '../../../../server/services/progress/reportView'
import { contentToStore, parseReport } from '../../../../server/services/progress/reportContent'

const REVIEW = { id: 'r' } as ReviewRow

const CONTENT: ReportContent = {
  attendance: 'Attended',
  appointmentsOffered: 4,
  appointmentsKept: 4,
  engagement: 'Engaged',
  treatment: 'Stable',
  testing: 'Negative',
  newOffending: null,
  recommendation: 'continue',
  proposedAmendment: null,
}

const report = (over: Partial<Report> = {}): Report => ({
  ...CONTENT,
  id: 'rep',
  reviewId: 'r',
  authorId: 'u',
  status: 'submitted',
  dueAt: null,
  submittedAt: '2026-03-01T09:00:00.000Z',
  submittedVersion: 1,
  updatedAt: '2026-03-01T09:00:00.000Z',
  ...over,
})

const version = (n: number, over: Partial<ReportVersion> = {}): ReportVersion => ({
  versionNumber: n,
  submittedAt: '2026-03-01T09:00:00.000Z',
  submittedBy: 'u',
  submittedByName: 'Olive',
  late: false,
  content: CONTENT,
  ...over,
})

describe('describeReport', () => {
  it('when the author has changed a submitted report since, then they see the draft and the change is flagged', () => {
    const draft = report({ attendance: 'Missed one' })

    const view = describeReport(REVIEW, draft, [version(1)], true, 'submitted')

    expect(view.current).toBe(draft)
    expect(view).toMatchObject({ changedSinceSubmission: true, amended: false, late: false, status: 'submitted' })
  })

  it('when someone else reads it, then they see the last submitted version, not the draft', () => {
    const draft = report({ attendance: 'Missed one' })

    const view = describeReport(REVIEW, draft, [version(1)], false, 'submitted')

    expect(view.current).toMatchObject({ id: 'rep', attendance: 'Attended' })
  })

  it('when it was first submitted late and then amended, then it is late and amended', () => {
    const view = describeReport(
      REVIEW,
      report({ submittedVersion: 2 }),
      [version(1, { late: true }), version(2)],
      false,
      'late',
    )

    expect(view).toMatchObject({ late: true, amended: true, changedSinceSubmission: false })
  })

  it('when there is only a draft, then a reader sees nothing current and nothing has changed since submission', () => {
    const view = describeReport(REVIEW, report({ status: 'draft', submittedVersion: 0 }), [], false, 'draft')

    expect(view).toMatchObject({ current: null, late: false, amended: false, changedSinceSubmission: false })
  })
})

describe('contentToStore', () => {
  const input = (over: Record<string, unknown> = {}) => parseReport({ submit: false, ...over })

  it('when the officer leaves the counts blank, then the first provider update that gives them fills them', () => {
    const content = contentToStore(input({ attendance: 'Came' }), [
      { appointmentsOffered: null, appointmentsKept: null },
      { appointmentsOffered: 6, appointmentsKept: null },
      { appointmentsOffered: 9, appointmentsKept: 5 },
    ])

    expect(content).toMatchObject({ attendance: 'Came', appointmentsOffered: 6, appointmentsKept: 5 })
  })

  it('when the officer gives the counts, then theirs are kept, a zero included', () => {
    const content = contentToStore(input({ appointmentsOffered: 0, appointmentsKept: 0 }), [
      { appointmentsOffered: 6, appointmentsKept: 5 },
    ])

    expect(content).toMatchObject({ appointmentsOffered: 0, appointmentsKept: 0 })
  })

  it('when the recommendation is not to amend, then a proposed amendment is dropped; blank sections are null', () => {
    expect(contentToStore(input({ recommendation: 'continue', proposedAmendment: 'Fewer tests' }), [])).toEqual({
      attendance: null,
      appointmentsOffered: null,
      appointmentsKept: null,
      engagement: null,
      treatment: null,
      testing: null,
      newOffending: null,
      recommendation: 'continue',
      proposedAmendment: null,
    })
    expect(
      contentToStore(input({ recommendation: 'amend', proposedAmendment: 'Fewer tests' }), []).proposedAmendment,
    ).toBe('Fewer tests')
  })
})
