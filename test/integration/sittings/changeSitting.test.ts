import { createTestContext, csrfFrom, submitForm, type TestContext } from '../../support/testApp'
import { errorSummary, makeSittingWorld, qa, textOf } from './sittingWorld'

// Changing a sitting's courtroom, places and bench, and cancelling it (its reviews relisted or needing listing).

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

describe('changing and cancelling a sitting', () => {
  it('when the clerk changes the courtroom, places and bench, then the sitting is saved', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    const agent = await world.agent()

    const res = await submitForm(agent, `/sittings/${sitting.id}/edit`, {
      courtroom: '7',
      capacity: '10',
      benchUserIds: [world.magistrateA.id, world.magistrateB.id],
      version: String(sitting.version),
    })
    const saved = await ctx.services.sittings.get(sitting.id)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/sittings/${sitting.id}`)
    expect(saved).toEqual(expect.objectContaining({ courtroom: '7', capacity: 10 }))
    expect(saved.benchUserIds.sort()).toEqual([world.magistrateA.id, world.magistrateB.id].sort())
  })

  it('when the number of places goes below what is booked, then the rule is shown and nothing changes', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    await world.addCase('Jay One')
    await world.addCase('Kim Two')
    const agent = await world.agent()

    await submitForm(agent, `/sittings/${sitting.id}/edit`, {
      courtroom: '3',
      capacity: '1',
      benchUserIds: [world.magistrateA.id],
      version: String(sitting.version),
    })
    const page = await agent.get(`/sittings/${sitting.id}/edit`)

    expect(errorSummary(page.text)).toEqual(['#capacity: 2 places are booked: capacity cannot go below that.'])
    expect(page.text).toContain('name="capacity" type="text" value="1"')
    expect((await ctx.services.sittings.get(sitting.id)).capacity).toBe(6)
  })

  it('when someone else changed the sitting first, then the conflict is shown with what is saved now', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    const agent = await world.agent()
    await ctx.services.sittings.update(world.clerkUser, sitting.id, {
      courtroom: '9',
      capacity: 6,
      benchUserIds: [world.magistrateA.id],
      version: sitting.version,
    })

    const res = await submitForm(agent, `/sittings/${sitting.id}/edit`, {
      courtroom: '4',
      capacity: '6',
      benchUserIds: [world.magistrateA.id],
      version: String(sitting.version),
    })
    const page = await agent.get(`/sittings/${sitting.id}/edit`)

    expect(res.headers.location).toBe(`/sittings/${sitting.id}/edit`)
    expect(errorSummary(page.text)).toEqual([
      '#courtroom: This sitting was changed by someone else since you opened it. Reload it to see the change, then try again.',
    ])
    expect(page.text).toContain('name="courtroom" type="text" value="9"')
    expect((await ctx.services.sittings.get(sitting.id)).courtroom).toBe('9')
  })

  it('when a sitting is cancelled, then its reviews are relisted where there is room and the rest need listing', async () => {
    const world = await makeSittingWorld(ctx)
    const cancelled = await world.addSitting('2026-04-02', { capacity: 2 })
    const next = await world.addSitting('2026-04-09', { capacity: 1 })
    const a = await world.addCase('Lee Relisted')
    const b = await world.addCase('Mo Unlisted')
    const agent = await world.agent()

    const res = await submitForm(agent, `/sittings/${cancelled.id}/cancel`, {
      reason: 'Courtroom flooded',
      version: String(cancelled.version),
    })
    const calendar = await agent.get(res.headers.location)
    const needsListing = await agent.get('/needs-listing')
    const [ra, rb] = await Promise.all([
      ctx.repos.reviews.find(a.reviews[0].id),
      ctx.repos.reviews.find(b.reviews[0].id),
    ])

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/calendar?court=${world.court.id}&month=2026-04`)
    expect(textOf(qa(calendar.text, 'flash'))).toContain(
      'Sitting on Thursday 2 April 2026 cancelled. 1 review relisted in other sittings; 1 review needs listing.',
    )
    expect([ra, rb].map(r => [r!.status, r!.sittingId])).toEqual([
      ['scheduled', next.id],
      ['unlisted', null],
    ])
    expect(textOf(qa(needsListing.text, `review-${b.reviews[0].id}`))).toContain('Mo Unlisted')
    expect((await ctx.services.sittings.get(cancelled.id)).status).toBe('cancelled')
  })

  it('when the reason for cancelling is left out, then it is asked for and the sitting stays open', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    const agent = await world.agent()

    await submitForm(agent, `/sittings/${sitting.id}/cancel`, { reason: '  ', version: String(sitting.version) })
    const page = await agent.get(`/sittings/${sitting.id}/cancel`)

    expect(errorSummary(page.text)).toEqual(['#reason: Enter the reason for cancelling the sitting'])
    expect((await ctx.services.sittings.get(sitting.id)).status).toBe('open')
    expect(csrfFrom(page.text)).toBeTruthy()
  })
})
