import type { ReviewRow } from '../../data/reviewRepository'
import type { AccessNeedsRow, HearingAttendanceRow } from '../../data/accessNeedsRepository'
import { needTags, type NeedTag } from '../../services/person/accessNeedsRules'
import { paths } from '../../paths'

/** What the access needs service gives for a list already read in scope: needs by person, attendance by review. */
export interface ListedAccess {
  needs: Map<string, AccessNeedsRow>
  attendance: Map<string, HearingAttendanceRow>
}

export interface ListedCase {
  review: ReviewRow
  personId: string
  personName: string
}

/** One court list row's access needs and attendance, as the court list (and its print) shows them. */
export interface RowAccess {
  needTags: NeedTag[]
  needNotes: string | null
  /** "Video link", or null in person. */
  videoTag: NeedTag | null
  /** The room or reference: the court list is read only by the clerks and the sitting's bench. */
  videoReference: string | null
  /** The clerk's toggle for an interpreter needed at a hearing still to come. */
  interpreterToggle: { action: string; booked: 'yes' | 'no'; text: string } | null
  attendanceHref: string | null
}

const TO_COME = (r: ReviewRow) => r.status === 'scheduled' && r.mode === 'hearing'

/** Each row's access needs, tags and the clerk's actions (`clerk` only on an open sitting). */
export function courtListAccess(
  cases: readonly ListedCase[],
  access: ListedAccess,
  clerk: boolean,
): Map<string, RowAccess> {
  const out = new Map<string, RowAccess>()
  for (const c of cases) {
    const needs = access.needs.get(c.personId)
    const attendance = access.attendance.get(c.review.id)
    const hearing = c.review.mode === 'hearing'
    const booked = attendance?.interpreterBooked ?? false
    const video = hearing && attendance?.attendanceMode === 'video'
    out.set(c.review.id, {
      needTags: needTags(needs, hearing && TO_COME(c.review) ? booked : undefined),
      needNotes: needs?.notes ?? null,
      videoTag: video ? { text: 'Video link', colour: 'purple' } : null,
      videoReference: video ? (attendance?.videoReference ?? null) : null,
      interpreterToggle:
        clerk && needs?.interpreterLanguage && TO_COME(c.review)
          ? {
              action: paths.reviews.interpreter(c.review.id),
              booked: booked ? 'no' : 'yes',
              text: booked ? 'Mark interpreter not booked' : 'Mark interpreter booked',
            }
          : null,
      attendanceHref: clerk && TO_COME(c.review) ? paths.reviews.attendanceMode(c.review.id) : null,
    })
  }
  return out
}

/**
 * The sitting's warning: hearings still to come whose person needs an interpreter not yet booked for it,
 * by name and language (the page is the clerks' and the sitting's bench's). Null when there are none.
 */
export function interpreterWarning(cases: readonly ListedCase[], access: ListedAccess): string | null {
  const missing = cases.filter(
    c =>
      TO_COME(c.review) &&
      access.needs.get(c.personId)?.interpreterLanguage &&
      !access.attendance.get(c.review.id)?.interpreterBooked,
  )
  if (!missing.length) return null
  const who = missing.map(c => `${c.personName} (${access.needs.get(c.personId)!.interpreterLanguage})`).join(', ')
  return missing.length === 1
    ? `An interpreter is needed but not booked for ${who}.`
    : `Interpreters are needed but not booked for ${missing.length} people: ${who}.`
}
