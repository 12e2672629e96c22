import type { OutboxMessage, OutboxRepository } from '../../data/outboxRepository'
import type { ReminderRepository, UnsubmittedReportRow } from '../../data/reminderRepository'
import type { Clock } from '../../utils/clock'
import type { Config } from '../../config'
import { paths } from '../../paths'
import { addDays, formatDate, formatDateTime, formatTime, localDateOf, localTimeOf, todayIn } from '../../utils/dates'
import type { EmailRenderer } from './emailTemplates'
import { digestRecipients, reminderHorizon, sittingsAt } from './reminderRules'
import type { AccessNeedsRepository } from '../../data/accessNeedsRepository'
import { plural } from '../../content/labels'

/**
 * Reminders and digests, queued by the worker every few minutes. Each has a dedupe key naming
 * its deadline (review and due time, or user and day), and the outbox holds each key once, so a
 * restarted worker, or two workers at once, queue one reminder per deadline. A review moved to a
 * new deadline gets reminders for the new one.
 */
export function createReminders(deps: {
  reminders: ReminderRepository
  outbox: OutboxRepository
  emails: EmailRenderer
  clock: Clock
  config: Pick<Config, 'reminderWorkingDays' | 'digestHour'>
  /** Interpreters needed at hearings in the days ahead (issue 23): counts only. */
  interpreters?: Pick<AccessNeedsRepository, 'interpreterCounts'>
}) {
  const { reminders, outbox, emails, clock, config } = deps

  async function notYetQueued<T extends { dedupeKey?: string }>(messages: T[]): Promise<T[]> {
    const keys = messages.map(m => m.dedupeKey!).filter(Boolean)
    if (!keys.length) return messages
    const taken = await outbox.takenDedupeKeys(keys)
    return messages.filter(m => !taken.has(m.dedupeKey!))
  }

  async function dueSoon(now: Date, holidays: Set<string>): Promise<OutboxMessage[]> {
    // Deadlines from now until the end of the day N working days ahead are "soon".
    const horizon = reminderHorizon(todayIn(clock), config.reminderWorkingDays, holidays)
    const rows = await reminders.unsubmittedReportsDue(now.toISOString(), `${addDays(horizon, 1)}T23:59:59Z`)
    return rows
      .filter(r => localDateOf(r.reportDueAt) <= horizon)
      .map(r => reportReminder(r, 'report-due-soon', `Progress report due by ${formatDateTime(r.reportDueAt)}`))
  }

  /** A reminder about one review's report, to its officer, queued once per due time. */
  function reportReminder(
    r: UnsubmittedReportRow,
    template: 'report-due-soon' | 'report-overdue',
    subject: string,
  ): OutboxMessage {
    return {
      to: r.officerEmail,
      dedupeKey: `${template}:${r.reviewId}:${r.reportDueAt}`,
      ...emails.draft(
        template,
        subject,
        {
          court: r.courtName,
          hearing: formatDateTime(r.startsAt),
          due: formatDateTime(r.reportDueAt),
          link: emails.link(paths.reports.edit(r.reviewId)),
        },
        { essential: true },
      ),
    }
  }

  async function overdue(now: Date): Promise<OutboxMessage[]> {
    // Overdue reports for hearings still to come (a report for a past hearing is the court's business now).
    const rows = (await reminders.unsubmittedReportsDue('0000', now.toISOString())).filter(
      r => r.startsAt > now.toISOString(),
    )
    if (!rows.length) return []
    const clerks = await reminders.clerksAtCourts([...new Set(rows.map(r => r.courtId))])
    return rows.map(r => ({
      ...reportReminder(r, 'report-overdue', 'Progress report overdue'),
      cc: clerks.filter(c => c.courtId === r.courtId).map(c => c.email),
    }))
  }

  /**
   * From the digest hour, each clerk who wants it gets tomorrow's sittings at their courts, once a day, and
   * the interpreters needed at their courts' hearings over the next week, and how many are not yet booked.
   */
  async function digests(now: Date): Promise<OutboxMessage[]> {
    if (Number(localTimeOf(now).slice(0, 2)) < config.digestHour) return []
    const tomorrow = addDays(todayIn(clock), 1)
    const sittings = await reminders.openSittingsOn(tomorrow)
    const counts = (await deps.interpreters?.interpreterCounts(tomorrow, addDays(tomorrow, INTERPRETER_DAYS - 1))) ?? []
    if (!sittings.length && !counts.length) return []
    return digestRecipients(await reminders.digestClerks())
      .filter(clerk => sittingsAt(clerk.courtIds, sittings).length > 0 || sittingsAt(clerk.courtIds, counts).length > 0)
      .map(clerk => ({
        to: clerk.email,
        dedupeKey: `daily-digest:${clerk.userId}:${tomorrow}`,
        ...emails.draft(
          'daily-digest',
          `Tomorrow's review sittings: ${formatDate(tomorrow)}`,
          {
            date: formatDate(tomorrow),
            sittings: sittingsAt(clerk.courtIds, sittings).map(s => ({
              time: formatTime(s.startsAt),
              court: s.courtName,
              courtroom: s.courtroom,
              booked: s.booked,
              capacity: s.capacity,
              missing: s.missing,
              link: emails.link(paths.sittings.show(s.sittingId)),
            })),
            missingLink: emails.link(paths.reports.missing),
            interpreters: interpreterDays(sittingsAt(clerk.courtIds, counts)),
          },
          { essential: false },
        ),
      }))
  }

  return {
    /** Queue every reminder and digest now due and not yet queued. Returns how many were queued. */
    async run(): Promise<number> {
      const now = clock.now()
      const holidays = new Set(await reminders.holidayDates())
      const candidates = [...(await dueSoon(now, holidays)), ...(await overdue(now)), ...(await digests(now))]
      const fresh = await notYetQueued(candidates)
      // The unique dedupe key settles a race with another worker: the loser's row is skipped.
      return outbox.enqueue(fresh, now.toISOString())
    },
  }
}

/** How many days ahead, from tomorrow, the digest counts interpreters: time to book one. */
export const INTERPRETER_DAYS = 7

/** "Tuesday 8 December 2026: 2 interpreters needed, 1 not yet booked", one line a day. Counts and dates only. */
export function interpreterDays(rows: { date: string; needed: number; notBooked: number }[]) {
  const byDate = new Map<string, { needed: number; notBooked: number }>()
  for (const r of rows) {
    const day = byDate.get(r.date) ?? { needed: 0, notBooked: 0 }
    byDate.set(r.date, { needed: day.needed + r.needed, notBooked: day.notBooked + r.notBooked })
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => ({
      date: formatDate(date),
      text: `${plural(d.needed, 'interpreter', 'interpreters')} needed, ${d.notBooked ? `${d.notBooked} not yet booked` : 'all booked'}`,
      notBooked: d.notBooked,
    }))
}

export type Reminders = ReturnType<typeof createReminders>
