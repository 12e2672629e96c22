import type { AnnouncedMark, AnnouncementRecipient, UnannouncedReviewRow } from '../../data/announcementRepository'

/** A review hearing listed, moved or cancelled since its invites last went out. */
export interface ReviewChange {
  kind: 'listed' | 'moved' | 'cancelled'
  reviewId: string
  /** The SEQUENCE its invite or cancellation carries. */
  sequence: number
  startsAt: string
  /** The time it moved from; null unless moved. */
  previous: string | null
  minutes: number
  courtName: string
  courtroom: string | null
  officerId: string | null
  providerOrganisationId: string | null
  /** How the person attends (issue 23): said in the email and the invite, never the video room. */
  attendance?: 'in_person' | 'video'
}

/**
 * What changed for a review its invites have not announced: a cancellation of the time last sent,
 * a move from it, or a first listing. Each move or cancellation after the first invite raises the
 * SEQUENCE (RFC 5546: a calendar applies only an update with a higher one).
 */
export function toReviewChange(r: UnannouncedReviewRow): ReviewChange {
  const cancelled = r.status !== 'scheduled'
  const announcedBefore = r.calendarStartsAt !== null || r.calendarSequence > 0
  return {
    kind: cancelled ? 'cancelled' : r.calendarStartsAt ? 'moved' : 'listed',
    reviewId: r.reviewId,
    sequence: r.calendarSequence + (announcedBefore ? 1 : 0),
    startsAt: (cancelled ? r.calendarStartsAt : r.startsAt) as string,
    previous: cancelled ? null : r.calendarStartsAt,
    minutes: r.slotMinutes ?? 15,
    courtName: r.courtName ?? 'the court',
    courtroom: r.courtroom ?? null,
    officerId: r.officerId,
    providerOrganisationId: r.providerOrganisationId,
    ...(r.attendanceMode ? { attendance: r.attendanceMode } : {}),
  }
}

/** What to remember as announced: the new time (none once cancelled) and the SEQUENCE sent. */
export function announcedMark(c: ReviewChange): AnnouncedMark {
  return {
    reviewId: c.reviewId,
    calendarStartsAt: c.kind === 'cancelled' ? null : c.startsAt,
    calendarSequence: c.sequence,
  }
}

/** Who may need telling: the officers, and the provider organisations, of the changed reviews. */
export function audienceOf(changes: ReviewChange[]): { officerIds: string[]; organisationIds: string[] } {
  const present = (v: string | null): v is string => !!v
  return {
    officerIds: [...new Set(changes.map(c => c.officerId).filter(present))],
    organisationIds: [...new Set(changes.map(c => c.providerOrganisationId).filter(present))],
  }
}

/** The changes one recipient is told of: a provider worker their organisation's, an officer their own. */
export function changesFor(person: AnnouncementRecipient, changes: ReviewChange[]): ReviewChange[] {
  return changes.filter(c =>
    person.role === 'provider' ? c.providerOrganisationId === person.organisationId : c.officerId === person.id,
  )
}

/** The subject of one email: a cancellation (METHOD:CANCEL) or listings and moves (METHOD:REQUEST). */
export function reviewChangesSubject(method: 'REQUEST' | 'CANCEL', group: ReviewChange[]): string {
  const many = group.length > 1
  if (method === 'CANCEL') return many ? `${group.length} review hearings cancelled` : 'Review hearing cancelled'
  if (group.some(c => c.kind === 'moved'))
    return many ? `${group.length} review hearings moved or listed` : 'Review hearing moved'
  return many ? `${group.length} review hearings listed` : 'Review hearing listed'
}
