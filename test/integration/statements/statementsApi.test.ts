import { createTestContext, type TestContext } from '../../support/testApp'
import { expectProblem, fieldsOf } from '../scheduling/schedulingWorld'
import { makeStatementWorld, type StatementWorld } from './statementWorld'

// Issue 23 point 1 on the API (API.md "The person"): PUT and GET /reviews/{id}/statement.

let ctx: TestContext
let w: StatementWorld
/** Another person's first review, listed in the same sitting, with no words taken down. */
let wordless: { id: string; startsAt: string | null }

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-05-05T13:30:00Z' })
  w = await makeStatementWorld(ctx)
  const order = await w.addOrder({ madeOn: '2026-04-01', months: 6 })
  wordless = order.reviews.find(r => r.status === 'scheduled')!
})

afterAll(async () => {
  await ctx.close()
})

const FIRST = 'The groups have helped.\nSleeping is hard.\n\nI want the court to know I have kept every appointment.'

describe('PUT /api/v1/reviews/:id/statement', () => {
  it('when the responsible officer takes down the person’s words, then they are kept as theirs, with who took them down and when, and audited', async () => {
    const res = await w.api(w.officer.email, 'put', `/reviews/${w.r2.id}/statement`, { text: `  ${FIRST}  ` })

    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      reviewId: w.r2.id,
      revision: 1,
      text: FIRST,
      takenBy: { id: w.officer.id, name: w.officer.name, role: 'probation' },
      takenAt: '2026-05-05T14:30:00+01:00',
    })
    const [row] = await w.auditRows('record_statement')
    expect(row).toEqual(expect.objectContaining({ user_id: w.officer.id, person_id: w.person.id, subject_id: w.r2.id }))
    // Ids and numbers only in the audit: never the words.
    expect(String(row.detail)).not.toContain('groups')
  })

  it('when the provider replaces it before the review, then theirs is current and the first is kept, shown to those who write it and not to the bench', async () => {
    ctx.clock.set('2026-05-08T09:00:00Z')
    const res = await w.api(w.providerWorker.email, 'put', `/reviews/${w.r2.id}/statement`, {
      text: 'Said again to my keyworker: I am doing better.',
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(
      expect.objectContaining({ revision: 2, takenBy: expect.objectContaining({ role: 'provider' }) }),
    )

    const officer = await w.api(w.officer.email, 'get', `/reviews/${w.r2.id}/statement`)
    expect(officer.status).toBe(200)
    expect(officer.body.text).toBe('Said again to my keyworker: I am doing better.')
    expect(officer.body.earlier).toEqual([expect.objectContaining({ revision: 1, text: FIRST })])
    expect(officer.body.benchResponse).toBeNull()

    const bench = await w.api(w.magistrate2.email, 'get', `/reviews/${w.r2.id}/statement`)
    expect(bench.status).toBe(200)
    expect(bench.body.revision).toBe(2)
    expect(bench.body).not.toHaveProperty('earlier')

    // Added to, never overwritten: the first revision's row is as it was.
    const rows = await ctx.db('statement').where({ review_id: w.r2.id }).orderBy('revision')
    expect(rows.map(r => [r.revision, r.text])).toEqual([
      [1, FIRST],
      [2, 'Said again to my keyworker: I am doing better.'],
    ])
  })

  it('when the words are missing or too long, then 400 names the text field and nothing is stored', async () => {
    const before = await ctx.db('statement').pluck('id')
    for (const text of ['   ', 'x'.repeat(2001), undefined]) {
      const problem = expectProblem(await w.api(w.officer.email, 'put', `/reviews/${w.r2.id}/statement`, { text }), 400)
      expect(fieldsOf(problem)).toEqual(['text'])
    }
    expect(await ctx.db('statement').pluck('id')).toEqual(before)
  })

  it('when someone else’s officer, another organisation’s provider or a sentencer not on the bench asks, then 404 (the refusal audited), and a clerk or admin may not write', async () => {
    const refusedBefore = (await w.auditRows('access_refused')).length
    const path = `/reviews/${w.r2.id}/statement`
    for (const email of [w.otherOfficer.email, w.otherProvider.email]) {
      expectProblem(await w.api(email, 'put', path, { text: 'Not mine to write' }), 404)
      expectProblem(await w.api(email, 'get', path), 404)
    }
    expectProblem(await w.api(w.offBench.email, 'get', path), 404)
    expectProblem(await w.api(w.clerk.email, 'put', path, { text: 'A clerk' }), 403)
    expectProblem(await w.api(w.admin.email, 'get', path), 403)
    const refused = (await w.auditRows('access_refused')).slice(refusedBefore)
    expect(refused.map(r => r.user_id)).toEqual([
      w.otherOfficer.id,
      w.otherOfficer.id,
      w.otherProvider.id,
      w.otherProvider.id,
      w.offBench.id,
      w.clerk.id,
      w.admin.id,
    ])
    expect(await ctx.db('statement').where({ text: 'Not mine to write' }).first()).toBeUndefined()
    // A review nobody has words for yet reads 404 too.
    expectProblem(await w.api(w.officer.email, 'get', `/reviews/${w.r1.id}/statement`), 404)
  })

  it('when a clerk or the bench reads it, then each read is audited against the person', async () => {
    const before = (await w.auditRows('view_statement')).length
    expect((await w.api(w.clerk.email, 'get', `/reviews/${w.r2.id}/statement`)).status).toBe(200)
    expect((await w.api(w.magistrate1.email, 'get', `/reviews/${w.r2.id}/statement`)).status).toBe(200)
    const reads = (await w.auditRows('view_statement')).slice(before)
    expect(reads.map(r => [r.user_id, r.person_id, r.subject_id])).toEqual([
      [w.clerk.id, w.person.id, w.r2.id],
      [w.magistrate1.id, w.person.id, w.r2.id],
    ])
  })

  it('when the review has been held, then 409 says a later statement goes on the next review, naming it', async () => {
    const problem = expectProblem(
      await w.api(w.officer.email, 'put', `/reviews/${w.r1.id}/statement`, { text: 'Too late' }),
      409,
    )
    expect(problem.detail).toBe(
      'The review has been held, so its statement can no longer change. A later statement goes on the next review.',
    )
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: 'text', nextReviewId: w.r2.id, href: `/api/v1/reviews/${w.r2.id}/statement` }),
    ])
    expect(await ctx.db('statement').where({ review_id: w.r1.id }).first()).toBeUndefined()
  })
})

