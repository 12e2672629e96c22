import request from 'supertest'
import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { makeSittingWorld, qa, textOf } from './sittingWorld'

// The court list of a sitting: its cases in slot order, the printed list, and who may see it.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

// Each test starts on Monday 2 March 2026; a test that hears a review moves to its day.
afterEach(() => ctx.clock.set('2026-03-02T09:00:00Z'))

/** Each row of the court list as the cells a reader sees. */
function courtListRows(html: string): string[][] {
  const table = qa(html, 'court-list')
  return [...table.matchAll(/<tr class="govuk-table__row" data-qa="case-[^"]+">([\s\S]*?)<\/tr>/g)].map(row =>
    [...row[1].matchAll(/<td[^>]*data-qa="(time|person|review-of|report|continuity)"[^>]*>([\s\S]*?)<\/td>/g)].map(c =>
      textOf(c[2]),
    ),
  )
}

describe('the court list', () => {
  it('when a sitting has cases, then they are listed in slot order with review n of m, report status and continuity', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02', { slotMinutes: 20 })
    const first = await world.addCase('Carla First')
    const second = await world.addCase('Dev Second')
    const third = await world.addCase('Eve Third')
    const agent = await world.agent()

    const res = await agent.get(`/sittings/${sitting.id}`)

    expect(res.status).toBe(200)
    expect(courtListRows(res.text)).toEqual([
      [
        '10am',
        `Carla First ${first.person.crn} · CR-${first.person.crn}`,
        `1 of ${first.reviews.length}`,
        'Not started',
        '—',
      ],
      [
        '10:20am',
        `Dev Second ${second.person.crn} · CR-${second.person.crn}`,
        `1 of ${second.reviews.length}`,
        'Not started',
        '—',
      ],
      [
        '10:40am',
        `Eve Third ${third.person.crn} · CR-${third.person.crn}`,
        `1 of ${third.reviews.length}`,
        'Not started',
        '—',
      ],
    ])
    expect(first.reviews.length).toBeGreaterThan(1)
    expect(res.text).toContain(`href="/people/${first.person.id}"`)
    expect(res.text).toContain(`href="/reviews/${first.reviews[0].id}/move"`)
    expect(textOf(res.text)).toContain('Bench Ada Bench')
  })

  it('when a later review has the same bench as the one before, then its continuity is Yes; with another bench, No', async () => {
    const world = await makeSittingWorld(ctx)
    await world.addSitting('2026-04-02')
    const same = await world.addSitting('2026-05-07')
    const other = await world.addSitting('2026-05-07', { startTime: '14:00', benchUserIds: [world.magistrateB.id] })
    const a = await world.addCase('Fay Same')
    const b = await world.addCase('Gus Other')
    await ctx.services.booking.move(world.clerkUser, b.reviews[1].id, {
      sittingId: other.id,
      reason: 'Afternoon list',
      version: (await ctx.repos.reviews.find(b.reviews[1].id))!.version,
    })
    const agent = await world.agent()

    const morning = await agent.get(`/sittings/${same.id}`)
    const afternoon = await agent.get(`/sittings/${other.id}`)

    expect(courtListRows(morning.text).map(r => [r[1].split(' ').slice(0, 2).join(' '), r[4]])).toEqual([
      ['Fay Same', 'Yes'],
    ])
    expect(courtListRows(afternoon.text).map(r => [r[1].split(' ').slice(0, 2).join(' '), r[4]])).toEqual([
      ['Gus Other', 'No'],
    ])
    expect(a.reviews[1].sittingId).toBe(same.id)
  })

  it('when the court list is printed, then it is an A4 page marked OFFICIAL-SENSITIVE with no navigation', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    await world.addCase('Hal Print')
    const agent = await world.agent()

    const res = await agent.get(`/sittings/${sitting.id}/print`)
    const css = await request(ctx.app).get('/assets/print.css')

    expect(res.status).toBe(200)
    const main = textOf(res.text.slice(res.text.indexOf('<main'), res.text.indexOf('</main>')))
    expect(main.startsWith('OFFICIAL-SENSITIVE')).toBe(true)
    expect(main.endsWith('OFFICIAL-SENSITIVE')).toBe(true)
    expect(textOf(qa(res.text, 'court-list'))).toContain('Hal Print')
    expect(res.text).toContain('href="/assets/print.css"')
    expect(res.text).not.toContain('govuk-service-navigation__list')
    expect(res.text).not.toContain('data-qa="sign-out"')
    expect(css.text).toContain('size: A4')
  })
})

