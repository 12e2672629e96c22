import nodemailer from 'nodemailer'
import type { OutboxRow } from './outbox'

export interface Mailer {
  send(message: OutboxRow): Promise<void>
  close(): void
}

/**
 * Sends through the SMTP server at SMTP_URL (e.g. smtp://user:pass@mail.example:587). An invite
 * goes as a text/calendar alternative with its METHOD, which Outlook and Google both read.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl)
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        cc: message.cc?.length ? message.cc : undefined,
        subject: message.subject,
        text: message.text,
        html: message.html,
        icalEvent: message.calendar
          ? { method: message.calendar.method, filename: 'invite.ics', content: message.calendar.content }
          : undefined,
      })
    },
    close: () => transport.close(),
  }
}
