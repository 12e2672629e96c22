import { createTestContext, type TestContext } from '../../support/testApp'
import { makeWorld, type World } from '../scheduling/schedulingWorld'
import type { OutboxRow } from '../../../server/services/notify/outbox'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

const PERSON_NAME = 'Quentin Privateperson'

async function outboxFor(to: string): Promise<OutboxRow[]> {
  const rows = await ctx.services.mail.outbox.list({ limit: 500 })
  return rows
    .filter(r => r.to === to)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
}

const icsField = (ics: string, name: string) =>
  [...ics.matchAll(new RegExp(`^${name}[^:\\r\\n]*:(.*)$`, 'gm'))].map(m => m[1].trim())

/** A weekly court with a 3-month DRR: reviews planned into the February, March and April sittings. */
async function aCase(world: World) {
  const s: Record<string, string> = {}
  for (const date of ['2028-02-08', '2028-02-15', '2028-03-07', '2028-03-14', '2028-04-11'])
    s[date] = (await world.addSitting(date)).id
  const person = await world.addPerson(PERSON_NAME)
  const res = await world.clerkApi.post('/orders', world.orderBody(person.id, { madeOn: '2028-01-05', months: 4 }))
  expect(res.status).toBe(201)
  const reviews = res.body.requirements[0].reviews as { id: string; version: number; status: string }[]
  return { s, person, reviews, orderId: res.body.order.id as string }
}

