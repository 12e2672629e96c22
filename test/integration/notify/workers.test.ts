import net from 'node:net'
import { SMTPServer } from 'smtp-server'
import { createTestContext, type TestContext } from '../../support/testApp'
import { createServices } from '../../../server/services'
import { createRepositories } from '../../../server/data'
import { createLogger } from '../../../server/logger'

// On PostgreSQL (TEST_DATABASE_URL) the workers claim with FOR UPDATE SKIP LOCKED on a pool of
// connections; on SQLite under its single writer. Either way every email goes exactly once.
describe('several workers at once', () => {
  let ctx: TestContext
  let server: SMTPServer
  let port: number
  const delivered: string[] = []

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, _session, callback) {
        let raw = ''
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
        stream.on('end', () => {
          // A little time on the wire, so the workers' rounds overlap.
          setTimeout(() => {
            delivered.push(/^Subject: (.*)$/m.exec(raw)?.[1].trim() ?? '')
            callback()
          }, 5)
        })
      },
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()))
    port = (server.server.address() as net.AddressInfo).port
    ctx = await createTestContext({ config: { smtpUrl: `smtp://127.0.0.1:${port}` } })
  })

  afterAll(async () => {
    await ctx.close()
    await new Promise<void>(r => server.close(() => r()))
  })

  it('when three workers (as three app instances) run over 60 queued emails, then every email is delivered exactly once', async () => {
    const at = ctx.clock.now().toISOString()
    await ctx.services.mail.outbox.enqueue(
      Array.from({ length: 60 }, (_, i) => ({
        to: `officer${i}@example.com`,
        template: 'report-chase',
        subject: `Message ${i}`,
        context: { court: 'Teesside Magistrates Court', hearing: '8 February 2028 at 10am', link: 'http://x/' },
        essential: true,
      })),
      at,
    )
    const instances = ['a', 'b', 'c'].map(id => {
      const services = createServices({
        repos: createRepositories(ctx.db),
        config: ctx.config,
        clock: ctx.clock,
        logger: createLogger('silent'),
      })
      return services.mail.createWorker({ workerId: `instance-${id}` })
    })

    const rounds = await Promise.all(instances.map(w => w.tick()))

    expect(rounds.reduce((n, r) => n + r.sent, 0)).toBe(60)
    expect(delivered).toHaveLength(60)
    expect(new Set(delivered).size).toBe(60)
    expect((await ctx.services.mail.outbox.counts()).sent).toBe(60)
    await Promise.all(instances.map(w => w.stop()))
  })
})
