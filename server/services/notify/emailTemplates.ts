import fs from 'node:fs'
import path from 'node:path'
import Handlebars from 'handlebars'
import { projectRoot } from '../../config'
import { paths } from '../../paths'
import { SERVICE_NAME } from '../../routes/render'

export const EMAIL_TEMPLATES = [
  'review-changes',
  'report-due-soon',
  'report-overdue',
  'report-chase',
  'pack-issued',
  'attendance-required',
  'daily-digest',
] as const
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number]

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

/**
 * Plain text and HTML bodies from views/emails/<template>.{text,html}.hbs. HTML is escaped as on
 * every page; the text part is not HTML, so it is not HTML-escaped. Contexts hold no case data:
 * courts, times and links only.
 */
export function createEmailRenderer(baseUrl: string, root = path.join(projectRoot, 'views', 'emails')) {
  const html = Handlebars.create()
  const text = Handlebars.create()
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

  return {
    /** The absolute address of a page in the service. */
    link: (pathname: string) => `${baseUrl}${pathname}`,

    render(
      template: EmailTemplate,
      subject: string,
      context: Record<string, unknown>,
      opts: { essential: boolean },
    ): RenderedEmail {
      const t = compiled.get(template)!
      const ctx = { ...common, ...context, subject, essential: opts.essential }
      const body = t.html(ctx)
      const footer = opts.essential
        ? 'This is an essential notice about hearings you are involved in and cannot be turned off.'
        : `You can turn this email off on your account page: ${common.accountUrl}`
      return {
        subject,
        html: layout({ ...ctx, body }),
        text: `${t.text(ctx).trim()}\n\n--\n${SERVICE_NAME}\nThis email holds no case details. Sign in to see them: ${common.serviceUrl}\n${footer}\n`,
      }
    },
  }
}

export type EmailRenderer = ReturnType<typeof createEmailRenderer>
