import type { FieldError } from '../../errors'
import { formatDate } from '../../utils/dates'
import type { Decision, Progress } from '../../data/outcomeRepository'

/**
 * What a court may decide at a review, from Sentencing Act 2020 Sch 9 paras 21-22: pure, so every
 * combination is tested in a table. The same rules serve the clerk's outcome (page and API), its
 * correction, and the single justice's or judge's decision on the papers.
 */

export { PROGRESS, DECISIONS, type Progress, type Decision } from '../../data/outcomeRepository'
export type ReviewMode = 'hearing' | 'paper'

export interface OutcomeFacts {
  decision: Decision
  attended: boolean
  progress: Progress
  consentToAmendment?: boolean | null
  /** The review being decided: at a review hearing, or without a hearing (on the papers). */
  reviewMode: ReviewMode
  /** The hearing's date (a paper review's: the date it is due to be decided). */
  reviewDate: string
  /** Today in Europe/London. */
  today: string
}

export const NOT_YET_MESSAGE = (date: string) =>
  `The outcome of this review can be recorded from ${formatDate(date)}, the day it is heard: nothing has happened yet`
export const PAPER_NEEDS_SATISFACTORY_HEARING =
  'The court can only move to reviews without a hearing when the person attended and their progress is satisfactory (Sentencing Act 2020 Sch 9 para 22(6))'
export const AMEND_NEEDS_PERSON =
  'The requirement can only be amended at a hearing the person attends, where they express willingness to comply with it as amended (Sentencing Act 2020 Sch 9 para 22(3)(a))'
export const CONSENT_MESSAGE =
  'An amendment needs the person to express willingness to comply with the requirement as amended (Sentencing Act 2020 Sch 9 para 22(3)(a)); if they will not, the court may revoke the order and re-sentence (para 22(4))'
export const ATTENDANCE_ONLY_ON_PAPER =
  'A direction to attend a hearing is made at a review without a hearing (Sentencing Act 2020 Sch 9 para 22(7)); at a review hearing choose another decision'
export const NO_ONE_ATTENDS_PAPER =
  'No one attends a review without a hearing: record that the person did not attend (Sentencing Act 2020 Sch 9 para 22(6))'
export const PAPER_DECISIONS_ONLY =
  'At a review without a hearing the court can keep the reviews on paper, require the person to attend a hearing, or record that the requirement is completed; anything else needs a hearing (Sentencing Act 2020 Sch 9 para 22(7)-(8))'
export const PAPER_STAYS_ONLY_IF_SATISFACTORY =
  'Reviews stay without a hearing only while progress is satisfactory; when it is not, require the person to attend a hearing (Sentencing Act 2020 Sch 9 para 22(7))'
export const ATTEND_ONLY_IF_NOT_SATISFACTORY =
  'The court requires attendance at a hearing after a review without a hearing when progress is no longer satisfactory: record progress as poor (Sentencing Act 2020 Sch 9 para 22(7))'

const SATISFACTORY: readonly Progress[] = ['good', 'satisfactory']
const ON_PAPER: readonly Decision[] = ['continue_paper', 'require_attendance', 'completed']

/** Every rule the facts break, each naming its field; an empty list means the outcome is lawful. */
export function outcomeRefusals(f: OutcomeFacts): FieldError[] {
  // Nothing can be decided before the hearing: the later reviews would be re-planned on a guess.
  if (f.reviewDate > f.today) return [{ field: 'reviewDate', message: NOT_YET_MESSAGE(f.reviewDate) }]
  return f.reviewMode === 'paper' ? onPaper(f) : atHearing(f)
}

function atHearing(f: OutcomeFacts): FieldError[] {
  const out: FieldError[] = []
  if (f.decision === 'continue_paper') {
    // Para 22(6): at a review hearing, progress satisfactory, later reviews may be made without a hearing.
    // In the order the form asks: attended, progress, then the decision the rule refuses.
    if (!f.attended || !SATISFACTORY.includes(f.progress)) {
      if (!f.attended) out.push({ field: 'attended', message: 'The person did not attend this hearing' })
      if (!SATISFACTORY.includes(f.progress)) out.push({ field: 'progress', message: 'Progress was recorded as poor' })
      out.push({ field: 'decision', message: PAPER_NEEDS_SATISFACTORY_HEARING })
    }
  } else if (f.decision === 'amend') {
    // Para 22(2)-(3)(a): amended at a review hearing, only if the person expresses willingness to comply.
    if (!f.attended) {
      out.push({ field: 'attended', message: 'The person did not attend this hearing' })
      out.push({ field: 'decision', message: AMEND_NEEDS_PERSON })
    } else if (f.consentToAmendment !== true) out.push({ field: 'consentToAmendment', message: CONSENT_MESSAGE })
  } else if (f.decision === 'require_attendance') {
    out.push({ field: 'decision', message: ATTENDANCE_ONLY_ON_PAPER })
  }
  return out
}

function onPaper(f: OutcomeFacts): FieldError[] {
  const out: FieldError[] = []
  if (!ON_PAPER.includes(f.decision)) out.push({ field: 'decision', message: PAPER_DECISIONS_ONLY })
  if (f.attended) out.push({ field: 'attended', message: NO_ONE_ATTENDS_PAPER })
  if ((f.decision === 'continue_paper' || f.decision === 'completed') && !SATISFACTORY.includes(f.progress))
    out.push({ field: 'progress', message: PAPER_STAYS_ONLY_IF_SATISFACTORY })
  if (f.decision === 'require_attendance' && f.progress !== 'poor')
    out.push({ field: 'progress', message: ATTEND_ONLY_IF_NOT_SATISFACTORY })
  return out
}

/** The review mode later reviews take after each decision; null where the decision ends the requirement. */
export const MODE_AFTER: Record<Decision, ReviewMode | null> = {
  continue_hearing: 'hearing',
  // Para 22(6).
  continue_paper: 'paper',
  amend: 'hearing',
  // Para 22(8)(b): after the hearing the person must attend, later reviews are at hearings again.
  require_attendance: 'hearing',
  // Sch 10 para 1: the review court deals with the breach; the order goes on meanwhile.
  breach_referral: 'hearing',
  completed: null,
  revoked: null,
}

/** The decisions that end the requirement, and the status they give it. */
export const CLOSES: Partial<Record<Decision, 'completed' | 'revoked'>> = {
  completed: 'completed',
  revoked: 'revoked',
}
