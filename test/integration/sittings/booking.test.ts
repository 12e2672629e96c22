import { createTestContext, csrfFrom, submitForm, type TestContext } from '../../support/testApp'
import { addCalendarMonths } from '../../../server/utils/dates'
import { errorSummary, makeSittingWorld, qa, textOf } from './sittingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const reviewOf = (id: string) => ctx.repos.reviews.find(id).then(r => r!)

describe('moving a review', () => {
  it('when a clerk moves a review through the form, then it is listed in the new sitting and later reviews are re-planned', async () => {
    const world = await makeSittingWorld(ctx)
    const { created } = await world.addWeekly('2026-04-02', '2026-09-24')
    const { requirement, reviews } = await world.addCase('Nia Moved')
    const from = created.find(s => s.date === '2026-04-02')!
    const to = created.find(s => s.date === '2026-04-16')!
    const agent = await world.agent()
    const before = (await world.openReviews(requirement.id)).map(r => r.reviewDate)

    const form = await agent.get(`/reviews/${reviews[0].id}/move`)
    const res = await agent
      .post(`/reviews/${reviews[0].id}/move`)
      .type('form')
      .send({
        sittingId: to.id,
        reason: 'Solicitor on holiday',
        version: String(reviews[0].version),
        _csrf: csrfFrom(form.text),
      })
    const page = await agent.get(res.headers.location)
    const after = (await world.openReviews(requirement.id)).map(r => r.reviewDate)

    expect(form.text).toContain('Thursday 16 April 2026, 10am, courtroom 3 — 6 of 6 places free')
    expect(form.text).not.toContain(`<option value="${from.id}"`)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/sittings/${from.id}`)
    expect(textOf(qa(page.text, 'flash'))).toContain(
      'Review for Nia Moved listed on Thursday 16 April 2026, 10am, courtroom 3.',
    )
    // Each later review whose date or report deadline moved is listed, old → new.
    const replanned = textOf(qa(page.text, 'replanned'))
    expect(replanned).toContain(
      'Review 2: Thursday 7 May 2026 → Thursday 21 May 2026 (report due 5 May 2026 → 19 May 2026)',
    )
    expect(replanned).toContain('Review 3: Thursday 11 June 2026 → Thursday 25 June 2026')
    expect(textOf(qa(page.text, 'undo'))).toBe('Undo the move of Nia Moved’s review')
    expect(before.slice(0, 3)).toEqual(['2026-04-02', '2026-05-07', '2026-06-11'])
    expect(after.slice(0, 3)).toEqual(['2026-04-16', '2026-05-21', '2026-06-25'])
    const listed = (await world.openReviews(requirement.id))
      .filter(r => r.status === 'scheduled')
      .map(r => r.reviewDate)
    for (let i = 1; i < listed.length; i += 1) expect(listed[i] >= addCalendarMonths(listed[i - 1], 1)).toBe(true)
    expect((await reviewOf(reviews[0].id)).sittingId).toBe(to.id)
  })

  it('when the chosen sitting filled up since the form was opened, then it says the sitting is now full and keeps the reason', async () => {
    const world = await makeSittingWorld(ctx)
    await world.addSitting('2026-04-02')
    const full = await world.addSitting('2026-04-16', { capacity: 1 })
    const taker = await world.addCase('Oli Taker')
    const mover = await world.addCase('Pat Mover')
    const agent = await world.agent()
    const form = await agent.get(`/reviews/${mover.reviews[0].id}/move`)
    await ctx.services.booking.move(world.clerkUser, taker.reviews[0].id, {
      sittingId: full.id,
      reason: 'Took the last place',
      version: taker.reviews[0].version,
    })

    const res = await agent
      .post(`/reviews/${mover.reviews[0].id}/move`)
      .type('form')
      .send({
        sittingId: full.id,
        reason: 'Clashes with a treatment appointment',
        version: String(mover.reviews[0].version),
        _csrf: csrfFrom(form.text),
      })
    const page = await agent.get(`/reviews/${mover.reviews[0].id}/move`)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/reviews/${mover.reviews[0].id}/move`)
    expect(errorSummary(page.text)).toEqual([
      '#sittingId: That sitting is now full: its only place on Thursday 16 April 2026 is booked. Choose another sitting.',
    ])
    expect(page.text).toContain('>Clashes with a treatment appointment</textarea>')
    // A full sitting is not offered again; the page says why.
    expect(page.text).not.toContain(`<option value="${full.id}"`)
    expect(textOf(qa(page.text, 'not-offered'))).toContain(
      'Thursday 16 April 2026, 10am, courtroom 3 — full: Full: every place is booked',
    )
    expect((await reviewOf(mover.reviews[0].id)).reviewDate).toBe('2026-04-02')
  })

  it('when someone else changed the review since the form was opened, then the conflict is shown and nothing moves', async () => {
    const world = await makeSittingWorld(ctx)
    await world.addSitting('2026-04-02')
    const elsewhere = await world.addSitting('2026-04-09')
    const wanted = await world.addSitting('2026-04-16')
    const { reviews } = await world.addCase('Quinn Stale')
    const agent = await world.agent()
    const opened = reviews[0].version
    await ctx.services.booking.move(world.clerkUser, reviews[0].id, {
      sittingId: elsewhere.id,
      reason: 'Another clerk moved it',
      version: opened,
    })

    await submitForm(agent, `/reviews/${reviews[0].id}/move`, {
      sittingId: wanted.id,
      reason: 'Interpreter booked that day',
      version: String(opened),
    })
    const page = await agent.get(`/reviews/${reviews[0].id}/move`)

    expect(errorSummary(page.text)).toEqual([
      '#sittingId: This review was changed by someone else since you opened it. Reload it to see the change, then try again.',
    ])
    expect(page.text).toContain('>Interpreter booked that day</textarea>')
    expect(page.text).toContain(`name="version" value="${(await reviewOf(reviews[0].id)).version}"`)
    expect((await reviewOf(reviews[0].id)).sittingId).toBe(elsewhere.id)
  })

  it('when the reason is left out, then it is asked for', async () => {
    const world = await makeSittingWorld(ctx)
    await world.addSitting('2026-04-02')
    const to = await world.addSitting('2026-04-16')
    const { reviews } = await world.addCase('Ray Reasonless')
    const agent = await world.agent()

    await submitForm(agent, `/reviews/${reviews[0].id}/move`, {
      sittingId: to.id,
      reason: '',
      version: String(reviews[0].version),
    })
    const page = await agent.get(`/reviews/${reviews[0].id}/move`)

    expect(errorSummary(page.text)).toEqual(['#reason: Enter a reason'])
    expect(page.text).toContain(`<option value="${to.id}" selected>`)
  })
})

