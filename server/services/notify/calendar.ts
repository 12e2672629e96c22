// iCalendar for review hearings: invites carried by review emails and each user's private feed.
// No health data, no names: a hearing is a court, a time and a link into the service.

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
}

/** An invite (METHOD:REQUEST) or a cancellation (METHOD:CANCEL) for one or more hearings. */
export function reviewInvite(
  _method: 'REQUEST' | 'CANCEL',
  _hearings: CalendarHearing[],
  _organiser: { name: string; email: string },
): string {
  throw new Error('not yet built')
}

/** A user's private feed: every hearing they are involved in, times in Europe/London. */
export function calendarFeed(_name: string, _hearings: CalendarHearing[]): string {
  throw new Error('not yet built')
}
