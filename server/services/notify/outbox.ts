import type {
  OutboxMessage,
  OutboxRepository,
  OutboxStatus,
  QueuedEmail,
  RenderedEmail,
} from '../../data/outboxRepository'

export type { OutboxMessage, OutboxStatus, RenderedEmail }

/** Renders a queued draft: its text, HTML and invite (see EmailRenderer.compose). */
export type ComposeEmail = (message: OutboxMessage) => RenderedEmail

/** A queued email; its text, html and calendar are rendered on first use. */
export type OutboxRow = Omit<QueuedEmail, 'rendered'> & RenderedEmail

/**
 * The queued email with its text, html and calendar rendered when first read, once: a list of
 * messages does not render every invite. A row queued before drafts were stored is read as written.
 */
export function withRendering(queued: QueuedEmail, compose: ComposeEmail): OutboxRow {
  const { rendered: stored, ...row } = queued
  let rendered: RenderedEmail | undefined = stored ?? undefined
  const render = (): RenderedEmail => (rendered ??= compose(row))
  return Object.defineProperties(row, {
    text: { get: () => render().text },
    html: { get: () => render().html },
    calendar: { get: () => render().calendar },
  }) as OutboxRow
}

/**
 * The email outbox as the worker and the admin's mail pages use it: the repository's rows, each
 * rendered from its draft when read. Queuing stores drafts only.
 */
export function createOutbox(deps: { outbox: OutboxRepository; compose: ComposeEmail }) {
  const { outbox, compose } = deps
  const rendering = (rows: QueuedEmail[]) => rows.map(r => withRendering(r, compose))
  return {
    enqueue: outbox.enqueue,
    async claim(workerId: string, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
      return rendering(await outbox.claim(workerId, now, leaseUntil, limit))
    },
    markSent: outbox.markSent,
    markAttemptFailed: outbox.markAttemptFailed,
    resend: outbox.resend,
    async find(id: string): Promise<OutboxRow | null> {
      const row = await outbox.find(id)
      return row ? withRendering(row, compose) : null
    },
    async list(filter: { status?: OutboxStatus; limit?: number; offset?: number }): Promise<OutboxRow[]> {
      return rendering(await outbox.list(filter))
    },
    counts: outbox.counts,
  }
}

export type Outbox = ReturnType<typeof createOutbox>
