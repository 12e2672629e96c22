import type { FieldError } from '../../errors'
import { formatDate } from '../../utils/dates'
import type { NonAttendanceAction, WarrantStatus } from '../../data/enforcementRepository'

/**
 * What the court may do when the person does not attend a review hearing, and how a warrant moves
 * from open to executed or withdrawn: pure, so every case is tested in a table.
 *
 * - Attendance at each review hearing is a condition of a DRR subject to review (Sentencing Act 2020
 *   Sch 9 para 21(2)(c)); failing to attend may be dealt with as a breach (Sch 10).
 * - The court may adjourn to a hearing it chooses (Magistrates' Courts Act 1980 s.10(1)), secure the
 *   person's attendance by a summons, or issue a warrant for their arrest (Sch 10 para 8(2)), backed
 *   for bail or not (Magistrates' Courts Act 1980 s.117). The one-month interval between periodic
 *   reviews (Sch 9 para 21(2)(a)) does not bind that hearing: the clerk picks the sitting.
 */

export const NON_ATTENDANCE_ACTIONS = [
  'adjourn',
  'summons',
  'warrant',
] as const satisfies readonly NonAttendanceAction[]

export const NOT_HEARD_YET = (date: string) =>
  `Non-attendance can be recorded from ${formatDate(date)}, the day of the hearing: nothing has happened yet`
export const NOT_A_HEARING =
  'Non-attendance is recorded at a review hearing the person was required to attend (Sentencing Act 2020 Sch 9 para 21(2)(c)); no one attends a review without a hearing'
export const NOT_LISTED = 'Only a review listed in a sitting can be missed: list it first'
export const ALREADY_DECIDED =
  'What happened at this hearing has already been recorded: change the outcome or the non-attendance instead'
export const REQUIREMENT_CLOSED = 'The requirement has ended: there is nothing left to enforce'
export const SITTING_NEEDED: Record<'adjourn' | 'summons', string> = {
  adjourn: 'Choose the sitting the hearing is adjourned to',
  summons: 'Choose the sitting the summons requires the person to attend',
}
export const BAIL_NEEDED = 'Say whether the warrant is backed for bail (Magistrates’ Courts Act 1980 s.117)'

export interface NonAttendanceFacts {
  action: NonAttendanceAction | null
  bail: boolean | null
  sittingId: string | null
  review: { mode: 'hearing' | 'paper'; status: string; sittingId: string | null; reviewDate: string }
  requirementStatus: string
  /** Today in Europe/London. */
  today: string
}

/** Every reason the non-attendance cannot be recorded as given, each naming its field; none means lawful. */
export function nonAttendanceRefusals(f: NonAttendanceFacts): FieldError[] {
  const { review } = f
  if (review.mode !== 'hearing') return [{ field: 'reviewId', message: NOT_A_HEARING }]
  if (review.status === 'held' || review.status === 'did_not_attend')
    return [{ field: 'reviewId', message: ALREADY_DECIDED }]
  if (review.status !== 'scheduled' || !review.sittingId) return [{ field: 'reviewId', message: NOT_LISTED }]
  if (f.requirementStatus !== 'active') return [{ field: 'reviewId', message: REQUIREMENT_CLOSED }]
  if (review.reviewDate > f.today) return [{ field: 'reviewId', message: NOT_HEARD_YET(review.reviewDate) }]
  const out: FieldError[] = []
  if (!f.action) out.push({ field: 'action', message: 'Select what the court did: adjourn, summons or warrant' })
  if ((f.action === 'adjourn' || f.action === 'summons') && !f.sittingId)
    out.push({ field: 'sittingId', message: SITTING_NEEDED[f.action] })
  if (f.action === 'warrant' && f.bail === null) out.push({ field: 'bail', message: BAIL_NEEDED })
  return out
}

/** The sitting a hearing after non-attendance (or a warrant's return) may go to: the clerk's choice. */
export interface HearingSittingFacts {
  sitting: { courtId: string; status: string; date: string; id: string } | null
  courtId: string
  /** The earliest date allowed: the later of the missed hearing (or the arrest) and today. */
  earliest: string
  missedSittingId: string | null
  requirementEndsOn: string
  bankHoliday: boolean
}

export function hearingSittingRefusal(f: HearingSittingFacts): string | null {
  const s = f.sitting
  if (!s || s.courtId !== f.courtId) return 'Choose a sitting of the court that reviews this requirement'
  if (s.status !== 'open') return 'That sitting has been cancelled: choose another sitting'
  if (s.id === f.missedSittingId) return 'Choose a later sitting than the one the person did not attend'
  if (s.date < f.earliest) return `Choose a sitting on or after ${formatDate(f.earliest)}`
  if (s.date > f.requirementEndsOn)
    return `Choose a sitting on or before ${formatDate(f.requirementEndsOn)}, when the requirement ends`
  if (f.bankHoliday) return 'That sitting is on a bank holiday: choose another sitting'
  return null
}

/** A warrant is open until it is executed (the person arrested) or withdrawn; then it is closed for good. */
export const WARRANT_NEXT: Record<WarrantStatus, readonly WarrantStatus[]> = {
  open: ['executed', 'withdrawn'],
  executed: [],
  withdrawn: [],
}

export const WARRANT_CLOSED = (status: WarrantStatus) =>
  status === 'executed'
    ? 'This warrant has already been executed: the return hearing was listed then'
    : 'This warrant has been withdrawn: it can no longer be executed or withdrawn'

export function warrantChangeRefusal(from: WarrantStatus, to: Exclude<WarrantStatus, 'open'>): string | null {
  return WARRANT_NEXT[from].includes(to) ? null : WARRANT_CLOSED(from)
}

/** The date a warrant was executed: on or after it was issued, and not in the future. */
export function executedOnRefusal(executedOn: string, issuedOn: string, today: string): string | null {
  if (executedOn > today) return 'The date the warrant was executed must be today or in the past'
  if (executedOn < issuedOn)
    return `The date the warrant was executed must be on or after ${formatDate(issuedOn)}, when it was issued`
  return null
}
