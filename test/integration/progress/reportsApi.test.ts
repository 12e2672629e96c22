import request from 'supertest'
import { apiToken, createTestContext, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { bearer, expectProblem, fieldsOf } from '../scheduling/schedulingWorld'
import { FULL_REPORT, makeReportWorld } from './progressWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-20T09:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set('2026-03-20T09:00:00Z'))

const auditActions = async (reviewId: string) =>
  (await ctx.db('audit_event').where({ subject_id: reviewId }).orderBy('id').pluck('action')) as string[]

describe('PUT and GET /api/v1/reviews/:id/report', () => {
  it('when the officer saves a draft, submits, then amends, then the report goes draft → submitted → version 2 with its history', async () => {
    const w = await makeReportWorld(ctx)
    await w.addSitting('2026-05-05')
    const { review, requirementId } = await w.personWithReview('2026-05-05', '2026-04-01')
    const path = `/reviews/${review.id}/report`

    const draft = await w.officerApi.put(path, { attendance: 'Half written', submit: false })
    ctx.clock.set('2026-04-29T10:00:00Z')
    const submitted = await w.officerApi.put(path, { ...FULL_REPORT, submit: true })
    ctx.clock.set('2026-04-30T08:00:00Z')
    await w.officerApi.put(path, { ...FULL_REPORT, treatment: 'Reduced methadone dose.', submit: false })
    const clerkBeforeAmend = await w.clerkReportApi.get(path)
    const amended = await w.officerApi.put(path, {
      ...FULL_REPORT,
      treatment: 'Reduced methadone dose.',
      recommendation: 'amend',
      proposedAmendment: 'Reduce testing to fortnightly.',
      submit: true,
    })
    const clerkRead = await w.clerkReportApi.get(path)
    const reviews = (await w.clerkReportApi.get(`/requirements/${requirementId}/reviews`)).body

    expect(draft.status).toBe(200)
    expect(draft.body).toEqual(
      expect.objectContaining({ reviewId: review.id, status: 'draft', submittedAt: null, version: 0, late: false }),
    )
    expect(draft.body.attendance).toBe('Half written')
    expect(submitted.body).toEqual(
      expect.objectContaining({
        status: 'submitted',
        submittedAt: '2026-04-29T11:00:00+01:00',
        dueAt: '2026-04-30T23:59:59+01:00',
        late: false,
        amended: false,
        version: 1,
        ...FULL_REPORT,
      }),
    )
    expect(clerkBeforeAmend.body.treatment).toBe(FULL_REPORT.treatment)
    expect(amended.body).toEqual(
      expect.objectContaining({ status: 'submitted', version: 2, amended: true, recommendation: 'amend' }),
    )
    expect(amended.body.submittedAt).toBe('2026-04-29T11:00:00+01:00')
    expect(amended.body.lastSubmittedAt).toBe('2026-04-30T09:00:00+01:00')
    expect(clerkRead.status).toBe(200)
    expect(clerkRead.body.treatment).toBe('Reduced methadone dose.')
    expect(clerkRead.body.proposedAmendment).toBe('Reduce testing to fortnightly.')
    expect(clerkRead.body.versions).toEqual([
      { version: 1, submittedAt: '2026-04-29T11:00:00+01:00', late: false },
      { version: 2, submittedAt: '2026-04-30T09:00:00+01:00', late: false },
    ])
    expect(reviews[0].report).toEqual({ status: 'submitted', submittedAt: '2026-04-29T11:00:00+01:00' })
    expect(await auditActions(review.id)).toEqual(
      expect.arrayContaining(['update_report', 'submit_report', 'view_report']),
    )
    expect((await auditActions(review.id)).filter(a => a === 'submit_report')).toHaveLength(2)
  })

  it('when another officer reads or writes the report, then it answers 404 and nothing changes', async () => {
    const w = await makeReportWorld(ctx)
    await w.addSitting('2026-05-05')
    const { review } = await w.personWithReview('2026-05-05', '2026-04-01')
    const path = `/reviews/${review.id}/report`
    await w.officerApi.put(path, { ...FULL_REPORT, submit: false })

    const write = await w.otherApi.put(path, { ...FULL_REPORT, attendance: 'Overwritten', submit: true })
    const malformed = await w.otherApi.put(path, { recommendation: 'nonsense', submit: 'maybe' })
    const read = await w.otherApi.get(path)
    const mine = await w.officerApi.get(path)

    expectProblem(write, 404)
    expectProblem(malformed, 404)
    expectProblem(read, 404)
    expect(mine.body).toEqual(expect.objectContaining({ status: 'draft', attendance: FULL_REPORT.attendance }))
  })

  it('when a clerk asks for a report that is only a draft, then it answers 404; a clerk may not write one (403)', async () => {
    const w = await makeReportWorld(ctx)
    await w.addSitting('2026-05-05')
    const { review } = await w.personWithReview('2026-05-05', '2026-04-01')
    const path = `/reviews/${review.id}/report`
    await w.officerApi.put(path, { ...FULL_REPORT, submit: false })

    expectProblem(await w.clerkReportApi.get(path), 404)
    expectProblem(await w.clerkReportApi.put(path, { ...FULL_REPORT, submit: true }), 403)
    expectProblem(await w.officerApi.get('/reviews/00000000-0000-4000-8000-000000000000/report'), 404)
  })

  it('when a submitted report is missing sections, then it answers 400 naming each one', async () => {
    const w = await makeReportWorld(ctx)
    await w.addSitting('2026-05-05')
    const { review } = await w.personWithReview('2026-05-05', '2026-04-01')

    const res = await w.officerApi.put(`/reviews/${review.id}/report`, {
      attendance: '  ',
      recommendation: 'amend',
      appointmentsOffered: 3,
      appointmentsKept: 4,
      submit: true,
    })
    const bad = await w.officerApi.put(`/reviews/${review.id}/report`, { recommendation: 'hang_them', submit: 'yes' })

    expect(fieldsOf(expectProblem(res, 400))).toEqual([
      'appointmentsKept',
      'attendance',
      'engagement',
      'proposedAmendment',
      'testing',
      'treatment',
    ])
    expect(fieldsOf(expectProblem(bad, 400))).toEqual(['recommendation', 'submit'])
    expect(await ctx.db('progress_report').where({ review_id: review.id })).toHaveLength(0)
  })
})

describe('a probation manager', () => {
  it('when the manager of the officer’s team reads the report, then it is shown; writing it is a 404', async () => {
    const w = await makeReportWorld(ctx)
    await w.addSitting('2026-05-05')
    const { review } = await w.personWithReview('2026-05-05', '2026-04-01')
    const path = `/reviews/${review.id}/report`
    await w.officerApi.put(path, { ...FULL_REPORT, submit: false })
    const manager = await makeUser(ctx.services, 'probation', { organisationId: w.probationOrg.id, isManager: true })
    const token = await apiToken(ctx.app, manager.email)

    const read = await request(ctx.app).get(`/api/v1${path}`).set(bearer(token))
    const write = await request(ctx.app)
      .put(`/api/v1${path}`)
      .set(bearer(token))
      .send({ ...FULL_REPORT, submit: true })

    expect(read.status).toBe(200)
    expect(read.body.status).toBe('draft')
    expectProblem(write, 404)
  })
})

describe('late reports, across a weekend and a bank holiday', () => {
  // Sitting Tuesday 5 May 2026, after the early May bank holiday (Monday 4 May) and a weekend:
  // two working days before is Thursday 30 April, due by the end of that day.
  it.each([
    ['just before midnight on the due day', false, 'submitted', '2026-04-30T22:59:58Z'],
    ['on the Friday morning after', true, 'late', '2026-05-01T08:00:00Z'],
    ['on the bank holiday Monday', true, 'late', '2026-05-04T09:00:00Z'],
  ])('when the report is submitted %s, then late is %s', async (_when, late, reportStatus, at) => {
    const w = await makeReportWorld(ctx, { reportDueWorkingDays: 2 })
    await w.addSitting('2026-05-05')
    const { review } = await w.personWithReview('2026-05-05', '2026-04-01')
    ctx.clock.set(at)

    const res = await w.officerApi.put(`/reviews/${review.id}/report`, { ...FULL_REPORT, submit: true })

    expect(review.reportDueAt).toBe('2026-04-30T23:59:59+01:00')
    expect(res.status).toBe(200)
    expect(res.body).toEqual(expect.objectContaining({ late, reportStatus, status: 'submitted' }))
    expect(res.body.versions).toEqual([expect.objectContaining({ version: 1, late })])
  })

  it('when a report sent on time is amended after the due time, then the report is not late but that version is', async () => {
    const w = await makeReportWorld(ctx)
    await w.addSitting('2026-05-05')
    const { review } = await w.personWithReview('2026-05-05', '2026-04-01')
    const path = `/reviews/${review.id}/report`
    ctx.clock.set('2026-04-30T12:00:00Z')
    await w.officerApi.put(path, { ...FULL_REPORT, submit: true })
    ctx.clock.set('2026-05-04T12:00:00Z')

    const res = await w.officerApi.put(path, { ...FULL_REPORT, testing: 'One positive for cocaine.', submit: true })

    expect(res.body).toEqual(expect.objectContaining({ late: false, amended: true, version: 2 }))
    expect(res.body.versions.map((v: { late: boolean }) => v.late)).toEqual([false, true])
  })
})
