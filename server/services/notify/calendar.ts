import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalCalendar,
} from 'ical-generator'
import { DateTime } from 'luxon'
import { ZONE } from '../../utils/dates'
import type { CalendarHearing } from '../../data/outboxRepository'

// iCalendar for review hearings: invites carried by review emails and each user's private feed.
// No health data, no names: a hearing is a court, a time and a link into the service.

// The hearing's shape is the data layer's: an invite is queued with its hearings in the outbox.
export type { CalendarHearing }

export interface CalendarOptions {
  /** The DTSTAMP: when the object was made (pass the injected clock's now); the system time otherwise. */
  stamp?: Date
  /**
   * An invite's recipients (RFC 5546 expects ATTENDEE on REQUEST and CANCEL; some calendars will not
   * offer to add an invite without one). Users of the service only, never the person under the order.
   */
  attendees?: { email: string; name?: string }[]
}

// A fixed domain, not the host the service runs on: a UID must survive a move to a new address,
// or calendars would keep the old event and add a new one (RFC 5545 3.8.4.7).
const UID_DOMAIN = 'drr-reviews.service'
const PRODID = { company: 'HM Courts and Tribunals', product: 'Manage drug rehabilitation reviews', language: 'EN' }
export const HEARING_SUMMARY = 'DRR review hearing'

// Outlook needs a VTIMEZONE for every TZID it meets; ical-generator only writes one through a
// calendar-level zone, which also turns DTSTAMP into local time (RFC 5545 wants it in UTC), so
// the definition is added here. UK rule since 1996: last Sunday of March 01:00 GMT, last Sunday
// of October 01:00 GMT (02:00 BST).
const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n')

export function hearingUid(reviewId: string): string {
  return `review-${reviewId}@${UID_DOMAIN}`
}

/** An invite (METHOD:REQUEST) or a cancellation (METHOD:CANCEL) for one or more hearings. */
export function reviewInvite(
  method: 'REQUEST' | 'CANCEL',
  hearings: CalendarHearing[],
  organiser: { name: string; email: string },
  options: CalendarOptions = {},
): string {
  const calendar = ical({
    prodId: PRODID,
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  })
  for (const hearing of hearings) {
    addHearing(calendar, hearing, options, {
      organizer: { name: organiser.name, email: organiser.email },
      status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    })
  }
  return withLondonZone(calendar.toString())
}

/** A user's private feed: every hearing they are involved in, times in Europe/London. */
export function calendarFeed(name: string, hearings: CalendarHearing[], options: CalendarOptions = {}): string {
  const calendar = ical({ prodId: PRODID, method: ICalCalendarMethod.PUBLISH, name, ttl: 60 * 60 })
  calendar.x('X-WR-TIMEZONE', ZONE)
  for (const hearing of hearings) {
    addHearing(calendar, hearing, options, { status: ICalEventStatus.CONFIRMED })
  }
  return withLondonZone(calendar.toString())
}

function addHearing(
  calendar: ICalCalendar,
  hearing: CalendarHearing,
  options: CalendarOptions,
  extra: { organizer?: { name: string; email: string }; status: ICalEventStatus },
): void {
  // luxon instants: ical-generator turns them into London wall time for TZID=Europe/London
  // whatever the server's own zone is (a plain Date would be written in the process's zone).
  const start = DateTime.fromISO(hearing.startsAt, { zone: 'utc' })
  if (!start.isValid) throw new Error(`Invalid hearing start: ${hearing.startsAt}`)
  const place = [hearing.courtName, courtroomText(hearing.courtroom)].filter(part => part).join(', ')
  calendar.createEvent({
    id: hearingUid(hearing.reviewId),
    sequence: hearing.sequence,
    stamp: DateTime.fromJSDate(options.stamp ?? new Date(), { zone: 'utc' }),
    start,
    end: start.plus({ minutes: hearing.minutes }),
    timezone: ZONE,
    summary: `${HEARING_SUMMARY} at ${hearing.courtName}`,
    location: place,
    description: `Review hearing, ${attendanceWords(hearing.attendance)}. Details in the service: ${hearing.url}`,
    url: hearing.url,
    status: extra.status,
    ...(extra.organizer ? { organizer: extra.organizer } : {}),
    // No RSVP: the organiser address is the service's, which reads no replies.
    attendees: extra.organizer
      ? (options.attendees ?? []).map(a => ({
          email: a.email,
          name: a.name ?? null,
          role: ICalAttendeeRole.REQ,
          status: ICalAttendeeStatus.NEEDSACTION,
          rsvp: false,
        }))
      : [],
  })
}

/** How the person attends, in words: never the video room or reference (issue 23). */
export const attendanceWords = (mode: CalendarHearing['attendance']) =>
  mode === 'video' ? 'the person attends by video link' : 'the person attends in person'

// Sittings store the courtroom as typed ("3", "Courtroom 3"): say what the bare number is.
function courtroomText(courtroom: string | null): string | null {
  const room = courtroom?.trim()
  if (!room) return null
  return /^(court\s*)?room\b/i.test(room) ? room : `courtroom ${room}`
}

function withLondonZone(text: string): string {
  const at = text.indexOf('BEGIN:VEVENT')
  const before = at >= 0 ? at : text.indexOf('END:VCALENDAR')
  return `${text.slice(0, before)}${LONDON_VTIMEZONE}\r\n${text.slice(before)}`
}
