import request from 'supertest'
import { apiToken, createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { bearer, expectProblem, fieldsOf } from '../scheduling/schedulingWorld'
import { auditAfter, lastAuditId, makeAccessWorld, type AccessWorld } from './accessWorld'

/**
 * Issue 23 point 3, how the person attends each hearing: in person or by video link (a live link the court
 * directs, Criminal Justice Act 2003 s.51), changed by the clerk with a reason and kept as history; whether
 * the interpreter is booked for each hearing; both on the court list (with a warning while an interpreter is
 * not booked), in GET /api/v1/sittings/{id} and on the pack's cover.
 */

let ctx: TestContext
let w: AccessWorld

beforeAll(async () => {
  ctx = await createTestContext()
  w = await makeAccessWorld(ctx)
  const set = await w.clerk.put(`/people/${w.first.person.id}/access-needs`, {
    interpreterLanguage: 'Polish',
    adjustments: ['step_free'],
    notes: null,
  })
  expect(set.status).toBe(200)
})
afterAll(async () => {
  await ctx.close()
})

const ROOM = 'CVP room 4471'

describe('the attendance mode of a hearing', () => {
  it('when the clerk changes a hearing to video with a room and a reason, then 200 review, its history keeps who, when, from, to and why, and the audit has the change without the room', async () => {
    const before = await lastAuditId(ctx)
    const res = await w.clerk.put(`/reviews/${w.first.review.id}/attendance-mode`, {
      mode: 'video',
      videoReference: ROOM,
      reason: 'Residential rehab in Leeds: the court directed a live link',
    })

    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: w.first.review.id,
      sittingId: w.sitting.id,
      attendanceMode: 'video',
      videoReference: ROOM,
      interpreterBooked: false,
    })
    const history = await ctx.db('attendance_mode_change').where({ review_id: w.first.review.id })
    expect(history.map(h => [h.from_mode, h.to_mode, h.reason, h.changed_by])).toEqual([
      ['in_person', 'video', 'Residential rehab in Leeds: the court directed a live link', w.world.clerk.id],
    ])
    const rows = await auditAfter(ctx, before)
    expect(rows.map(r => [r.action, r.person_id, JSON.parse(r.detail ?? '{}')])).toEqual([
      ['change_attendance_mode', w.first.person.id, { from: 'in_person', to: 'video' }],
    ])
    expect(JSON.stringify(rows)).not.toContain(ROOM)
  })

  it('when the same mode and room are sent again, then 200 and no second history row', async () => {
    const res = await w.clerk.put(`/reviews/${w.first.review.id}/attendance-mode`, {
      mode: 'video',
      videoReference: ROOM,
      reason: 'Again',
    })

    expect(res.status).toBe(200)
    expect(await ctx.db('attendance_mode_change').where({ review_id: w.first.review.id })).toHaveLength(1)
  })

  it.each([
    [{ mode: 'video', reason: 'Live link' }, ['videoReference']],
    [{ mode: 'in_person' }, ['reason']],
    [{ mode: 'phone', reason: 'By phone' }, ['mode']],
  ])('when the body is %j, then 400 naming %j', async (body, fields) => {
    const res = await w.clerk.put(`/reviews/${w.second.review.id}/attendance-mode`, body)
    expect(fieldsOf(expectProblem(res, 400))).toEqual(fields)
  })

  it('when the officer or the provider tries, then 403; a review nobody has is 404', async () => {
    const body = { mode: 'video', videoReference: ROOM, reason: 'x' }
    expectProblem(await w.officer.put(`/reviews/${w.second.review.id}/attendance-mode`, body), 403)
    expectProblem(await w.provider.put(`/reviews/${w.second.review.id}/attendance-mode`, body), 403)
    expectProblem(await w.clerk.put('/reviews/00000000-0000-4000-8000-000000000000/attendance-mode', body), 404)
  })
})