describe('the bench’s response, recorded with the outcome', () => {
  it('when the clerk records the outcome with a response, then it is kept with the outcome, naming the version read, and the statement is closed', async () => {
    ctx.clock.set('2026-05-12T15:00:00Z')
    const res = await w.api(w.clerk.email, 'post', `/reviews/${w.r2.id}/outcome`, {
      attended: true,
      progress: 'good',
      decision: 'continue_hearing',
      benchComments: 'Keep going.',
      statementResponse: 'We heard you: well done on keeping every appointment.',
    })
    expect(res.status).toBe(201)

    const current = await ctx.db('statement').where({ review_id: w.r2.id, revision: 2 }).first()
    const response = await ctx.db('statement_response').where({ review_id: w.r2.id }).first()
    expect(response).toEqual(
      expect.objectContaining({
        outcome_id: res.body.outcome.id,
        statement_id: current.id,
        text: 'We heard you: well done on keeping every appointment.',
        recorded_by: w.clerk.id,
      }),
    )
    const read = await w.api(w.officer.email, 'get', `/reviews/${w.r2.id}/statement`)
    expect(read.body.benchResponse).toEqual(
      expect.objectContaining({ text: 'We heard you: well done on keeping every appointment.' }),
    )

    // Never changed after the review: neither replaced nor added to.
    ctx.clock.set('2026-05-13T09:00:00Z')
    for (const email of [w.officer.email, w.providerWorker.email])
      expectProblem(await w.api(email, 'put', `/reviews/${w.r2.id}/statement`, { text: 'Afterwards' }), 409)
    expect(await ctx.db('statement').where({ review_id: w.r2.id }).pluck('revision')).toHaveLength(2)
  })

  it('when a response is sent for a review the person gave no words for, then 400 names it and no outcome is recorded', async () => {
    const review = wordless
    expect(review.startsAt?.slice(0, 10)).toBe('2026-05-12')
    const problem = expectProblem(
      await w.api(w.clerk.email, 'post', `/reviews/${review.id}/outcome`, {
        attended: true,
        progress: 'good',
        decision: 'continue_hearing',
        statementResponse: 'To nothing',
      }),
      400,
    )
    expect(fieldsOf(problem)).toEqual(['statementResponse'])
    expect(await ctx.db('outcome').where({ review_id: review.id }).first()).toBeUndefined()
  })
})

describe('a review that will not be heard', () => {
  it('when a review with the person’s words is vacated, then no more are taken for it (409 naming the next review) and the next review’s pack carries them, saying so', async () => {
    ctx.clock.set('2026-05-06T09:00:00Z')
    const { reviewId } = await w.addListedCase()
    expect(
      (await w.api(w.officer.email, 'put', `/reviews/${reviewId}/statement`, { text: 'Words for May' })).status,
    ).toBe(200)
    const { version } = await ctx.db('review').where({ id: reviewId }).first('version')
    const vacated = await w.api(w.clerk.email, 'post', `/reviews/${reviewId}/vacate`, {
      reason: 'Listed in error',
      version: Number(version),
    })
    expect(vacated.status).toBe(200)

    const problem = expectProblem(
      await w.api(w.officer.email, 'put', `/reviews/${reviewId}/statement`, { text: 'More words' }),
      409,
    )
    expect(problem.detail).toBe(
      'This review will not be heard (it was vacated or adjourned). A statement goes on the next review.',
    )
    const nextReviewId = problem.errors?.[0] && (problem.errors[0] as { nextReviewId?: string }).nextReviewId
    expect(nextReviewId).toEqual(expect.any(String))
    expect(nextReviewId).not.toBe(reviewId)

    const pack = await w.api(w.clerk.email, 'get', `/reviews/${nextReviewId}/pack`)
    expect(pack.status).toBe(200)
    expect(pack.text).toContain('Words for May')
    expect(pack.text).toContain('Taken for the hearing on 12 May 2026, which did not go ahead.')

    // Words taken for the next review replace the carried ones in its pack.
    expect(
      (await w.api(w.officer.email, 'put', `/reviews/${nextReviewId}/statement`, { text: 'Words for June' })).status,
    ).toBe(200)
    const after = await w.api(w.clerk.email, 'get', `/reviews/${nextReviewId}/pack`)
    expect(after.text).toContain('Words for June')
    expect(after.text).not.toContain('Words for May')
  })
})