describe('adjourning and vacating a review', () => {
  it('when a review is adjourned to the next sitting, then a new review is listed there', async () => {
    const world = await makeSittingWorld(ctx)
    const first = await world.addSitting('2026-04-02')
    const next = await world.addSitting('2026-04-09')
    const { reviews } = await world.addCase('Sam Adjourned')
    const agent = await world.agent()

    const res = await submitForm(agent, `/reviews/${reviews[0].id}/adjourn`, {
      sittingId: '',
      reason: 'Report not ready',
      version: String(reviews[0].version),
    })
    const page = await agent.get(res.headers.location)
    const listedNext = await ctx.repos.reviews.forSitting(next.id)

    expect(res.headers.location).toBe(`/sittings/${first.id}`)
    expect(textOf(qa(page.text, 'flash'))).toContain(
      'Review for Sam Adjourned adjourned to Thursday 9 April 2026, 10am',
    )
    expect((await reviewOf(reviews[0].id)).status).toBe('adjourned')
    expect(listedNext.map(r => [r.requirementId, r.sequence])).toEqual([[reviews[0].requirementId, 1]])
  })

  it('when a clerk vacates a review and then undoes it, then the review is back in its sitting and later ones where they were', async () => {
    const world = await makeSittingWorld(ctx)
    const { created } = await world.addWeekly('2026-04-02', '2026-09-24')
    const sitting = created.find(s => s.date === '2026-04-02')!
    const { requirement, reviews } = await world.addCase('Tia Undone')
    const before = (await world.openReviews(requirement.id)).map(r => [r.id, r.reviewDate])
    const agent = await world.agent()

    const vacated = await submitForm(agent, `/reviews/${reviews[0].id}/vacate`, {
      reason: 'Listed in error',
      version: String(reviews[0].version),
    })
    const page = await agent.get(vacated.headers.location)
    const whileVacated = await reviewOf(reviews[0].id)
    const undone = await agent
      .post('/reviews/undo')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
    const after = await agent.get(undone.headers.location)

    expect(vacated.headers.location).toBe(`/sittings/${sitting.id}`)
    expect(textOf(qa(page.text, 'flash'))).toContain('Review for Tia Undone vacated.')
    expect(whileVacated.status).toBe('vacated')
    expect(textOf(qa(page.text, 'undo'))).toBe('Undo vacating Tia Undone’s review')
    expect(undone.status).toBe(303)
    expect(undone.headers.location).toBe(`/sittings/${sitting.id}`)
    expect(textOf(qa(after.text, 'flash'))).toContain(
      'Change undone: the review is back in the sitting on Thursday 2 April 2026',
    )
    expect(textOf(qa(after.text, 'court-list'))).toContain('Tia Undone')
    expect((await reviewOf(reviews[0].id)).status).toBe('scheduled')
    expect((await world.openReviews(requirement.id)).map(r => [r.id, r.reviewDate])).toEqual(before)
  })
})