describe('the interpreter booked for a hearing', () => {
  it('when the person needs no interpreter, then booking one is refused with 422 naming booked', async () => {
    const res = await w.clerk.put(`/reviews/${w.second.review.id}/interpreter`, { booked: true })
    expect(fieldsOf(expectProblem(res, 422))).toEqual(['booked'])
  })

  it('when the sitting is read before the booking, then each review carries accessNeeds, attendanceMode and interpreterBooked; the court list warns', async () => {
    const res = await w.clerk.get(`/sittings/${w.sitting.id}`)
    const byId = new Map((res.body.reviews as { id: string }[]).map(r => [r.id, r]))

    expect(byId.get(w.first.review.id)).toMatchObject({
      accessNeeds: { interpreterLanguage: 'Polish', adjustments: ['step_free'], notes: null, literacySupport: false },
      attendanceMode: 'video',
      videoReference: ROOM,
      interpreterBooked: false,
    })
    expect(byId.get(w.second.review.id)).toMatchObject({
      accessNeeds: null,
      attendanceMode: 'in_person',
      videoReference: null,
      interpreterBooked: false,
    })

    const clerk = await signIn(ctx.app, w.world.clerk.email)
    const page = await clerk.get(`/sittings/${w.sitting.id}`)
    expect(page.text).toContain('data-qa="interpreter-warning"')
    expect(page.text).toContain('An interpreter is needed but not booked for Alex Example (Polish).')
    expect(page.text).toContain('Interpreter: Polish (not booked)')
    expect(page.text).toContain('Step-free access')
    expect(page.text).toContain('Video link')
    expect(page.text).toContain(ROOM)
    expect(page.text).toContain('Mark interpreter booked')
  })

  it('when the clerk marks it booked from the court list, then the warning goes and the tag says booked; the API says so too, and the change is audited', async () => {
    const clerk = await signIn(ctx.app, w.world.clerk.email)
    const before = await lastAuditId(ctx)
    const res = await submitForm(
      clerk,
      `/sittings/${w.sitting.id}`,
      { booked: 'yes' },
      `/reviews/${w.first.review.id}/interpreter`,
    )
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/sittings/${w.sitting.id}`)

    const page = await clerk.get(`/sittings/${w.sitting.id}`)
    expect(page.text).not.toContain('data-qa="interpreter-warning"')
    expect(page.text).toContain('Interpreter: Polish (booked)')
    expect(page.text).toContain('Mark interpreter not booked')
    const api = await w.clerk.get(`/sittings/${w.sitting.id}`)
    expect(api.body.reviews.find((r: { id: string }) => r.id === w.first.review.id).interpreterBooked).toBe(true)
    expect((await auditAfter(ctx, before)).filter(r => r.action === 'set_interpreter_booked')).toHaveLength(1)
  })

  it('when the sitting’s magistrate reads the list, then they see the needs and the video room but no clerk’s actions; another magistrate gets 404', async () => {
    const magistrate = await signIn(ctx.app, w.world.magistrate1.email)
    const page = await magistrate.get(`/sittings/${w.sitting.id}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Interpreter: Polish (booked)')
    expect(page.text).toContain(ROOM)
    expect(page.text).not.toContain('Mark interpreter')
    expect(page.text).not.toContain('Change how they attend')

    expectProblem(await w.otherMagistrate.get(`/sittings/${w.sitting.id}`), 404)
  })

  it('when the hearing pack is read, then the cover lists each person’s needs in a short line, without the room', async () => {
    const res = await request(ctx.app).get(`/api/v1/sittings/${w.sitting.id}/pack`).set(bearer(w.world.clerkToken))
    expect(res.status).toBe(200)
    const cover = res.text.slice(res.text.indexOf('data-qa="pack-cover"'), res.text.indexOf('</section>'))
    expect(cover).toContain('Interpreter: Polish; Step-free access; Video link')
    expect(cover).toContain('None recorded')
    expect(res.text).toContain('Access needs: Interpreter: Polish; Step-free access; Video link')
    expect(res.text).not.toContain(ROOM)
  })

  it('when the hearing moves to another sitting, then the interpreter is no longer booked: it was booked for the old time', async () => {
    const later = await w.world.addSitting('2026-03-26')
    const moved = await w.clerk.get(`/sittings/${w.sitting.id}`)
    const version = moved.body.reviews.find((r: { id: string }) => r.id === w.first.review.id).version
    const res = await w.world.clerkApi.post(`/reviews/${w.first.review.id}/move`, {
      sittingId: later.id,
      reason: 'Interpreter unavailable',
      version,
    })
    expect(res.status).toBe(200)

    const api = await w.clerk.get(`/sittings/${later.id}`)
    expect(api.body.reviews[0]).toMatchObject({
      id: w.first.review.id,
      interpreterBooked: false,
      attendanceMode: 'video',
    })
  })
})

describe('the clerk’s attendance page', () => {
  it('when the clerk leaves out the reason and the room, then the errors name both fields and the choice is kept; then saved, the history shows', async () => {
    const clerk = await signIn(ctx.app, w.world.clerk.email)
    const form = `/reviews/${w.second.review.id}/attendance-mode`
    const bad = await submitForm(clerk, form, { mode: 'video', videoReference: '', reason: '' })
    expect(bad.headers.location).toBe(form)
    const page = await clerk.get(form)
    expect(page.text).toContain('href="#videoReference"')
    expect(page.text).toContain('Enter the video room or reference the person joins')
    expect(page.text).toContain('href="#reason"')
    expect(page.text).toMatch(/name="mode" type="radio" value="video"[^>]*checked/)

    const good = await submitForm(clerk, form, {
      mode: 'video',
      videoReference: 'Room 2',
      reason: 'Unwell, the court directed a live link',
    })
    expect(good.headers.location).toBe(`/sittings/${w.sitting.id}`)
    const after = await clerk.get(form)
    expect(after.text).toContain('data-qa="attendance-history"')
    expect(after.text).toContain('Unwell, the court directed a live link')
  })

  it('when a review is on paper or already heard, then the page says why and the API refuses with 422', async () => {
    ctx.clock.set('2026-03-19T16:00:00Z')
    const clerkToken = await apiToken(ctx.app, w.world.clerk.email)
    const held = await request(ctx.app)
      .post(`/api/v1/reviews/${w.second.review.id}/outcome`)
      .set(bearer(clerkToken))
      .send({ attended: true, progress: 'good', decision: 'continue_paper', benchComments: 'Well done' })
    expect(held.status).toBe(201)
    const paper = held.body.nextReview as { id: string; mode: string }
    expect(paper.mode).toBe('paper')

    const body = { mode: 'video', videoReference: 'Room 2', reason: 'x' }
    for (const id of [paper.id, w.second.review.id]) {
      const res = await request(ctx.app).put(`/api/v1/reviews/${id}/attendance-mode`).set(bearer(clerkToken)).send(body)
      expect(fieldsOf(expectProblem(res, 422))).toEqual(['mode'])
    }
    const clerk = await signIn(ctx.app, w.world.clerk.email)
    const page = await clerk.get(`/reviews/${paper.id}/attendance-mode`)
    expect(page.text).toContain('A review without a hearing has no attendance mode')
    expect(page.text).not.toContain('data-qa="attendance-form"')
  })
})
