import type { OutcomeRow } from '../../services/hearing/outcomeService'
import { DECISIONS } from '../../services/hearing/outcomeService'
import { asArray, str } from '../forms'
import { DECISIONS as DECISION_WORDS, PROGRESS as PROGRESS_WORDS } from '../../content/labels'

export const PROGRESS_TEXT = PROGRESS_WORDS

export const DECISION_TEXT = DECISION_WORDS

/** The decisions a review without a hearing can end in (Sentencing Act 2020 Sch 9 para 22(7)). */
export const PAPER_DECISIONS: (typeof DECISIONS)[number][] = ['continue_paper', 'require_attendance', 'completed']

/**
 * The form's fields as the service reads them: radios and a checkbox become booleans, blanks stay
 * missing. On a review without a hearing no one attends, so the form does not ask.
 */
export function parseOutcomeForm(body: Record<string, unknown>, paper: boolean, askedWhoSat: boolean) {
  const attended = paper ? 'no' : str(body.attended)
  const values = {
    attended,
    benchUserIds: asArray(body.benchUserIds),
    progress: str(body.progress),
    decision: str(body.decision),
    benchComments: str(body.benchComments),
    amendment: str(body.amendment),
    consentToAmendment: asArray(body.consentToAmendment),
    reason: str(body.reason),
    attendSittingId: str(body.attendSittingId),
    statementResponse: str(body.statementResponse),
  }
  const input = {
    attended: attended === 'yes' ? true : attended === 'no' ? false : undefined,
    progress: values.progress || undefined,
    decision: values.decision || undefined,
    benchComments: values.benchComments || null,
    amendment: values.amendment || null,
    consentToAmendment: values.consentToAmendment.includes('yes'),
    // The hearing the person must attend after a review without a hearing (Sch 9 para 22(7)).
    attendSittingId: paper && values.decision === 'require_attendance' ? values.attendSittingId || null : null,
    // Who sat, as ticked (the form starts with the rostered bench ticked); none ticked means the roster.
    benchUserIds: askedWhoSat && values.benchUserIds.length ? values.benchUserIds : undefined,
    // The bench's response to the person's own words (shown only when they gave some).
    statementResponse: values.statementResponse.trim() || null,
  }
  return { input, values }
}

export const valuesOf = (o: OutcomeRow) => ({
  attended: o.attended ? 'yes' : 'no',
  benchUserIds: o.benchUserIds,
  progress: o.progress,
  decision: o.decision,
  benchComments: o.benchComments ?? '',
  amendment: o.amendment ?? '',
  consentToAmendment: o.consentToAmendment ? ['yes'] : [],
  reason: '',
})
