import type { AnnouncementRepository } from '../../data/announcementRepository'
import type { AccessNeedsRepository } from '../../data/accessNeedsRepository'
import type { OutboxMessage, OutboxRepository } from '../../data/outboxRepository'
import { paths } from '../../paths'
import { ATTENDANCE_MODES } from '../../content/labels'
import type { AuditListener } from './auditTrail'
import type { EmailRenderer } from './emailTemplates'

/**
 * A hearing whose invites are out went from in person to video link or back (issue 23 point 3): its
 * officer and the provider's workers get the updated invite (the same event, its SEQUENCE raised), saying
 * how the person attends and never the video room or reference. A hearing not yet announced needs
 * nothing: its first invite will say it.
 */
export function createAttendanceNotices(deps: {
  accessNeeds: Pick<AccessNeedsRepository, 'hearing' | 'markAttendanceAnnounced'>
  announcements: Pick<AnnouncementRepository, 'recipients'>
  outbox: Pick<OutboxRepository, 'enqueue'>
  emails: EmailRenderer
}) {
  const { accessNeeds, announcements, outbox, emails } = deps
  const listener: AuditListener = {
    actions: new Set(['change_attendance_mode']),
    async onRecorded(entry, at, tx) {
      const detail = (entry.detail ?? {}) as { from?: string; to?: string }
      if (!entry.subjectId || detail.from === detail.to) return
      const h = await accessNeeds.hearing(entry.subjectId, tx)
      if (!h || h.status !== 'scheduled' || !h.startsAt || !h.calendarStartsAt) return
      const sequence = h.calendarSequence + 1
      await accessNeeds.markAttendanceAnnounced(h.reviewId, h.attendanceMode, sequence, tx)
      const recipients = await announcements.recipients(
        h.officerId ? [h.officerId] : [],
        h.providerOrganisationId ? [h.providerOrganisationId] : [],
        tx,
      )
      const attends = ATTENDANCE_MODES[h.attendanceMode]
      const messages: OutboxMessage[] = recipients
        .filter(p => (p.role === 'provider' ? p.organisationId === h.providerOrganisationId : p.id === h.officerId))
        .map(p => {
          const link = emails.link(
            p.role === 'provider' ? paths.provider.update(h.reviewId) : paths.reports.edit(h.reviewId),
          )
          const subject = `Review hearing: the person now attends ${attends.toLowerCase()}`
          const draft = emails.draft(
            'review-changes',
            subject,
            {
              heading: subject,
              intro: 'The court changed how the person attends this review hearing. The time and place are the same.',
              changes: [
                {
                  label: 'Changed',
                  when: h.startsAt,
                  previous: null,
                  court: h.courtName ?? 'the court',
                  courtroom: h.courtroom,
                  link,
                  attends,
                },
              ],
              calendarNote: 'The attached calendar invite updates the hearing in your calendar.',
            },
            { essential: true },
          )
          return {
            to: p.email,
            ...draft,
            invite: {
              method: 'REQUEST' as const,
              stamp: at,
              hearings: [
                {
                  reviewId: h.reviewId,
                  sequence,
                  startsAt: h.startsAt!,
                  minutes: h.slotMinutes ?? 15,
                  courtName: h.courtName ?? 'the court',
                  courtroom: h.courtroom,
                  url: link,
                  attendance: h.attendanceMode,
                },
              ],
            },
          }
        })
      await outbox.enqueue(messages, at, tx)
    },
  }
  return { listener }
}