describe('who may see a court list', () => {
  it('when a magistrate on the bench opens the sitting, then they read it without any actions', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    await world.addCase('Ivy Read')
    const agent = await signIn(ctx.app, world.magistrateA.email)

    const res = await agent.get(`/sittings/${sitting.id}`)

    expect(res.status).toBe(200)
    expect(textOf(qa(res.text, 'court-list'))).toContain('Ivy Read')
    expect(res.text).not.toContain('data-qa="move"')
    expect(res.text).not.toContain('data-qa="change-sitting"')
    expect(res.text).not.toContain('href="/people/')
  })

  it('when the clerk or a magistrate on the bench opens the sitting, then it links to the pack, and to the outcome form or the bench notes', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    const listed = await world.addCase('Jo Links')
    const review = listed.reviews[0]
    // Before the hearing's day nothing has happened: there is no outcome to record yet.
    const before = await (await world.agent()).get(`/sittings/${sitting.id}`)
    expect(before.text).not.toContain(`href="/reviews/${review.id}/outcome"`)
    expect(textOf(qa(qa(before.text, `case-${review.id}`), 'outcome-later'))).toBe(
      'Outcome from the day of the hearing',
    )
    ctx.clock.set('2026-04-02T08:00:00Z')

    const asClerk = await (await world.agent()).get(`/sittings/${sitting.id}`)
    const asMagistrate = await (await signIn(ctx.app, world.magistrateA.email)).get(`/sittings/${sitting.id}`)

    expect(asClerk.text).toContain(`href="/sittings/${sitting.id}/pack"`)
    expect(asClerk.text).toContain(`href="/reviews/${review.id}/outcome"`)
    expect(asClerk.text).not.toContain('data-qa="bench-notes"')
    expect(asMagistrate.text).toContain(`href="/sittings/${sitting.id}/pack"`)
    expect(asMagistrate.text).toContain(`href="/reviews/${review.id}/bench-notes"`)
    expect(asMagistrate.text).not.toContain('data-qa="outcome"')
  })

  it('when a review has been heard, then the court list marks it heard and offers to change its outcome, not to move it', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    const heard = await world.addCase('Kit Heard')
    const waiting = await world.addCase('Lou Waiting')
    ctx.clock.set('2026-04-02T15:00:00Z')
    await ctx.services.outcomes.record(world.clerkUser, heard.reviews[0].id, {
      attended: true,
      progress: 'good',
      decision: 'continue_hearing',
      benchComments: 'Well done.',
    })

    const res = await (await world.agent()).get(`/sittings/${sitting.id}`)

    const heardRow = qa(res.text, `case-${heard.reviews[0].id}`)
    const waitingRow = qa(res.text, `case-${waiting.reviews[0].id}`)
    expect(heardRow).toContain('Heard')
    expect(heardRow).toContain(`href="/reviews/${heard.reviews[0].id}/outcome/edit"`)
    expect(heardRow).not.toContain('data-qa="move"')
    expect(waitingRow).toContain('data-qa="move"')
    expect(waitingRow).toContain(`href="/reviews/${waiting.reviews[0].id}/outcome"`)
  })

  it('when a magistrate not on the bench opens the sitting, then it is not found', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    const agent = await signIn(ctx.app, world.magistrateB.email)

    const page = await agent.get(`/sittings/${sitting.id}`)
    const print = await agent.get(`/sittings/${sitting.id}/print`)

    expect(page.status).toBe(404)
    expect(print.status).toBe(404)
  })

  it('when a probation officer opens a sitting, then they are refused', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02')
    const officer = await makeUser(ctx.services, 'probation')
    const agent = await signIn(ctx.app, officer.email)

    const res = await agent.get(`/sittings/${sitting.id}`)

    expect(res.status).toBe(403)
  })
})
