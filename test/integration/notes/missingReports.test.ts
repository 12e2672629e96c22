import { createTestContext, csrfFrom, submitForm, type TestContext } from '../../support/testApp'
import { newId } from '../../../server/utils/ids'
import { decode, qa, textOf } from '../sittings/sittingWorld'
import { makeNotesWorld, type NotesWorld } from './notesWorld'
import { queriesDuring } from '../../support/queries'

let ctx: TestContext

const START = '2026-03-02T09:00:00Z'

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

/** A court of its own with a review sitting on Thursday 2 April 2026, where new cases' first reviews are listed. */
async function courtWithSitting() {
  const world = await makeNotesWorld(ctx)
  const sitting = await world.addSitting('2026-04-02')
  return { world, sitting }
}

/** A report row as the reports pages would leave it; the page only reads its status. */
async function reportFor(
  world: NotesWorld,
  reviewId: string,
  status: 'draft' | 'submitted',
  submittedAt: string | null = null,
) {
  await ctx.db('progress_report').insert({
    id: newId(),
    review_id: reviewId,
    author_id: world.officerA.id,
    status,
    submitted_at: submittedAt,
    created_at: START,
    updated_at: START,
  })
}

/** Each row under each sitting as the cells a reader sees. */
function missingRows(html: string) {
  return [...html.matchAll(/data-qa="sitting-reports">([\s\S]*?)<\/table>/g)].map(t => ({
    sitting: textOf(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(t[1])![1]),
    rows: [...t[1].matchAll(/<tr class="govuk-table__row" data-qa="review-[^"]+">([\s\S]*?)<\/tr>/g)].map(r =>
      ['person', 'officer', 'status'].map(name => textOf(qa(r[1], name))),
    ),
  }))
}

const url = (world: NotesWorld, from: string, to: string) =>
  `/reports/missing?court=${world.court.id}&from=${from}&to=${to}`

describe('reports missing or late', () => {
  it('when reports are not started, in draft or submitted, then only the ones not submitted are listed, by sitting', async () => {
    const { world, sitting } = await courtWithSitting()
    const later = await world.addSitting('2026-04-09')
    const none = await world.addCase('Nell None')
    const draft = await world.addCase('Dai Draft', { officerId: world.officerB.id })
    const done = await world.addCase('Sid Submitted')
    await reportFor(world, draft.reviews[0].id, 'draft')
    await reportFor(world, done.reviews[0].id, 'submitted', '2026-03-30T10:00:00Z')
    const clerk = await world.agent(world.clerk.email)

    const page = await clerk.get(url(world, '2026-04-01', '2026-04-30'))

    expect(page.status).toBe(200)
    expect([none.reviews[0].sittingId, later.id]).toEqual([sitting.id, later.id])
    const bySitting = missingRows(page.text)
    expect(bySitting[0]).toEqual({
      sitting: 'Thursday 2 April 2026, courtroom 2',
      rows: expect.arrayContaining([
        [`Nell None ${none.person.crn}`, 'Olive Officer', 'Not started'],
        [`Dai Draft ${draft.person.crn}`, 'Otto Other', 'Draft'],
      ]),
    })
    expect(bySitting[0].rows).toHaveLength(2)
    expect(textOf(page.text)).not.toContain('Sid Submitted')
    expect(page.text).not.toContain('govuk-tag--red')
    expect(page.text).toContain(`href="/sittings/${sitting.id}"`)
    expect(textOf(qa(qa(page.text, `review-${none.reviews[0].id}`), 'chase'))).toBe('Chase report for Nell None')
  })

  it('when the report due time has passed, then the report not started is late and tagged red', async () => {
    const { world } = await courtWithSitting()
    const { person, reviews } = await world.addCase('Len Late')
    const due = reviews[0].reportDueAt!
    const clerk = await world.agent(world.clerk.email)
    const before = await clerk.get(url(world, '2026-04-01', '2026-04-03'))

    ctx.clock.set(new Date(Date.parse(due) + 60_000))
    const after = await (await world.agent(world.clerk.email)).get(url(world, '2026-04-01', '2026-04-03'))

    const rowOf = (html: string) => qa(html, `review-${reviews[0].id}`)
    expect(textOf(qa(rowOf(before.text), 'status'))).toBe('Not started')
    expect(textOf(qa(rowOf(after.text), 'status'))).toBe('Late')
    expect(qa(rowOf(after.text), 'status')).toContain('govuk-tag--red')
    expect(textOf(rowOf(after.text))).toContain(person.name)
  })

  it('when no dates are given, then the clerk sees their own court from today to four weeks ahead', async () => {
    const { world } = await courtWithSitting()
    const { reviews } = await world.addCase('Dee Default')
    ctx.clock.set('2026-03-20T09:00:00Z')
    const clerk = await world.agent(world.clerk.email)

    const page = await clerk.get('/reports/missing')

    expect(page.status).toBe(200)
    expect(page.text).toContain(`data-qa="review-${reviews[0].id}"`)
    expect(decode(page.text)).toMatch(new RegExp(`<option value="${world.court.id}" selected>`))
    expect(decode(page.text)).toContain('name="from" value="2026-03-20"')
    expect(decode(page.text)).toContain('name="to" value="2026-04-17"')
  })

  it('when the page is read, then the number of queries does not grow with the number of reviews', async () => {
    const { world } = await courtWithSitting()
    const clerk = await world.agent(world.clerk.email)
    const count = async () =>
      (await queriesDuring(ctx.db, () => clerk.get(url(world, '2026-04-01', '2026-04-03')))).length
    await world.addCase('Quin One')
    // The first page after signing in also stores the session's CSRF token: not what is counted here.
    await clerk.get(url(world, '2026-04-01', '2026-04-03'))
    const few = await count()

    for (const name of ['Quin Two', 'Quin Three', 'Quin Four']) await world.addCase(name)
    const many = await count()

    expect(many).toBe(few)
  })

  it('when a sentencer or an officer asks for the page, then it is a 403', async () => {
    const { world } = await courtWithSitting()
    for (const email of [world.magistrate.email, world.officerA.email]) {
      const res = await (await world.agent(email)).get('/reports/missing')
      expect(res.status).toBe(403)
    }
  })
})

