import type { AnnouncementRepository } from '../../data/announcementRepository'
import type { AuditEntry } from '../../data/auditRepository'
import type { OutboxMessage, OutboxRepository } from '../../data/outboxRepository'
import type { TxLike } from '../../data/unitOfWork'
import { paths } from '../../paths'
import type { CalendarHearing } from './calendar'
import type { EmailRenderer } from './emailTemplates'
import { ATTENDANCE_MODES } from '../../content/labels'
import {
  announcedMark,
  audienceOf,
  changesFor,
  reviewChangesSubject,
  toReviewChange,
  type ReviewChange,
} from './reviewChanges'

/** Changes that can list, move or cancel review hearings, by what they name as their subject. */
export const PLACEMENT_ACTIONS = new Set([
  'create_order',
  'move_review',
  'adjourn_review',
  'vacate_review',
  'undo_booking_change',
  'cancel_sitting',
  'create_sitting',
  'create_sitting_series',
  'record_outcome',
  'correct_outcome',
  'decide_paper_review',
  'record_non_attendance',
  'execute_warrant',
  'lay_breach',
  'record_breach_outcome',
  'amend_requirement',
  'make_application',
  'decide_application',
])

const LABELS = { listed: 'Listed', moved: 'Moved', cancelled: 'Cancelled' }

/**
 * Review hearings listed, moved or cancelled, with calendar invites, to the officer and the
 * provider. A review remembers what its invites last announced (calendar_starts_at and its
 * SEQUENCE), so only real changes are sent, and each move or cancellation raises the SEQUENCE.
 */
export function createReviewAnnouncements(deps: {
  announcements: AnnouncementRepository
  outbox: OutboxRepository
  emails: EmailRenderer
}) {
  const { announcements, outbox, emails } = deps

  async function announceReviews(tx: TxLike, entry: AuditEntry, at: string) {
    const rows = await announcements.unannouncedReviews({ type: entry.subjectType, id: entry.subjectId }, tx)
    if (!rows.length) return
    const changes = rows.map(toReviewChange)
    await announcements.markAnnounced(changes.map(announcedMark), tx)

    const { officerIds, organisationIds } = audienceOf(changes)
    const recipients = await announcements.recipients(officerIds, organisationIds, tx)
    const messages: OutboxMessage[] = []
    for (const person of recipients) {
      const mine = changesFor(person, changes)
      const link = (reviewId: string) =>
        emails.link(person.role === 'provider' ? paths.provider.update(reviewId) : paths.reports.edit(reviewId))
      for (const method of ['REQUEST', 'CANCEL'] as const) {
        const group = mine.filter(c => (method === 'CANCEL') === (c.kind === 'cancelled'))
        if (group.length) messages.push(reviewChangesEmail(person.email, method, group, link, at))
      }
    }
    await outbox.enqueue(messages, at, tx)
  }

  function reviewChangesEmail(
    to: string,
    method: 'REQUEST' | 'CANCEL',
    group: ReviewChange[],
    link: (reviewId: string) => string,
    at: string,
  ): OutboxMessage {
    const subject = reviewChangesSubject(method, group)
    const draft = emails.draft(
      'review-changes',
      subject,
      {
        heading: subject,
        intro:
          method === 'CANCEL'
            ? 'These review hearings will not go ahead at these times. Any that are listed again will be sent to you.'
            : 'These review hearings are listed for a person you work with.',
        changes: group.map(c => ({
          label: LABELS[c.kind],
          when: c.startsAt,
          previous: c.previous,
          court: c.courtName,
          courtroom: c.courtroom,
          link: link(c.reviewId),
          attends: c.kind === 'cancelled' ? null : ATTENDANCE_MODES[c.attendance ?? 'in_person'],
        })),
        calendarNote:
          method === 'CANCEL'
            ? 'The attached calendar update removes them from your calendar.'
            : 'The attached calendar invite adds them to your calendar, or updates them there.',
      },
      { essential: true },
    )
    const hearings: CalendarHearing[] = group.map(c => ({
      reviewId: c.reviewId,
      sequence: c.sequence,
      startsAt: c.startsAt,
      minutes: c.minutes,
      courtName: c.courtName,
      courtroom: c.courtroom,
      url: link(c.reviewId),
      attendance: c.attendance,
    }))
    return { to, ...draft, invite: { method, hearings, stamp: at } }
  }

  return { announceReviews }
}
