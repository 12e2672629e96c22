import type { Knex } from 'knex'
import type { AuditEntry } from '../../data/auditRepository'
import type { OutboxMessage, OutboxRepository } from '../../data/outboxRepository'
import { paths } from '../../paths'
import type { CalendarHearing } from './calendar'
import type { EmailRenderer } from './emailTemplates'

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
])
const CANCELLED_STATUSES = ['vacated', 'adjourned', 'unlisted']

interface Change {
  kind: 'listed' | 'moved' | 'cancelled'
  reviewId: string
  sequence: number
  startsAt: string
  previous: string | null
  minutes: number
  courtName: string
  courtroom: string | null
  officerId: string | null
  providerOrganisationId: string | null
}

interface Recipient {
  id: string
  email: string
  role: string
  organisationId: string | null
}

/**
 * Review hearings listed, moved or cancelled, with calendar invites, to the officer and the
 * provider. A review remembers what its invites last announced (calendar_starts_at and its
 * SEQUENCE), so only real changes are sent, and each move or cancellation raises the SEQUENCE.
 */
export function createReviewAnnouncements(deps: { outbox: OutboxRepository; emails: EmailRenderer }) {
  const { outbox, emails } = deps

  async function unannouncedReviews(trx: Knex, entry: AuditEntry) {
    const q = trx('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .leftJoin('sitting as s', 's.id', trx.raw('coalesce(r.sitting_id, r.last_sitting_id)'))
      .leftJoin('court as c', 'c.id', 's.court_id')
      .select(
        'r.id',
        'r.status',
        'r.starts_at',
        'r.calendar_starts_at',
        'r.calendar_sequence',
        's.slot_minutes',
        's.courtroom',
        'c.name as court_name',
        'q.responsible_officer_id',
        'q.provider_organisation_id',
      )
      .where(w =>
        w
          .where(l =>
            l
              .where('r.status', 'scheduled')
              .whereNotNull('r.starts_at')
              .where(d => d.whereNull('r.calendar_starts_at').orWhereRaw('r.calendar_starts_at <> r.starts_at')),
          )
          .orWhere(c => c.whereIn('r.status', CANCELLED_STATUSES).whereNotNull('r.calendar_starts_at')),
      )
    const id = entry.subjectId ?? ''
    switch (entry.subjectType) {
      case 'order':
        q.where('o.id', id)
        break
      case 'review':
        q.whereIn('r.requirement_id', trx('review').select('requirement_id').where('id', id))
        break
      case 'sitting':
        q.where('o.court_id', trx('sitting').select('court_id').where('id', id))
        break
      case 'court':
        q.where('o.court_id', id)
        break
      default:
        return []
    }
    return q
  }

  async function announceReviews(trx: Knex, entry: AuditEntry, at: string) {
    const rows = await unannouncedReviews(trx, entry)
    if (!rows.length) return
    const changes: Change[] = rows.map(r => {
      const cancelled = r.status !== 'scheduled'
      const announcedBefore = r.calendar_starts_at !== null || Number(r.calendar_sequence) > 0
      return {
        kind: cancelled ? 'cancelled' : r.calendar_starts_at ? 'moved' : 'listed',
        reviewId: r.id,
        sequence: Number(r.calendar_sequence) + (announcedBefore ? 1 : 0),
        startsAt: cancelled ? r.calendar_starts_at : r.starts_at,
        previous: cancelled ? null : r.calendar_starts_at,
        minutes: Number(r.slot_minutes ?? 15),
        courtName: r.court_name ?? 'the court',
        courtroom: r.courtroom ?? null,
        officerId: r.responsible_officer_id,
        providerOrganisationId: r.provider_organisation_id,
      }
    })
    // Remember what was announced: one statement for every review changed.
    const ids = changes.map(c => c.reviewId)
    const startsCase = changes.map(() => 'when ? then ?').join(' ')
    const seqCase = changes.map(() => 'when ? then cast(? as integer)').join(' ')
    await trx('review')
      .whereIn('id', ids)
      .update({
        calendar_starts_at: trx.raw(
          `case id ${startsCase} end`,
          changes.flatMap(c => [c.reviewId, c.kind === 'cancelled' ? null : c.startsAt]),
        ),
        calendar_sequence: trx.raw(
          `case id ${seqCase} end`,
          changes.flatMap(c => [c.reviewId, c.sequence]),
        ),
      })

    const officerIds = [...new Set(changes.map(c => c.officerId).filter((v): v is string => !!v))]
    const orgIds = [...new Set(changes.map(c => c.providerOrganisationId).filter((v): v is string => !!v))]
    const recipients: Recipient[] = (
      await trx('app_user')
        .select('id', 'email', 'role', 'organisation_id')
        .where('disabled', false)
        .where(w =>
          w
            .whereIn('id', officerIds)
            .orWhere(p => p.where('role', 'provider').whereIn('organisation_id', orgIds.length ? orgIds : [''])),
        )
    ).map(r => ({ id: r.id, email: r.email, role: r.role, organisationId: r.organisation_id }))

    const messages: OutboxMessage[] = []
    for (const person of recipients) {
      const mine = changes.filter(c =>
        person.role === 'provider' ? c.providerOrganisationId === person.organisationId : c.officerId === person.id,
      )
      const link = (reviewId: string) =>
        emails.link(person.role === 'provider' ? paths.provider.update(reviewId) : paths.reports.edit(reviewId))
      for (const method of ['REQUEST', 'CANCEL'] as const) {
        const group = mine.filter(c => (method === 'CANCEL') === (c.kind === 'cancelled'))
        if (group.length) messages.push(reviewChangesEmail(person.email, method, group, link, at))
      }
    }
    await outbox.enqueue(messages, at, trx)
  }

  function reviewChangesEmail(
    to: string,
    method: 'REQUEST' | 'CANCEL',
    group: Change[],
    link: (reviewId: string) => string,
    at: string,
  ): OutboxMessage {
    const kinds = new Set(group.map(c => c.kind))
    const many = group.length > 1
    const subject =
      method === 'CANCEL'
        ? many
          ? `${group.length} review hearings cancelled`
          : 'Review hearing cancelled'
        : kinds.has('moved')
          ? many
            ? `${group.length} review hearings moved or listed`
            : 'Review hearing moved'
          : many
            ? `${group.length} review hearings listed`
            : 'Review hearing listed'
    const label = { listed: 'Listed', moved: 'Moved', cancelled: 'Cancelled' }
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
          label: label[c.kind],
          when: c.startsAt,
          previous: c.previous,
          court: c.courtName,
          courtroom: c.courtroom,
          link: link(c.reviewId),
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
    }))
    return {
      to,
      ...draft,
      invite: { method, hearings, stamp: at },
    }
  }

  return { announceReviews }
}