describe('chasing a report', () => {
  it('when the clerk chases, then the chase is recorded, the flash says so and the row shows who chased when', async () => {
    const { world } = await courtWithSitting()
    const { reviews } = await world.addCase('Cal Chase')
    ctx.clock.set('2026-03-25T10:20:00Z')
    const clerk = await world.agent(world.clerk.email)
    const pageUrl = url(world, '2026-04-01', '2026-04-03')

    const post = await submitForm(
      clerk,
      pageUrl,
      { court: world.court.id, from: '2026-04-01', to: '2026-04-03' },
      `/reviews/${reviews[0].id}/report/chase`,
    )
    const page = await clerk.get(post.headers.location)

    expect(post.status).toBe(303)
    expect(post.headers.location).toBe(pageUrl)
    expect(textOf(qa(page.text, 'flash'))).toContain(
      'Chase sent. The responsible officer is emailed now, asking for the report.',
    )
    expect(textOf(qa(page.text, 'reminders'))).toBe(
      'The service emails each responsible officer a reminder 2 working days before the report is due, and again once it is overdue, copied to the court’s clerks. Chase emails the officer straight away, asking for the report.',
    )
    expect(page.text).not.toContain('once notifications are set up')
    // It is true: the chase's email to the officer is queued with the chase.
    const queued = await ctx.db('email_outbox').where({ to_address: world.officerA.email, template: 'report-chase' })
    expect(queued).toHaveLength(1)
    expect(textOf(qa(qa(page.text, `review-${reviews[0].id}`), 'chased'))).toBe(
      'Chased 25 March 2026 at 10:20am by Cleo Clerk',
    )
    const events = await ctx.db('audit_event').where({ action: 'chase_report', subject_id: reviews[0].id })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ user_id: world.clerk.id, subject_type: 'review', at: '2026-03-25T10:20:00.000Z' })
  })

  it('when a report is chased twice, then the row shows the latest chase', async () => {
    const { world } = await courtWithSitting()
    const { reviews } = await world.addCase('Tia Twice')
    const clerk = await world.agent(world.clerk.email)
    const chaseUrl = `/reviews/${reviews[0].id}/report/chase`
    await submitForm(clerk, url(world, '2026-04-01', '2026-04-03'), {}, chaseUrl)
    ctx.clock.set('2026-03-02T09:20:00Z')

    await submitForm(clerk, url(world, '2026-04-01', '2026-04-03'), {}, chaseUrl)
    const page = await clerk.get(url(world, '2026-04-01', '2026-04-03'))

    expect(textOf(qa(qa(page.text, `review-${reviews[0].id}`), 'chased'))).toBe(
      'Chased 2 March 2026 at 9:20am by Cleo Clerk',
    )
  })

  it('when the review does not exist, then chasing it is a 404 and nothing is recorded', async () => {
    const { world } = await courtWithSitting()
    const clerk = await world.agent(world.clerk.email)
    const missing = '00000000-0000-4000-8000-000000000000'

    const res = await submitForm(clerk, url(world, '2026-04-01', '2026-04-03'), {}, `/reviews/${missing}/report/chase`)

    expect(res.status).toBe(404)
    expect(await ctx.db('audit_event').where({ action: 'chase_report', subject_id: missing })).toEqual([])
  })

  it('when an officer tries to chase, then it is a 403', async () => {
    const { world } = await courtWithSitting()
    const { reviews } = await world.addCase('Ola Officer')
    const officer = await world.agent(world.officerA.email)
    const page = await officer.get('/caseload')

    const res = await officer
      .post(`/reviews/${reviews[0].id}/report/chase`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })

    expect(res.status).toBe(403)
  })
})