describe('emails written with the change that causes them', () => {
  it('when an order is recorded, then the officer and the provider each get one "listed" email with an invite for every listed review', async () => {
    const world = await makeWorld(ctx)
    const { reviews } = await aCase(world)
    const listed = reviews.filter(r => r.status === 'scheduled')
    expect(listed.length).toBeGreaterThan(1)

    for (const to of [world.officer.email, world.providerWorker.email]) {
      const mail = await outboxFor(to)
      expect(mail).toHaveLength(1)
      expect(mail[0].subject).toBe(`${listed.length} review hearings listed`)
      expect(mail[0].status).toBe('pending')
      expect(mail[0].calendar?.method).toBe('REQUEST')
      const ics = mail[0].calendar!.content
      expect(icsField(ics, 'METHOD')).toEqual(['REQUEST'])
      expect(icsField(ics, 'UID')).toHaveLength(listed.length)
      expect(icsField(ics, 'SEQUENCE')).toEqual(listed.map(() => '0'))
      // Times in London: 10:00 on the February sitting (GMT).
      expect(ics).toMatch(/DTSTART;TZID=Europe\/London:20280208T100000/)
    }
    // The officer's links open the report; the provider's the treatment update.
    expect((await outboxFor(world.officer.email))[0].text).toContain(`/reviews/${listed[0].id}/report`)
    expect((await outboxFor(world.providerWorker.email))[0].text).toContain(`/reviews/${listed[0].id}/provider-update`)
  })

  it('when a review is moved, then the email says moved with the old time, and its invite keeps its UID with SEQUENCE 1', async () => {
    const world = await makeWorld(ctx)
    const { s, reviews } = await aCase(world)
    const first = (await outboxFor(world.officer.email))[0]
    const uid = icsField(first.calendar!.content, 'UID')[0]

    const res = await world.clerkApi.post(`/reviews/${reviews[0].id}/move`, {
      sittingId: s['2028-02-15'],
      reason: 'Solicitor unavailable',
      version: reviews[0].version,
    })
    expect(res.status).toBe(200)

    const mail = await outboxFor(world.officer.email)
    expect(mail).toHaveLength(2)
    const moved = mail.find(m => m.id !== first.id)!
    // The later reviews are re-planned a month on from the new date, so they move too.
    expect(moved.subject).toMatch(/^\d review hearings moved or listed$/)
    expect(moved.text).toContain('Moved: 15 February 2028 at 10am (was 8 February 2028 at 10am)')
    const uids = icsField(moved.calendar!.content, 'UID')
    expect(uids).toContain(uid)
    expect(icsField(moved.calendar!.content, 'SEQUENCE')[uids.indexOf(uid)]).toBe('1')
    expect(moved.calendar!.content).toMatch(/DTSTART;TZID=Europe\/London:20280215T100000/)
  })

  it('when a review is vacated, then a cancellation goes with METHOD:CANCEL for the same UID and a raised SEQUENCE', async () => {
    const world = await makeWorld(ctx)
    const { reviews } = await aCase(world)
    const uid = icsField((await outboxFor(world.officer.email))[0].calendar!.content, 'UID')[1]

    const res = await world.clerkApi.post(`/reviews/${reviews[1].id}/vacate`, {
      reason: 'Hearing no longer needed',
      version: reviews[1].version,
    })
    expect(res.status).toBe(200)

    const cancels = (await outboxFor(world.officer.email)).filter(m => m.calendar?.method === 'CANCEL')
    expect(cancels).toHaveLength(1)
    expect(cancels[0].subject).toBe('Review hearing cancelled')
    const ics = cancels[0].calendar!.content
    expect(icsField(ics, 'METHOD')).toEqual(['CANCEL'])
    expect(icsField(ics, 'UID')).toEqual([uid])
    expect(icsField(ics, 'STATUS')).toEqual(['CANCELLED'])
    expect(Number(icsField(ics, 'SEQUENCE')[0])).toBeGreaterThanOrEqual(1)
  })

  it('when an order is refused, then no email is written', async () => {
    const world = await makeWorld(ctx)
    await world.addSitting('2028-02-08')
    const person = await world.addPerson()
    const before = (await ctx.services.mail.outbox.counts()).pending
    const res = await world.clerkApi.post('/orders', world.orderBody(person.id, { madeOn: '2028-01-05', months: 40 }))
    expect(res.status).toBe(400)
    expect(res.text).toContain('months')
    expect((await ctx.services.mail.outbox.counts()).pending).toBe(before)
  })

  it('when the change that causes an email is rolled back, then the email goes with it', async () => {
    const world = await makeWorld(ctx)
    const { reviews } = await aCase(world)
    const before = await outboxFor(world.officer.email)
    await expect(
      ctx.db.transaction(async trx => {
        const entry = {
          userId: world.clerk.id,
          action: 'chase_report',
          subjectType: 'review',
          subjectId: reviews[0].id,
        }
        await ctx.services.audit.record(entry, ctx.clock.now().toISOString(), trx)
        expect((await trx('email_outbox').where({ to_address: world.officer.email })).length).toBe(before.length + 1)
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await outboxFor(world.officer.email)).toHaveLength(before.length)
  })

  it('when a clerk chases a report and issues a pack, then the officer gets the chase and the bench the pack notice', async () => {
    const world = await makeWorld(ctx)
    const { s, reviews } = await aCase(world)
    await ctx.services.notes.chaseReport(world.clerkUser, reviews[0].id)
    await ctx.services.packs.issue(world.clerkUser, s['2028-02-08'])

    const chase = (await outboxFor(world.officer.email)).filter(m => m.template === 'report-chase')
    expect(chase).toHaveLength(1)
    expect(chase[0].subject).toBe('The court is asking for a progress report')
    expect(chase[0].text).toContain(`/reviews/${reviews[0].id}/report`)

    const pack = await outboxFor(world.magistrate1.email)
    expect(pack.map(m => m.subject)).toEqual(['Hearing pack issued: 8 February 2028 at 10am'])
    expect(pack[0].text).toContain(`/sittings/${s['2028-02-08']}/pack`)
  })

  it('then no email holds the person’s name, CRN or date of birth, and the HTML escapes what it shows', async () => {
    const world = await makeWorld(ctx)
    const { person } = await aCase(world)
    const all = await ctx.services.mail.outbox.list({ limit: 1000 })
    expect(all.length).toBeGreaterThan(0)
    for (const m of all) {
      const everything = [m.subject, m.text, m.html, m.calendar?.content ?? ''].join('\n')
      expect(everything).not.toContain(PERSON_NAME)
      expect(everything).not.toContain('Privateperson')
      expect(everything).not.toContain(person.crn)
      expect(everything).not.toContain('1990-05-17')
      expect(everything).not.toMatch(/cocaine|heroin|opiate|positive|negative/i)
    }
    // What is stored to be rendered later holds none of it either.
    const stored = (await ctx.db('email_outbox').pluck('payload')).join('\n')
    expect(stored).toContain('"courtName"')
    expect(stored).not.toContain('Privateperson')
    expect(stored).not.toContain(person.crn)
  })

  it('when an email was queued already rendered (before drafts were stored), then it is still read and sent as written', async () => {
    const at = ctx.clock.now().toISOString()
    await ctx.db('email_outbox').insert({
      id: 'legacy-rendered-email',
      to_address: 'legacy@example.com',
      template: 'report-chase',
      subject: 'The court is asking for a progress report',
      payload: JSON.stringify({
        text: 'Written before the upgrade',
        html: '<p>Written before the upgrade</p>',
        calendar: { method: 'REQUEST', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' },
      }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      give_up_at: at,
      created_at: at,
    })
    const row = await ctx.services.mail.outbox.find('legacy-rendered-email')
    expect(row?.text).toBe('Written before the upgrade')
    expect(row?.html).toBe('<p>Written before the upgrade</p>')
    expect(row?.calendar).toEqual({ method: 'REQUEST', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' })
  })
})
