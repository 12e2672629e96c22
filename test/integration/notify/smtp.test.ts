import net from 'node:net'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import { createTestContext, type TestContext } from '../../support/testApp'
import { makeWorld } from '../scheduling/schedulingWorld'

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts, parsed. */
function startSmtp(port = 0) {
  const received: ParsedMail[] = []
  const envelopes: string[][] = []
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      envelopes.push(session.envelope.rcptTo.map(r => r.address))
      simpleParser(stream)
        .then(mail => {
          received.push(mail)
          callback()
        })
        .catch(callback)
    },
  })
  return new Promise<{ port: number; received: ParsedMail[]; envelopes: string[][]; close(): Promise<void> }>(
    (resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        const address = server.server.address() as net.AddressInfo
        resolve({
          port: address.port,
          received,
          envelopes,
          close: () => new Promise<void>(done => server.close(() => done())),
        })
      })
    },
  )
}

/** A free port with nothing listening on it: the mail server is down. */
async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>(r => s.listen(0, '127.0.0.1', () => r()))
  const { port } = s.address() as net.AddressInfo
  await new Promise<void>(r => s.close(() => r()))
  return port
}

const calendarOf = (mail: ParsedMail) => {
  const part = mail.attachments.find(a => a.contentType.startsWith('text/calendar'))
  return part ? part.content.toString('utf8') : ''
}

describe('sending through a real SMTP server', () => {
  let ctx: TestContext
  let smtp: Awaited<ReturnType<typeof startSmtp>>

  beforeAll(async () => {
    smtp = await startSmtp()
    ctx = await createTestContext({ now: '2026-03-02T09:00:00Z', config: { smtpUrl: `smtp://127.0.0.1:${smtp.port}` } })
  })

  afterAll(async () => {
    await ctx.close()
    await smtp.close()
  })

  it('when an order is recorded and the worker runs, then the officer receives the email with the invite, its DTSTART in London time', async () => {
    const world = await makeWorld(ctx)
    // 14 April 2026 is in British Summer Time: 10:00 in London is 09:00 UTC.
    const sitting = await world.addSitting('2026-04-14', { startTime: '10:00' })
    await world.addOrder({ madeOn: '2026-03-10', months: 2 })

    const worker = ctx.services.mail.createWorker({ workerId: 'test' })
    const round = await worker.tick()
    expect(round.sent).toBe(2)

    const toOfficer = smtp.received.filter((_, i) => smtp.envelopes[i].includes(world.officer.email))
    expect(toOfficer.map(m => m.subject)).toEqual(['Review hearing listed'])
    expect(smtp.envelopes.flat().sort()).toEqual([world.officer.email, world.providerWorker.email].sort())
    expect(toOfficer[0].text).toContain('Listed: 14 April 2026 at 10am')
    expect(toOfficer[0].html).toContain('Review hearing listed')

    const ics = calendarOf(toOfficer[0])
    expect(ics).toMatch(/^METHOD:REQUEST/m)
    expect(ics).toMatch(/^DTSTART;TZID=Europe\/London:20260414T100000/m)
    expect(ics).toContain(`LOCATION:`)
    expect(sitting.startsAt).toBe('2026-04-14T10:00:00+01:00')

    const rows = await ctx.services.mail.outbox.list({ status: 'sent' })
    expect(rows).toHaveLength(2)
    await worker.stop()
  })
})

/** An order booked while nothing listens at SMTP_URL: its two emails are queued, not sent. */
async function bookingWhileMailIsDown() {
  const port = await freePort()
  const ctx = await createTestContext({ now: '2026-03-02T09:00:00Z', config: { smtpUrl: `smtp://127.0.0.1:${port}` } })
  const world = await makeWorld(ctx)
  await world.addSitting('2026-04-14')
  const order = await world.addOrder({ madeOn: '2026-03-10', months: 2 })
  return { port, ctx, world, order }
}

describe('when the mail server is down', () => {
  it('then the booking is saved, the email waits and retries with growing waits, and is delivered once when the server is back', async () => {
    const { port, ctx, world, order } = await bookingWhileMailIsDown()
    try {
      expect(order.reviews[0].status).toBe('scheduled')

      const worker = ctx.services.mail.createWorker({ workerId: 'down' })
      expect(await worker.tick()).toEqual(expect.objectContaining({ sent: 0, retrying: 2 }))
      let rows = await ctx.services.mail.outbox.list({})
      expect(rows.map(r => [r.status, r.attempts])).toEqual([
        ['pending', 1],
        ['pending', 1],
      ])
      expect(rows[0].nextAttemptAt).toBe('2026-03-02T09:01:00.000Z')
      expect(rows[0].lastError).toMatch(/ECONNREFUSED|connect/i)

      // Not yet due: nothing is tried again before the wait is over.
      expect(await worker.tick()).toEqual(expect.objectContaining({ sent: 0, retrying: 0 }))

      ctx.clock.advance({ minutes: 1 })
      await worker.tick()
      rows = await ctx.services.mail.outbox.list({})
      expect(rows[0].attempts).toBe(2)
      expect(rows[0].nextAttemptAt).toBe('2026-03-02T09:03:00.000Z')

      const smtp = await startSmtp(port)
      try {
        ctx.clock.advance({ minutes: 2 })
        expect(await worker.tick()).toEqual(expect.objectContaining({ sent: 2 }))
        expect(await worker.tick()).toEqual(expect.objectContaining({ sent: 0 }))
        ctx.clock.advance({ hours: 7 })
        expect(await worker.tick()).toEqual(expect.objectContaining({ sent: 0 }))
        expect(smtp.received).toHaveLength(2)
        expect(smtp.envelopes.flat().sort()).toEqual([world.officer.email, world.providerWorker.email].sort())
      } finally {
        await smtp.close()
      }
      await worker.stop()
    } finally {
      await ctx.close()
    }
  })

  it('then after 24 hours the email is given up onto the failed list, and an admin can send it again', async () => {
    const { ctx } = await bookingWhileMailIsDown()
    try {
      const worker = ctx.services.mail.createWorker({ workerId: 'down' })
      const waits: number[] = []
      for (let i = 0; i < 40; i++) {
        await worker.tick()
        const [row] = await ctx.services.mail.outbox.list({})
        if (row.status === 'failed') break
        waits.push((new Date(row.nextAttemptAt).getTime() - ctx.clock.now().getTime()) / 60000)
        ctx.clock.set(row.nextAttemptAt)
      }
      // 1, 2, 4 ... minutes, never more than 6 hours.
      expect(waits.slice(0, 4)).toEqual([1, 2, 4, 8])
      expect(Math.max(...waits)).toBe(360)
      const failed = await ctx.services.mail.outbox.list({ status: 'failed' })
      expect(failed).toHaveLength(2)
      expect(ctx.clock.now().getTime() - new Date('2026-03-02T09:00:00Z').getTime()).toBeLessThanOrEqual(
        24 * 3600 * 1000,
      )

      expect(await ctx.services.mail.outbox.resend(failed[0].id, ctx.clock.now().toISOString())).toBe(true)
      expect((await ctx.services.mail.outbox.find(failed[0].id))!.status).toBe('pending')
      await worker.stop()
    } finally {
      await ctx.close()
    }
  })
})
