import fs from 'node:fs'
import path from 'node:path'
import Handlebars from 'handlebars'
import { projectRoot } from '../../config'
import { paths } from '../../paths'
import { SERVICE_NAME } from '../../content/service'
import { formatDateTime } from '../../utils/dates'
import type { OutboxMessage, RenderedEmail } from '../../data/outboxRepository'
import { reviewInvite } from './calendar'

export const EMAIL_TEMPLATES = [
  'review-changes',
  'report-due-soon',
  'report-overdue',
  'report-chase',
  'pack-issued',
  'attendance-required',
  'daily-digest',
  'account-security',
  'reviews-transferred',
] as const
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number]

/** An email as it is queued: its template and what the template is given, rendered when it is read or sent. */
export interface EmailDraft {
  template: EmailTemplate
  subject: string
  context: Record<string, unknown>
  essential: boolean
}

/**
 * Emails from views/emails/<template>.{text,html}.hbs. HTML is escaped as on every page; the text
 * part is not HTML, so it is not HTML-escaped. Contexts hold no case data: courts, times and links
 * only. Times may be given as ISO instants and shown with `{{dateTime when}}`.
 *
 * Queuing an email stores its draft (`draft`); `compose` renders it, with its calendar invite, when
 * the worker sends it or an admin reads it, so a booking's transaction carries no rendering.
 */
export function createEmailRenderer(
  options: { baseUrl: string; mailFrom: string },
  root = path.join(projectRoot, 'views', 'emails'),
) {
  const { baseUrl } = options
  // MAIL_FROM may be `Name <address>`: an invite's organiser is the address alone.
  const organiser = {
    name: 'Review court listings',
    email: /<([^>]+)>/.exec(options.mailFrom)?.[1] ?? options.mailFrom,
  }
  const html = Handlebars.create()
  const text = Handlebars.create()
  for (const engine of [html, text]) {
    engine.registerHelper('dateTime', (instant: unknown) =>
      typeof instant === 'string' ? formatDateTime(instant) : '',
    )
  }
  const load = (name: string, engine: typeof Handlebars, noEscape: boolean) =>
    engine.compile(fs.readFileSync(path.join(root, `${name}.hbs`), 'utf8'), { strict: false, noEscape })
  const layout = load('layout.html', html, false)
  const compiled = new Map(
    EMAIL_TEMPLATES.map(t => [t, { html: load(`${t}.html`, html, false), text: load(`${t}.text`, text, true) }]),
  )
  const common = {
    serviceName: SERVICE_NAME,
    serviceUrl: `${baseUrl}/`,
    accountUrl: `${baseUrl}${paths.account}`,
  }

  function render(draft: Omit<EmailDraft, 'template'> & { template: string }): Omit<RenderedEmail, 'calendar'> {
    const t = compiled.get(draft.template as EmailTemplate)
    if (!t) throw new Error(`Unknown email template: ${draft.template}`)
    const ctx = { ...common, ...draft.context, subject: draft.subject, essential: draft.essential }
    const body = t.html(ctx)
    const footer =
      draft.template === 'account-security'
        ? 'This is a security notice about your account and cannot be turned off.'
        : draft.essential
          ? 'This is an essential notice about hearings you are involved in and cannot be turned off.'
          : `You can turn this email off on your account page: ${common.accountUrl}`
    return {
      html: layout({ ...ctx, body }),
      text: `${t.text(ctx).trim()}\n\n--\n${SERVICE_NAME}\nThis email holds no case details. Sign in to see them: ${common.serviceUrl}\n${footer}\n`,
    }
  }

  return {
    organiser,

    /** The absolute address of a page in the service. */
    link: (pathname: string) => `${baseUrl}${pathname}`,

    /** An email to queue; nothing is rendered yet. */
    draft(
      template: EmailTemplate,
      subject: string,
      context: Record<string, unknown>,
      opts: { essential: boolean },
    ): EmailDraft {
      return { template, subject, context, essential: opts.essential }
    },

    /** The email's text and HTML, and its invite or cancellation in iCalendar, from what was queued. */
    compose(message: OutboxMessage): RenderedEmail {
      const body = render(message)
      const invite = message.invite
      return invite
        ? {
            ...body,
            calendar: {
              method: invite.method,
              content: reviewInvite(invite.method, invite.hearings, organiser, {
                stamp: new Date(invite.stamp),
                attendees: [{ email: message.to }],
              }),
            },
          }
        : body
    },
  }
}

export type EmailRenderer = ReturnType<typeof createEmailRenderer>
