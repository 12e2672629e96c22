import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { flash, str } from '../forms'
import { NotFoundError } from '../../errors'
import { OUTBOX_STATUS as STATUS_NAMES } from '../../content/labels'
import type { OutboxStatus } from '../../services/notify/outbox'

const STATUSES: OutboxStatus[] = ['pending', 'sending', 'sent', 'failed']
const PAGE_SIZE = 50

/**
 * The admin's view of the email outbox: every message (without SMTP_URL they all wait here, so a
 * demo loses nothing), the failed ones with a resend button, and one message as it was written.
 */
export function mailRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const admin = ['admin'] as const
  const { outbox, resendFailed, smtpConfigured } = services.mail
  const view = (m: Awaited<ReturnType<typeof outbox.find>> & object) => ({
    ...m,
    statusName: STATUS_NAMES[m.status],
    statusTag: {
      pending: 'govuk-tag--blue',
      sending: 'govuk-tag--yellow',
      sent: 'govuk-tag--green',
      failed: 'govuk-tag--red',
    }[m.status],
    href: paths.admin.mailMessage(m.id),
  })

  async function list(req: Parameters<Render>[0], res: Parameters<Render>[1], status: OutboxStatus | undefined) {
    const page = Math.max(1, Number.parseInt(str(req.query.page), 10) || 1)
    const [messages, counts] = await Promise.all([
      outbox.list({ status, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }),
      outbox.counts(),
    ])
    const base = status === 'failed' ? paths.admin.failedMail : paths.admin.mail
    const statusQuery = status && status !== 'failed' ? `status=${status}&` : ''
    render(req, res, 'pages/admin/mail', {
      title: status === 'failed' ? 'Failed emails' : 'Mail',
      failedView: status === 'failed',
      smtpConfigured,
      messages: messages.slice(0, PAGE_SIZE).map(view),
      counts,
      filters: [
        { text: `All (${Object.values(counts).reduce((a, b) => a + b, 0)})`, href: paths.admin.mail, current: !status },
        ...STATUSES.map(s => ({
          text: `${STATUS_NAMES[s]} (${counts[s]})`,
          href: s === 'failed' ? paths.admin.failedMail : `${paths.admin.mail}?status=${s}`,
          current: status === s,
        })),
      ],
      previous: page > 1 ? `${base}?${statusQuery}page=${page - 1}` : null,
      next: messages.length > PAGE_SIZE ? `${base}?${statusQuery}page=${page + 1}` : null,
    })
  }

  route.get(paths.admin.mail, admin, async (req, res) => {
    const status = STATUSES.find(s => s === str(req.query.status))
    await list(req, res, status)
  })

  route.get(paths.admin.failedMail, admin, async (req, res) => {
    await list(req, res, 'failed')
  })

  route.get(paths.admin.mailMessage(':id'), admin, async (req, res) => {
    const message = await outbox.find(String(req.params.id))
    if (!message) throw new NotFoundError('Email not found')
    render(req, res, 'pages/admin/mail-message', {
      title: message.subject,
      // The body and invite are rendered here, for this one message (lists show neither).
      message: { ...view(message), text: message.text, calendar: message.calendar },
      backHref: message.status === 'failed' ? paths.admin.failedMail : paths.admin.mail,
    })
  })

  route.post(paths.admin.resendMail(':id'), admin, async (req, res) => {
    if (await resendFailed(req.user!, String(req.params.id))) flash(req, 'The email is queued to be sent again.')
    else flash(req, 'That email is no longer failed, so it was not queued again.', 'Not resent')
    res.redirect(303, paths.admin.failedMail)
  })
}
