import { z } from 'zod'
import { ATTENDANCE_MODE_CODES, type AttendanceMode } from '../../data/accessNeedsRepository'
import { text } from '../validation'

// How the person attends each review hearing (issue 23). Sentencing Act 2020 Sch 9 para 21(2)(c): the
// person attends each review hearing; the court may direct that they take part by live video link
// (Criminal Justice Act 2003 s.51, as substituted by the Police, Crime, Sentencing and Courts Act 2022
// s.200), which the clerk records per hearing with the reason. A review without a hearing (para 21(3))
// has no one attending, so no attendance mode.

export const attendanceModeInput = z
  .object({
    mode: z.enum(ATTENDANCE_MODE_CODES, { error: 'Select how the person will attend: in_person or video' }),
    videoReference: z
      .string({ error: 'Video room or reference must be text' })
      .trim()
      .max(100, { error: 'Video room or reference must be 100 characters or fewer' })
      .nullable()
      .optional()
      .transform(v => (v && v.trim() ? v.trim() : null)),
    reason: text('the reason for the change', 500),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'video' && !v.videoReference)
      ctx.addIssue({
        code: 'custom',
        path: ['videoReference'],
        message: 'Enter the video room or reference the person joins',
      })
  })
  // In person, a video reference means nothing: it is not kept.
  .transform(v => ({ ...v, videoReference: v.mode === 'video' ? v.videoReference : null }))

export const interpreterInput = z.object({
  booked: z.boolean({ error: 'Say whether the interpreter is booked: booked true or false' }),
})

/** The state of a hearing that a change to how the person attends, or to its interpreter, depends on. */
export interface HearingState {
  mode: 'hearing' | 'paper'
  status: string
  startsAt: string | null
}

/** Statuses of a hearing still to come: listed, or waiting for a sitting. */
const TO_COME = ['scheduled', 'unlisted']

/** Why the way the person attends this hearing cannot be changed; null when it can. */
export function attendanceRefusal(h: HearingState): string | null {
  if (h.mode === 'paper')
    return 'A review without a hearing has no attendance mode: the person does not attend (Sentencing Act 2020 Sch 9 para 21(3))'
  if (!TO_COME.includes(h.status)) return 'Only a hearing still to come can change how the person attends it'
  return null
}

/** Why the interpreter's booking for this hearing cannot be recorded; null when it can. */
export function interpreterRefusal(h: HearingState, booked: boolean, needsInterpreter: boolean): string | null {
  if (h.mode === 'paper') return 'A review without a hearing needs no interpreter: the person does not attend'
  if (h.status !== 'scheduled' || !h.startsAt)
    return 'An interpreter can be booked only for a hearing listed in a sitting and still to come'
  if (booked && !needsInterpreter)
    return 'The person needs no interpreter: record the language in their access needs first'
  return null
}

/** Whether anything would change: the mode, or (by video) the room or reference. */
export const attendanceChanges = (
  now: { attendanceMode: AttendanceMode; videoReference: string | null },
  next: { mode: AttendanceMode; videoReference: string | null },
) => now.attendanceMode !== next.mode || (now.videoReference ?? null) !== (next.videoReference ?? null)
