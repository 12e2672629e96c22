import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { makeWorld } from '../scheduling/schedulingWorld'
import { decode } from '../../support/html'

let ctx: TestContext

beforeAll(async () => {
  // No SMTP_URL: every email stays in the outbox, where the admin can read it.
  ctx = await createTestContext({ config: { smtpUrl: null } })
})

afterAll(async () => {
  await ctx.close()
})

describe('the admin mail pages', () => {
  it('when there is no mail server, then the admin sees every email waiting, can open one, and a clerk cannot see the page', async () => {
    const world = await makeWorld(ctx)
    await world.addSitting('2028-02-08')
    await world.addOrder({ madeOn: '2028-01-05', months: 2 })
    const admin = await makeUser(ctx.services, 'admin')
    const agent = await signIn(ctx.app, admin.email)

    const page = await agent.get('/admin/mail')
    expect(page.status).toBe(200)
    const text = decode(page.text)
    expect(text).toContain('No mail server is set')
    expect(text).toContain(world.officer.email)
    expect(text).toContain('Review hearing listed')
    expect(text).toContain('Waiting to send (2)')

    const [row] = await ctx.services.mail.outbox.list({ limit: 1 })
    const message = await agent.get(`/admin/mail/${row.id}`)
    expect(message.status).toBe(200)
    expect(decode(message.text)).toContain('Invite attached (invite.ics)')
    expect(decode(message.text)).toMatch(/Listed: 8 February 2028 at 10am, .*courtroom 3/)

    const clerk = await signIn(ctx.app, world.clerk.email)
    expect((await clerk.get('/admin/mail')).status).toBe(403)
    expect((await agent.get('/admin/mail/not-an-email')).status).toBe(404)
  })

  it('when an email has failed, then it is on the failed list and "Send again" queues it with a fresh 24 hours', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const at = ctx.clock.now().toISOString()
    await ctx.services.mail.outbox.enqueue(
      [
        {
          to: 'gone@example.com',
          template: 'report-chase',
          subject: 'A chase',
          context: { court: 'Teesside Magistrates Court', hearing: '8 February 2028 at 10am', link: 'http://x/' },
          essential: true,
        },
      ],
      at,
    )
    const [row] = (await ctx.services.mail.outbox.list({ limit: 50 })).filter(m => m.to === 'gone@example.com')
    await ctx
      .db('email_outbox')
      .where({ id: row.id })
      .update({ status: 'failed', attempts: 12, last_error: '550 mailbox unavailable' })
    const agent = await signIn(ctx.app, admin.email)

    const failed = decode((await agent.get('/admin/mail/failed')).text)
    expect(failed).toContain('gone@example.com')
    expect(failed).toContain('550 mailbox unavailable')

    const res = await submitForm(agent, '/admin/mail/failed', {}, `/admin/mail/${row.id}/resend`)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/admin/mail/failed')
    const after = (await ctx.services.mail.outbox.find(row.id))!
    expect(after.status).toBe('pending')
    expect(after.attempts).toBe(0)
    expect(new Date(after.giveUpAt!).getTime() - ctx.clock.now().getTime()).toBe(24 * 3600 * 1000)
    expect(decode((await agent.get('/admin/mail/failed')).text)).toContain('The email is queued to be sent again.')
    const audit = await ctx.db('audit_event').where({ action: 'resend_email', subject_id: row.id })
    expect(audit).toHaveLength(1)
  })
})
