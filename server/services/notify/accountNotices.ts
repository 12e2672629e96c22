import type { AuditEntry } from '../../data/auditRepository'
import type { OutboxRepository } from '../../data/outboxRepository'
import type { UserRepository } from '../../data/userRepository'
import type { TxLike } from '../../data/unitOfWork'
import type { AuditListener } from './auditTrail'
import type { EmailRenderer } from './emailTemplates'

/**
 * The owner of an account is told of what happens to it (OWASP ASVS 5.0 6.3.5 / 6.3.7): sign-in
 * slowed down after failed attempts, password or two-step verification changed or reset, a recovery
 * code used, an API token issued. Who did it and when; never case data.
 */
export const ACCOUNT_NOTICES: Record<string, { subject: string; message: string }> = {
  account_throttled: {
    subject: 'Failed sign-in attempts on your account',
    message:
      'Someone entered the wrong password or code for your account several times, so signing in to it is being slowed down for a few minutes.',
  },
  change_password: {
    subject: 'Your password was changed',
    message:
      'The password for your account was changed. Every other session was signed out and your API tokens were turned off.',
  },
  reset_password: {
    subject: 'Your password was reset by an administrator',
    message:
      'An administrator reset the password for your account. You will be asked to choose a new one when you sign in with the temporary password they give you.',
  },
  mfa_enabled: {
    subject: 'Two-step verification is now on',
    message:
      'Two-step verification was set up on your account: signing in now also needs a code from your authenticator app.',
  },
  mfa_disabled: {
    subject: 'Two-step verification was turned off',
    message: 'Two-step verification was turned off on your account.',
  },
  reset_mfa: {
    subject: 'Your two-step verification was reset by an administrator',
    message:
      'An administrator turned off two-step verification on your account (for example after a lost phone). Every session was signed out and your API tokens were turned off. Set it up again from Your account.',
  },
  mfa_recovery_code_used: {
    subject: 'A recovery code was used to sign in',
    message:
      'One of your two-step verification recovery codes was used to sign in to your account. Each code works once: if you are running low, make new ones from Your account.',
  },
  mfa_recovery_codes_replaced: {
    subject: 'New recovery codes were made',
    message: 'New two-step verification recovery codes were made for your account; the old ones no longer work.',
  },
  issue_api_token: {
    subject: 'An API token was issued for your account',
    message:
      'An API token was issued for your account (a program signed in as you). You can see and revoke your tokens on Your account.',
  },
}

export function createAccountNotices(deps: { users: UserRepository; outbox: OutboxRepository; emails: EmailRenderer }) {
  const { users, outbox, emails } = deps
  const listener: AuditListener = {
    actions: new Set(Object.keys(ACCOUNT_NOTICES)),
    async onRecorded(entry: AuditEntry, at: string, tx: TxLike) {
      const notice = ACCOUNT_NOTICES[entry.action]
      const owner = entry.subjectType === 'user' && entry.subjectId ? await users.findById(entry.subjectId, tx) : null
      if (!notice || !owner) return
      const draft = emails.draft(
        'account-security',
        notice.subject,
        { message: notice.message, at, address: entry.ip ?? null },
        { essential: true },
      )
      await outbox.enqueue([{ to: owner.email, ...draft }], at, tx)
    },
  }
  return { listener }
}
