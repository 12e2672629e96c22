import { createTestContext, submitForm, type TestContext } from '../../support/testApp'
import { makeCourt } from '../../support/factories'
import { decode } from '../../support/html'
import { errorSummary, makeSittingWorld, qa, textOf } from './sittingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const sittingForm = (courtId: string, date: { day: string; month: string; year: string }, extra = {}) => ({
  courtId,
  date,
  startTime: '10:00',
  courtroom: '2',
  capacity: '8',
  slotMinutes: '20',
  ...extra,
})

describe('the court calendar', () => {
  it('when a clerk opens a month, then each sitting shows its time, courtroom and booked places of capacity, linked to its court list', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-04-02', { capacity: 4 })
    await world.addCase('Jo Bloggs')
    const agent = await world.agent()

    const res = await agent.get(`/calendar?court=${world.court.id}&month=2026-04`)
    const cell = qa(res.text, `sitting-${sitting.id}`)

    expect(res.status).toBe(200)
    expect(textOf(qa(res.text, 'calendar-heading'))).toBe('April 2026')
    expect(textOf(cell)).toBe('10am, courtroom 3 1 of 4 booked')
    expect(cell).toContain(`href="/sittings/${sitting.id}"`)
    expect(res.text).toContain(`/calendar?court&#x3D;${world.court.id}&amp;month&#x3D;2026-03`)
    expect(res.text).toContain(`/calendar?court&#x3D;${world.court.id}&amp;month&#x3D;2026-05`)
    expect(textOf(qa(res.text, 'day-2026-04-03'))).toContain('Bank holiday: Good Friday')
  })

  it('when the clerk has a court of their own, then it is shown first and chosen by default', async () => {
    const other = await makeCourt(ctx.services, { name: 'Aardvark Crown Court' })
    const world = await makeSittingWorld(ctx)
    const agent = await world.agent()

    const res = await agent.get('/calendar?month=2026-04')
    const options = [...res.text.matchAll(/<option value="([^"]+)"( selected)?>/g)].map(m => [m[1], Boolean(m[2])])

    expect(options[0]).toEqual([world.court.id, true])
    expect(options).toContainEqual([other.id, false])
  })

  it('when held hearings follow held hearings before them, then continuity is counted on who sat: partial and full', async () => {
    const world = await makeSittingWorld(ctx)
    await world.addWeekly('2026-04-02', '2026-06-25')
    // Ann: 2 April, then 7 May. Bob: 9 April, then 14 May.
    const ann = await world.addCase('Ann Early', { madeOn: '2026-03-02' })
    const bob = await world.addCase('Bob Later', { madeOn: '2026-03-09' })
    ctx.clock.set('2026-05-20T09:00:00Z')
    const hear = (reviewId: string, benchUserIds: string[]) =>
      ctx.services.outcomes.record(world.clerkUser, reviewId, {
        attended: true,
        progress: 'good',
        decision: 'continue_hearing',
        benchUserIds,
      })
    const { magistrateA: a, magistrateB: b } = world
    await hear(ann.reviews[0].id, [a.id])
    await hear(bob.reviews[0].id, [a.id])
    // The next reviews were re-planned from these hearings: who sat at each is what counts, not the rota.
    const [annMay] = (await world.openReviews(ann.requirement.id)).slice(0, 1)
    const [bobMay] = (await world.openReviews(bob.requirement.id)).slice(0, 1)
    await hear(annMay.id, [a.id, b.id])
    await hear(bobMay.id, [b.id])
    const agent = await world.agent()

    const may = await agent.get(`/calendar?court=${world.court.id}&month=2026-05`)
    const april = await agent.get(`/calendar?court=${world.court.id}&month=2026-04`)

    expect(textOf(qa(may.text, 'continuity'))).toBe(
      'Continuity of bench on 2 held hearings: at least one member in common with the person’s previous hearing 1 (50%); the same bench 0 (0%). The 2011 evaluation’s mark: 90% with a member in common.',
    )
    // April's hearings were the first: nothing to compare them with.
    expect(textOf(qa(april.text, 'continuity'))).toBe('Continuity of bench: no held hearings to measure this month')
    ctx.clock.set('2026-03-02T09:00:00Z')
  })

  it('when a clerk opens a week, then it shows Monday to Friday with each sitting, its bench and booked places', async () => {
    const world = await makeSittingWorld(ctx)
    const sitting = await world.addSitting('2026-05-14', { benchUserIds: [world.magistrateA.id, world.magistrateB.id] })
    const agent = await world.agent()

    const res = await agent.get(`/calendar/week?court=${world.court.id}&week=2026-05-13`)

    expect(res.status).toBe(200)
    expect(textOf(qa(res.text, 'week-heading'))).toBe('Week of 11 May 2026')
    expect(textOf(qa(res.text, `sitting-${sitting.id}`))).toBe(
      'Thursday 14 May 2026 10am : court list 3 Ada Bench, Ben Bench 0 of 6 booked',
    )
  })

  it('when a court id is made up, then the calendar is not found', async () => {
    const world = await makeSittingWorld(ctx)
    const agent = await world.agent()

    const res = await agent.get('/calendar?court=00000000-0000-4000-8000-000000000000')

    expect(res.status).toBe(404)
  })
})

