import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import { isPostgres } from '../db/createDb'
import { newId } from '../utils/ids'

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed'

/** A review hearing as an invite or a feed carries it: a court, a time and a link, never case data. */
export interface CalendarHearing {
  /** The review's id: the event UID is derived from it and never changes. */
  reviewId: string
  /** Raised by one on every move; a vacated review's CANCEL carries the next number. */
  sequence: number
  /** The slot's start, an ISO instant (UTC). */
  startsAt: string
  /** The slot's length in minutes. */
  minutes: number
  courtName: string
  courtroom: string | null
  /** A link into the service for this review (absolute URL). */
  url: string
  /** How the person attends (issue 23): the invite says "in person" or "by video link", never the room. */
  attendance?: 'in_person' | 'video'
}

/**
 * An email as it is queued: its template and what the template is given (courts, times and links,
 * never case data), and the hearings of an attached invite or cancellation. The service renders it
 * when it is sent or read, so the change that queues it pays for a small row only.
 */
export interface OutboxMessage {
  to: string
  cc?: string[]
  template: string
  subject: string
  context: Record<string, unknown>
  /** An essential notice cannot be turned off; its footer says so. */
  essential: boolean
  /** An iCalendar invite or cancellation for these hearings, stamped at `stamp`. */
  invite?: { method: 'REQUEST' | 'CANCEL'; hearings: CalendarHearing[]; stamp: string }
  /** Unique across the outbox: a second message with the same key is not queued (reminders, digests). */
  dedupeKey?: string
}

/** What the worker hands to the SMTP server. */
export interface RenderedEmail {
  text: string
  html: string
  /** An iCalendar attachment (an invite or a cancellation). */
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string }
}

/** A queued email as stored: its draft, where it is in sending, and nothing rendered. */
export interface QueuedEmail extends OutboxMessage {
  id: string
  status: OutboxStatus
  attempts: number
  nextAttemptAt: string
  giveUpAt: string | null
  lastError: string | null
  createdAt: string
  sentAt: string | null
  /** Rows queued before drafts were stored hold the rendered email itself; null for every draft. */
  rendered: RenderedEmail | null
}

interface StoredPayload {
  context?: Record<string, unknown>
  essential?: boolean
  invite?: OutboxMessage['invite']
  text?: string
  html?: string
  calendar?: RenderedEmail['calendar']
}

export const toQueuedEmail = (r: Raw): QueuedEmail => {
  const payload = JSON.parse(r.payload as string) as StoredPayload
  return {
    id: r.id as string,
    to: r.to_address as string,
    cc: r.cc ? (JSON.parse(r.cc as string) as string[]) : [],
    template: r.template as string,
    subject: (r.subject as string) ?? '',
    context: payload.context ?? {},
    essential: payload.essential ?? true,
    invite: payload.invite,
    dedupeKey: (r.dedupe_key as string) ?? undefined,
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at as string,
    giveUpAt: (r.give_up_at as string) ?? null,
    lastError: (r.last_error as string) ?? null,
    createdAt: r.created_at as string,
    sentAt: (r.sent_at as string) ?? null,
    rendered:
      payload.text !== undefined ? { text: payload.text, html: payload.html ?? '', calendar: payload.calendar } : null,
  }
}

export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000
const MINUTE = 60 * 1000

