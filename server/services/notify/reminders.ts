import type { Knex } from 'knex'
import type { OutboxMessage, OutboxRepository } from '../../data/outboxRepository'
import type { Clock } from '../../utils/clock'
import type { Config } from '../../config'
import { paths } from '../../paths'
import {
  addDays,
  formatDate,
  formatDateTime,
  formatTime,
  isWorkingDay,
  localDateOf,
  localTimeOf,
  todayIn,
} from '../../utils/dates'
import type { EmailRenderer } from './emailTemplates'

/**
 * Reminders and digests, queued by the worker every few minutes. Each has a dedupe key naming
 * its deadline (review and due time, or user and day), and the outbox holds each key once, so a
 * restarted worker, or two workers at once, queue one reminder per deadline. A review moved to a
 * new deadline gets reminders for the new one.
 */
export function createReminders(deps: {
  db: Knex
  clock: Clock
  config: Config
  outbox: OutboxRepository
  emails: EmailRenderer
}) {
  const { db, clock, config, outbox, emails } = deps

  async function holidays(): Promise<Set<string>> {
    return new Set(await db('bank_holiday').pluck('date'))
  }

  /** Scheduled reviews whose report is not submitted and is due from `from` up to `to`. */
  async function unsubmitted(from: string, to: string) {
    return db('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sitting as s', 's.id', 'r.sitting_id')
      .join('court as c', 'c.id', 's.court_id')
      .join('app_user as u', 'u.id', 'q.responsible_officer_id')
      .leftJoin('progress_report as pr', 'pr.review_id', 'r.id')
      .where('r.status', 'scheduled')
      .where('q.status', 'active')
      .where('u.disabled', false)
      .whereNotNull('r.report_due_at')
      .where('r.report_due_at', '>=', from)
      .where('r.report_due_at', '<', to)
      .where(w => w.whereNull('pr.status').orWhere('pr.status', '<>', 'submitted'))
      .select(
        'r.id',
        'r.report_due_at',
        'r.starts_at',
        's.court_id',
        'c.name as court_name',
        'u.email as officer_email',
      )
  }

  async function notYetQueued<T extends { dedupeKey?: string }>(messages: T[]): Promise<T[]> {
    const keys = messages.map(m => m.dedupeKey!).filter(Boolean)
    if (!keys.length) return messages
    const taken = new Set<string>()
    for (let i = 0; i < keys.length; i += 500)
      for (const k of await db('email_outbox')
        .whereIn('dedupe_key', keys.slice(i, i + 500))
        .pluck('dedupe_key'))
        taken.add(k)
    return messages.filter(m => !taken.has(m.dedupeKey!))
  }

  async function dueSoon(now: Date, days: Set<string>): Promise<OutboxMessage[]> {
    const today = todayIn(clock)
    // Deadlines from now until the end of the day N working days ahead are "soon".
    let horizon = today
    for (let n = 0; n < config.reminderWorkingDays;) {
      horizon = addDays(horizon, 1)
      if (isWorkingDay(horizon, days)) n += 1
    }
    const rows = await unsubmitted(now.toISOString(), `${addDays(horizon, 1)}T23:59:59Z`)
    return rows
      .filter(r => localDateOf(r.report_due_at) <= horizon)
      .map(r => reportReminder(r, 'report-due-soon', `Progress report due by ${formatDateTime(r.report_due_at)}`))
  }

  /** A reminder about one review's report, to its officer, queued once per due time. */
  function reportReminder(
    r: Record<string, string>,
    template: 'report-due-soon' | 'report-overdue',
    subject: string,
  ): OutboxMessage {
    return {
      to: r.officer_email,
      dedupeKey: `${template}:${r.id}:${r.report_due_at}`,
      ...emails.draft(
        template,
        subject,
        {
          court: r.court_name,
          hearing: formatDateTime(r.starts_at),
          due: formatDateTime(r.report_due_at),
          link: emails.link(paths.reports.edit(r.id)),
        },
        { essential: true },
      ),
    }
  }

  async function overdue(now: Date): Promise<OutboxMessage[]> {
    // Overdue reports for hearings still to come (a report for a past hearing is the court's business now).
    const rows = (await unsubmitted('0000', now.toISOString())).filter(r => r.starts_at > now.toISOString())
    if (!rows.length) return []
    const clerks = await db('user_court as uc')
      .join('app_user as u', 'u.id', 'uc.user_id')
      .where('u.role', 'clerk')
      .where('u.disabled', false)
      .whereIn('uc.court_id', [...new Set(rows.map(r => r.court_id as string))])
      .select('uc.court_id', 'u.email')
    return rows.map(r => ({
      ...reportReminder(r, 'report-overdue', 'Progress report overdue'),
      cc: clerks.filter(c => c.court_id === r.court_id).map(c => c.email as string),
    }))
  }

  /** From the digest hour, each clerk who wants it gets tomorrow's sittings at their courts, once a day. */
  async function digests(now: Date): Promise<OutboxMessage[]> {
    if (Number(localTimeOf(now).slice(0, 2)) < config.digestHour) return []
    const today = todayIn(clock)
    const tomorrow = addDays(today, 1)
    type SittingTotals = {
      id: string
      court_id: string
      starts_at: string
      courtroom: string
      capacity: number
      court_name: string
      booked: number | string
      missing: number | string
    }
    const sittings: SittingTotals[] = await db('sitting as s')
      .join('court as c', 'c.id', 's.court_id')
      .leftJoin('review as r', function () {
        this.on('r.sitting_id', '=', 's.id').andOn('r.status', '=', db.raw('?', ['scheduled']))
      })
      .leftJoin('progress_report as pr', 'pr.review_id', 'r.id')
      .where('s.date', tomorrow)
      .where('s.status', 'open')
      .groupBy('s.id', 's.court_id', 's.starts_at', 's.courtroom', 's.capacity', 'c.name')
      .orderBy('s.starts_at')
      .select(
        's.id',
        's.court_id',
        's.starts_at',
        's.courtroom',
        's.capacity',
        'c.name as court_name',
        db.raw('count(r.id) as booked'),
        db.raw(
          "sum(case when r.id is not null and (pr.status is null or pr.status <> 'submitted') then 1 else 0 end) as missing",
        ),
      )
    if (!sittings.length) return []
    // A clerk linked to no court works for every court (as on their calendar feed).
    const clerks = await db('app_user as u')
      .leftJoin('user_court as uc', 'uc.user_id', 'u.id')
      .where('u.role', 'clerk')
      .where('u.disabled', false)
      .where('u.digest_opt_out', false)
      .select('u.id', 'u.email', 'uc.court_id')
    const byClerk = new Map<string, { email: string; courts: Set<string> | null }>()
    for (const c of clerks) {
      const entry = byClerk.get(c.id) ?? { email: c.email as string, courts: c.court_id ? new Set<string>() : null }
      if (c.court_id) entry.courts?.add(c.court_id as string)
      byClerk.set(c.id, entry)
    }
    const theirs = (courts: Set<string> | null) => sittings.filter(s => !courts || courts.has(s.court_id))
    return [...byClerk.entries()]
      .filter(([, clerk]) => theirs(clerk.courts).length > 0)
      .map(([userId, clerk]) => ({
        to: clerk.email,
        dedupeKey: `daily-digest:${userId}:${tomorrow}`,
        ...emails.draft(
          'daily-digest',
          `Tomorrow's review sittings: ${formatDate(tomorrow)}`,
          {
            date: formatDate(tomorrow),
            sittings: theirs(clerk.courts).map(s => ({
              time: formatTime(s.starts_at as string),
              court: s.court_name,
              courtroom: s.courtroom,
              booked: Number(s.booked),
              capacity: Number(s.capacity),
              missing: Number(s.missing),
              link: emails.link(paths.sittings.show(s.id as string)),
            })),
            missingLink: emails.link(paths.reports.missing),
          },
          { essential: false },
        ),
      }))
  }

  return {
    /** Queue every reminder and digest now due and not yet queued. Returns how many were queued. */
    async run(): Promise<number> {
      const now = clock.now()
      const days = await holidays()
      const candidates = [...(await dueSoon(now, days)), ...(await overdue(now)), ...(await digests(now))]
      const fresh = await notYetQueued(candidates)
      // The unique dedupe key settles a race with another worker: the loser's row is skipped.
      return outbox.enqueue(fresh, now.toISOString())
    },
  }
}

export type Reminders = ReturnType<typeof createReminders>