describe('needs listing', () => {
  it('when a review has no sitting, then it is listed with its target date and the clerk can list it by hand', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02', { capacity: 1 })
    const holder = await world.addCase('Vic Holder')
    const waiting = await world.addCase('Uma Waiting')
    const review = waiting.reviews[0]
    const agent = await world.agent()
    const listBefore = await agent.get('/needs-listing')
    const row = qa(listBefore.text, `review-${review.id}`)
    // Adjourned with no later sitting to go to: the place in the sitting comes free and stays free.
    await ctx.services.booking.adjourn(world.clerkUser, holder.reviews[0].id, {
      reason: 'Unwell',
      version: holder.reviews[0].version,
    })

    const form = await agent.get(`/reviews/${review.id}/move`)
    const res = await agent
      .post(`/reviews/${review.id}/move`)
      .type('form')
      .send({
        sittingId: sitting.id,
        reason: 'A place came free',
        version: String(review.version),
        _csrf: csrfFrom(form.text),
      })
    const listAfter = await agent.get(res.headers.location)

    expect(review.status).toBe('unlisted')
    expect(textOf(row)).toBe(
      `Uma Waiting ${waiting.person.crn} DRR, review 1 Thursday 2 April 2026 ${world.court.name} List in a sitting review for Uma Waiting Add a sitting for Uma Waiting’s review`,
    )
    expect(row).toContain(`href="/reviews/${review.id}/move"`)
    expect(textOf(qa(form.text, 'booking-form'))).toContain(
      'Thursday 2 April 2026, 10am, courtroom 3 — 1 of 1 place free',
    )
    expect(form.text).toContain('<h1 class="govuk-heading-l">List a review</h1>')
    expect(res.headers.location).toBe('/needs-listing')
    expect(textOf(qa(listAfter.text, 'flash'))).toContain(
      'Review for Uma Waiting listed on Thursday 2 April 2026, 10am',
    )
    expect(listAfter.text).not.toContain(`data-qa="review-${review.id}"`)
    expect((await reviewOf(review.id)).sittingId).toBe(sitting.id)
  })
})