/** Retry waits grow from 1 minute, doubling, to at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MINUTE * 2 ** Math.max(0, attempts - 1), 6 * 60 * MINUTE)
}

const KEYS_PER_QUERY = 500

// The outbox: every email is a row written in the transaction of the change that causes it.
export function createOutboxRepository(db: Knex) {
  const isPg = isPostgres(db)

  return {
    /** Queue messages in the caller's transaction. A message whose dedupe key is taken is skipped. */
    async enqueue(messages: OutboxMessage[], at: string, tx?: TxLike): Promise<number> {
      const trx = conn(db, tx)
      if (!messages.length) return 0
      const giveUpAt = new Date(new Date(at).getTime() + GIVE_UP_AFTER_MS).toISOString()
      const rows = messages.map(m => ({
        id: newId(),
        to_address: m.to,
        cc: m.cc?.length ? JSON.stringify(m.cc) : null,
        template: m.template,
        subject: m.subject.slice(0, 200),
        payload: JSON.stringify({ context: m.context, essential: m.essential, invite: m.invite }),
        dedupe_key: m.dedupeKey ?? null,
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        give_up_at: giveUpAt,
        created_at: at,
      }))
      const withKey = rows.filter(r => r.dedupe_key)
      const plain = rows.filter(r => !r.dedupe_key)
      if (plain.length) await trx('email_outbox').insert(plain)
      let queued = plain.length
      for (const row of withKey) {
        // One statement each, so a taken key skips only its own row (on both databases).
        const inserted = await trx('email_outbox').insert(row).onConflict('dedupe_key').ignore().returning('id')
        queued += inserted.length
      }
      return queued
    },

    /** Which of these dedupe keys the outbox already holds. */
    async takenDedupeKeys(keys: string[], tx?: TxLike): Promise<Set<string>> {
      const trx = conn(db, tx)
      const taken = new Set<string>()
      for (let i = 0; i < keys.length; i += KEYS_PER_QUERY)
        for (const k of await trx('email_outbox')
          .whereIn('dedupe_key', keys.slice(i, i + KEYS_PER_QUERY))
          .pluck('dedupe_key'))
          taken.add(k)
      return taken
    },

    /**
     * Claim up to `limit` messages that are due, atomically: on PostgreSQL with FOR UPDATE SKIP LOCKED,
     * on SQLite under its single writer. A claim lapses at `leaseUntil` (a worker that died mid-send).
     */
    async claim(workerId: string, now: string, leaseUntil: string, limit: number): Promise<QueuedEmail[]> {
      const claimToken = `${workerId}:${newId()}`
      const due = db('email_outbox')
        .select('id')
        .where(q =>
          q
            .where(p => p.where('status', 'pending').where('next_attempt_at', '<=', now))
            .orWhere(s => s.where('status', 'sending').where('claimed_until', '<', now)),
        )
        .orderBy('next_attempt_at')
        .limit(limit)
      if (isPg) due.forUpdate().skipLocked()
      await db.transaction(async trx => {
        const ids = (await due.transacting(trx)).map(r => r.id as string)
        if (!ids.length) return
        await trx('email_outbox')
          .whereIn('id', ids)
          .where(q =>
            q
              .where(p => p.where('status', 'pending').where('next_attempt_at', '<=', now))
              .orWhere(s => s.where('status', 'sending').where('claimed_until', '<', now)),
          )
          .update({ status: 'sending', claimed_by: claimToken, claimed_until: leaseUntil })
      })
      const rows = await db('email_outbox').where({ claimed_by: claimToken, status: 'sending' })
      return rows.map(toQueuedEmail)
    },

    async markSent(id: string, at: string): Promise<void> {
      await db('email_outbox')
        .where({ id, status: 'sending' })
        .update({
          status: 'sent',
          sent_at: at,
          attempts: db.raw('attempts + 1'),
          last_error: null,
          claimed_until: null,
        })
    },

    /** A failed attempt: try again later, or give up once the message is 24 hours old. */
    async markAttemptFailed(
      row: Pick<QueuedEmail, 'id' | 'attempts' | 'giveUpAt' | 'nextAttemptAt'>,
      error: string,
      now: string,
    ): Promise<OutboxStatus> {
      const attempts = row.attempts + 1
      const next = new Date(new Date(now).getTime() + retryDelayMs(attempts)).toISOString()
      const giveUp = row.giveUpAt !== null && next > row.giveUpAt
      const status: OutboxStatus = giveUp ? 'failed' : 'pending'
      await db('email_outbox')
        .where({ id: row.id, status: 'sending' })
        .update({
          status,
          attempts,
          next_attempt_at: giveUp ? row.nextAttemptAt : next,
          last_error: error.slice(0, 500),
          claimed_until: null,
        })
      return status
    },

    /** An admin's resend of a failed message: queued again now, with a fresh 24 hours. */
    async resend(id: string, now: string): Promise<boolean> {
      const giveUpAt = new Date(new Date(now).getTime() + GIVE_UP_AFTER_MS).toISOString()
      const n = await db('email_outbox')
        .where({ id, status: 'failed' })
        .update({ status: 'pending', attempts: 0, next_attempt_at: now, give_up_at: giveUpAt, claimed_by: null })
      return n === 1
    },

    async find(id: string): Promise<QueuedEmail | null> {
      const r = await db('email_outbox').where({ id }).first()
      return r ? toQueuedEmail(r) : null
    },

    async list(filter: { status?: OutboxStatus; limit?: number; offset?: number }): Promise<QueuedEmail[]> {
      const q = db('email_outbox')
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit ?? 50)
        .offset(filter.offset ?? 0)
      if (filter.status) q.where('status', filter.status)
      return (await q).map(toQueuedEmail)
    },

    async counts(): Promise<Record<OutboxStatus, number>> {
      const rows = await db('email_outbox').select('status').count({ n: '*' }).groupBy('status')
      const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 }
      for (const r of rows as Array<{ status: string; n: number | string }>) out[r.status as OutboxStatus] = Number(r.n)
      return out
    },
  }
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>
