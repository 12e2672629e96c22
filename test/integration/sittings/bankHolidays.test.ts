import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { errorSummary, makeSittingWorld, qa, textOf, type Agent } from './sittingWorld'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const GOV_UK_DOCUMENT = {
  'england-and-wales': {
    division: 'england-and-wales',
    events: [
      { title: 'New Year’s Day', date: '2029-01-01', notes: '', bunting: true },
      { title: 'Founders’ Day', date: '2029-03-15', notes: 'Extra bank holiday', bunting: true },
    ],
  },
  scotland: {
    division: 'scotland',
    events: [{ title: 'St Andrew’s Day', date: '2029-11-30', notes: '', bunting: true }],
  },
  'northern-ireland': {
    division: 'northern-ireland',
    events: [{ title: 'St Patrick’s Day', date: '2029-03-19', notes: '', bunting: true }],
  },
}

async function upload(agent: Agent, content: string | Buffer, filename = 'bank-holidays.json') {
  const page = await agent.get('/admin/bank-holidays')
  return agent
    .post('/admin/bank-holidays')
    .field('_csrf', csrfFrom(page.text))
    .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), {
      filename,
      contentType: 'application/json',
    })
}

describe('bank holidays', () => {
  it('when an admin opens the page, then the shipped England and Wales holidays are listed by year', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const agent = await signIn(ctx.app, admin.email)

    const res = await agent.get('/admin/bank-holidays')

    expect(res.status).toBe(200)
    expect(textOf(qa(res.text, 'holidays-2026'))).toContain('Friday 25 December 2026 Christmas Day')
    expect(res.text).toContain('enctype="multipart/form-data"')
  })

  it('when an admin uploads gov.uk’s file, then the list is replaced by its England and Wales dates only', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const agent = await signIn(ctx.app, admin.email)

    const res = await upload(agent, JSON.stringify(GOV_UK_DOCUMENT))
    const page = await agent.get('/admin/bank-holidays')
    const stored = await ctx.services.reference.bankHolidays()

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/admin/bank-holidays')
    expect(textOf(qa(page.text, 'flash'))).toContain('Bank holidays replaced: 2 England and Wales holidays.')
    expect(stored).toEqual([
      { date: '2029-01-01', title: 'New Year’s Day' },
      { date: '2029-03-15', title: 'Founders’ Day' },
    ])
    expect(textOf(page.text)).not.toContain('St Andrew’s Day')
    expect(textOf(page.text)).not.toContain('Christmas Day')
  })

  it('when a new holiday is on the list, then a clerk adding a sitting that day is refused with its name', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    await upload(await signIn(ctx.app, admin.email), JSON.stringify(GOV_UK_DOCUMENT))
    const world = await makeSittingWorld(ctx)
    const clerk = await world.agent()

    await submitForm(clerk, '/sittings/new', {
      courtId: world.court.id,
      date: { day: '15', month: '3', year: '2029' },
      startTime: '10:00',
      courtroom: '1',
      capacity: '6',
      slotMinutes: '15',
    })
    const page = await clerk.get('/sittings/new')

    expect(errorSummary(page.text)).toEqual([
      '#date-day: Thursday 15 March 2029 is a bank holiday (Founders’ Day): review sittings are not listed on bank holidays',
    ])
  })

  it('when the file is not JSON, then the error is shown and the list is unchanged', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const agent = await signIn(ctx.app, admin.email)
    const before = await ctx.services.reference.bankHolidays()

    await upload(agent, '{"england-and-wales": ', 'holidays.json')
    const page = await agent.get('/admin/bank-holidays')

    expect(errorSummary(page.text)).toEqual([expect.stringMatching(/^#file: The selected file is not valid JSON: /)])
    expect(await ctx.services.reference.bankHolidays()).toEqual(before)
  })

  it('when the file has no England and Wales division, then that is the error and the list is unchanged', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const agent = await signIn(ctx.app, admin.email)
    const before = await ctx.services.reference.bankHolidays()

    await upload(agent, JSON.stringify({ scotland: GOV_UK_DOCUMENT.scotland }))
    const page = await agent.get('/admin/bank-holidays')

    expect(errorSummary(page.text)).toEqual([
      '#file: The file is not a gov.uk bank holidays document: The document has no england-and-wales division',
    ])
    expect(await ctx.services.reference.bankHolidays()).toEqual(before)
  })

  it('when an event has no date, then the event is named', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const agent = await signIn(ctx.app, admin.email)

    await upload(
      agent,
      JSON.stringify({ 'england-and-wales': { events: [{ title: 'A', date: '2029-01-01' }, { title: 'B' }] } }),
    )
    const page = await agent.get('/admin/bank-holidays')

    expect(errorSummary(page.text)).toEqual([
      '#file: The file is not a gov.uk bank holidays document: Each event needs a date like 2026-12-25 (event 2 of england-and-wales)',
    ])
  })

  it('when no file is chosen, then it is asked for', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const agent = await signIn(ctx.app, admin.email)
    const page = await agent.get('/admin/bank-holidays')

    await agent.post('/admin/bank-holidays').field('_csrf', csrfFrom(page.text))
    const after = await agent.get('/admin/bank-holidays')

    expect(errorSummary(after.text)).toEqual(['#file: Select the bank-holidays.json file from gov.uk'])
  })

  it('when a clerk asks for the bank holidays page, then they are refused', async () => {
    const clerk = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, clerk.email)

    const res = await agent.get('/admin/bank-holidays')

    expect(res.status).toBe(403)
  })
})
