import type { AnnouncementRepository } from '../../data/announcementRepository'
import type { AuditEntry } from '../../data/auditRepository'
import type { EmailNoticeRepository } from '../../data/emailNoticeRepository'
import type { OutboxRepository } from '../../data/outboxRepository'
import type { TxLike } from '../../data/unitOfWork'
import { paths } from '../../paths'
import { formatDateTime } from '../../utils/dates'
import type { AuditListener } from './auditTrail'
import type { EmailRenderer } from './emailTemplates'
import { createReviewAnnouncements, PLACEMENT_ACTIONS } from './reviewAnnouncements'

/**
 * Turns recorded changes into emails, in the change's own transaction (see AuditListener):
 * review hearings listed, moved or cancelled (with calendar invites) to the officer and the
 * provider; a clerk's chase; a pack issued to the bench; attendance required after a paper review.
 * A review remembers what its invites last announced, so only real changes are sent, and each
 * move or cancellation raises the invite's SEQUENCE.
 */
export function createNotifier(deps: {
  notices: EmailNoticeRepository
  announcements: AnnouncementRepository
  outbox: OutboxRepository
  emails: EmailRenderer
}) {
  const { notices, outbox, emails } = deps
  const { announceReviews } = createReviewAnnouncements(deps)

  async function chase(tx: TxLike, entry: AuditEntry, at: string) {
    const r = await notices.review(entry.subjectId!, tx)
    if (!r?.officerEmail) return
    const draft = emails.draft(
      'report-chase',
      'The court is asking for a progress report',
      {
        court: r.courtName,
        hearing: r.startsAt ? formatDateTime(r.startsAt) : r.reviewDate,
        due: r.reportDueAt ? formatDateTime(r.reportDueAt) : null,
        link: emails.link(paths.reports.edit(r.reviewId)),
      },
      { essential: true },
    )
    await outbox.enqueue([{ to: r.officerEmail, ...draft }], at, tx)
  }

  // Sch 9 para 22(7): the person must attend a hearing; their officer and the court's clerks are told.
  async function attendanceRequired(tx: TxLike, entry: AuditEntry, at: string) {
    const detail = (entry.detail ?? {}) as { nextReviewId?: string | null }
    const r = await notices.review(entry.subjectId!, tx)
    if (!r) return
    const clerks = await notices.courtClerkEmails(r.courtId, tx)
    const to = [...new Set([...(r.officerEmail ? [r.officerEmail] : []), ...clerks])]
    const next = detail.nextReviewId ? await notices.review(detail.nextReviewId, tx) : null
    const draft = emails.draft(
      'attendance-required',
      'Attendance required at a review hearing',
      {
        when: next?.startsAt ? formatDateTime(next.startsAt) : null,
        court: next?.courtName ?? r.courtName,
        link: emails.link(paths.people.show(r.personId)),
      },
      { essential: true },
    )
    await outbox.enqueue(
      to.map(email => ({ to: email, ...draft })),
      at,
      tx,
    )
  }

  async function packIssued(tx: TxLike, entry: AuditEntry, at: string) {
    const sitting = await notices.sitting(entry.subjectId!, tx)
    if (!sitting) return
    const version = Number((entry.detail as { version?: number } | undefined)?.version ?? 1)
    const draft = emails.draft(
      'pack-issued',
      `Hearing pack issued: ${formatDateTime(sitting.startsAt)}`,
      {
        version,
        court: sitting.courtName,
        when: formatDateTime(sitting.startsAt),
        link: emails.link(paths.packs.sitting(sitting.sittingId)),
      },
      { essential: true },
    )
    await outbox.enqueue(
      sitting.benchEmails.map(to => ({ to, ...draft })),
      at,
      tx,
    )
  }

  // Sch 9 para 21(4)-(5): an amendment made another magistrates' court responsible; its clerks are told.
  async function reviewsTransferred(tx: TxLike, entry: AuditEntry, at: string) {
    const detail = (entry.detail ?? {}) as { toCourtId?: string; personId?: string; unlisted?: boolean }
    if (!detail.toCourtId || !detail.personId) return
    const clerks = await notices.courtClerkEmails(detail.toCourtId, tx)
    const court = await notices.courtName(detail.toCourtId, tx)
    if (!clerks.length) return
    const draft = emails.draft(
      'reviews-transferred',
      `Reviews transferred to ${court ?? 'your court'}`,
      {
        court: court ?? 'your court',
        unlisted: Boolean(detail.unlisted),
        link: emails.link(paths.people.show(detail.personId)),
      },
      { essential: true },
    )
    await outbox.enqueue(
      clerks.map(to => ({ to, ...draft })),
      at,
      tx,
    )
  }

  const listener: AuditListener = {
    actions: new Set([...PLACEMENT_ACTIONS, 'chase_report', 'issue_pack', 'notify_officer']),
    async onRecorded(entry, at, tx) {
      if (entry.action === 'amend_requirement') await reviewsTransferred(tx, entry, at)
      if (PLACEMENT_ACTIONS.has(entry.action)) return announceReviews(tx, entry, at)
      if (entry.action === 'chase_report') return chase(tx, entry, at)
      if (entry.action === 'issue_pack') return packIssued(tx, entry, at)
      if (entry.action === 'notify_officer') return attendanceRequired(tx, entry, at)
    },
  }
  return { listener }
}