describe('adding sittings', () => {
  it('when a clerk adds a sitting, then it is saved and its court list says so', async () => {
    const world = await makeSittingWorld(ctx)
    const agent = await world.agent()

    const res = await submitForm(
      agent,
      `/sittings/new?court=${world.court.id}`,
      sittingForm(world.court.id, { day: '4', month: '3', year: '2027' }, { benchUserIds: [world.magistrateB.id] }),
      '/sittings/new',
    )
    const saved = await ctx.db('sitting').where({ court_id: world.court.id, date: '2027-03-04' }).first()
    const page = await agent.get(res.headers.location)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/sittings/${saved.id}`)
    expect(saved).toEqual(
      expect.objectContaining({ start_time: '10:00', courtroom: '2', capacity: 8, slot_minutes: 20 }),
    )
    expect(textOf(qa(page.text, 'flash'))).toContain('Sitting added: Thursday 4 March 2027, 10am, courtroom 2.')
    expect(textOf(page.text)).toContain('Bench Ben Bench')
  })

  it('when the date is a Saturday, then it is refused in the error summary and the answers are kept', async () => {
    const world = await makeSittingWorld(ctx)
    const agent = await world.agent()

    const res = await submitForm(
      agent,
      '/sittings/new',
      sittingForm(world.court.id, { day: '6', month: '3', year: '2027' }),
    )
    const page = await agent.get('/sittings/new')

    expect(res.status).toBe(303)
    expect(errorSummary(page.text)).toEqual([
      '#date-day: Saturday 6 March 2027 is a weekend: review sittings are not listed at weekends',
    ])
    expect(page.text).toContain('name="courtroom" type="text" value="2"')
    expect(await ctx.db('sitting').where({ court_id: world.court.id }).pluck('id')).toEqual([])
  })

  it('when the date is Christmas Day, then the refusal names the bank holiday', async () => {
    const world = await makeSittingWorld(ctx)
    const agent = await world.agent()

    await submitForm(agent, '/sittings/new', sittingForm(world.court.id, { day: '25', month: '12', year: '2026' }))
    const page = await agent.get('/sittings/new')

    expect(errorSummary(page.text)).toEqual([
      '#date-day: Friday 25 December 2026 is a bank holiday (Christmas Day): review sittings are not listed on bank holidays',
    ])
  })

  it('when the date is not a real date and the courtroom is missing, then both are named in form order', async () => {
    const world = await makeSittingWorld(ctx)
    const agent = await world.agent()

    await submitForm(
      agent,
      '/sittings/new',
      sittingForm(world.court.id, { day: '31', month: '2', year: '2027' }, { courtroom: ' ' }),
    )
    const page = await agent.get('/sittings/new')

    expect(errorSummary(page.text)).toEqual([
      '#date-day: Date of the sitting must be a real date',
      '#courtroom: Enter the courtroom',
    ])
  })

  it('when a clerk adds a weekly series over a bank holiday, then the holiday is skipped and named', async () => {
    const world = await makeSittingWorld(ctx)
    const agent = await world.agent()

    const res = await submitForm(agent, '/sittings/new-series', {
      courtId: world.court.id,
      from: { day: '27', month: '4', year: '2026' },
      to: { day: '18', month: '5', year: '2026' },
      startTime: '14:00',
      courtroom: '5',
      capacity: '4',
      slotMinutes: '15',
    })
    const dates = await ctx.db('sitting').where({ court_id: world.court.id }).orderBy('date').pluck('date')

    expect(res.status).toBe(200)
    expect(textOf(res.text)).toContain('3 sittings added')
    expect(dates).toEqual(['2026-04-27', '2026-05-11', '2026-05-18'])
    expect(textOf(qa(res.text, 'created'))).toBe(
      [
        'Monday 27 April 2026, 2pm, courtroom 5 : court list Week of 27 April 2026 in the calendar',
        'Monday 11 May 2026, 2pm, courtroom 5 : court list Week of 11 May 2026 in the calendar',
        'Monday 18 May 2026, 2pm, courtroom 5 : court list Week of 18 May 2026 in the calendar',
      ].join(' '),
    )
    expect(textOf(qa(res.text, 'skipped'))).toContain(
      'Monday 4 May 2026 Monday 4 May 2026 is a bank holiday (Early May bank holiday)',
    )
    // "Go to the court calendar" opens the month of the first sitting added, whatever order they were made in.
    expect(decode(res.text)).toMatch(/href="[^"]*month=2026-04">Go to the court calendar</)
  })

  it('when a series is added, then every link on the page leads somewhere: each sitting’s court list, its week in the calendar, the month, another series', async () => {
    const world = await makeSittingWorld(ctx)
    const agent = await world.agent()

    const res = await submitForm(agent, '/sittings/new-series', {
      courtId: world.court.id,
      from: { day: '1', month: '6', year: '2026' },
      to: { day: '8', month: '6', year: '2026' },
      startTime: '10:00',
      courtroom: '2',
      capacity: '4',
      slotMinutes: '15',
    })
    const main = /<main[\s\S]*<\/main>/.exec(res.text)![0]
    const hrefs = [...main.matchAll(/href="([^"]*)"/g)].map(m => decode(m[1]))
    const sittings = await ctx.db('sitting').where({ court_id: world.court.id }).orderBy('date').select('id', 'date')
    const pages = await Promise.all(hrefs.map(async href => ({ href, status: (await agent.get(href)).status })))

    expect(textOf(res.text)).toContain('2 sittings added')
    expect(hrefs).not.toContain('')
    expect(hrefs).toEqual([
      `/sittings/${sittings[0].id}`,
      `/calendar/week?court=${world.court.id}&week=2026-06-01`,
      `/sittings/${sittings[1].id}`,
      `/calendar/week?court=${world.court.id}&week=2026-06-08`,
      `/calendar?court=${world.court.id}&month=2026-06`,
      `/sittings/new-series?court=${world.court.id}`,
    ])
    expect(pages.filter(p => p.status !== 200)).toEqual([])
  })
})
