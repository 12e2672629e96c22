import type { OutboxRepository } from '../../data/outboxRepository'
import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import { NotFoundError } from '../../errors'
import type { AuditTrail } from './auditTrail'

/** What the admin's mail pages do besides reading the outbox: resend a failed email. */
export function createMailAdmin(deps: { outbox: OutboxRepository; audit: Pick<AuditTrail, 'record'>; clock: Clock }) {
  const { outbox, audit, clock } = deps
  return {
    /**
     * Queues a failed email again now, with a fresh 24 hours, and records who did. Answers false when
     * it is no longer failed (sent meanwhile, or resent by another admin).
     */
    async resendFailed(by: CurrentUser, id: string): Promise<boolean> {
      if (!(await outbox.find(id))) throw new NotFoundError('Email not found')
      const now = clock.now().toISOString()
      if (!(await outbox.resend(id, now))) return false
      await audit.record({ userId: by.id, action: 'resend_email', subjectType: 'email', subjectId: id }, now)
      return true
    },
  }
}

export type MailAdmin = ReturnType<typeof createMailAdmin>
