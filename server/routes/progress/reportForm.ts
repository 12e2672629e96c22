import { num, str } from '../forms'

export { REPORT_TEXT_MAX } from '../../services/progress/reportContent'

export const REPORT_TEXT_FIELDS = [
  'attendance',
  'engagement',
  'treatment',
  'testing',
  'newOffending',
  'proposedAmendment',
] as const

/**
 * The report form as typed: text exactly as written (never trimmed, so it is stored whole), counts
 * as numbers (a blank is left for the provider's figure), and which button was pressed.
 */
export function parseReportForm(body: Record<string, unknown>) {
  const values: Record<string, string> = {}
  for (const field of [...REPORT_TEXT_FIELDS, 'recommendation', 'appointmentsOffered', 'appointmentsKept'])
    values[field] = str(body[field])
  const input = {
    attendance: values.attendance,
    engagement: values.engagement,
    treatment: values.treatment,
    testing: values.testing,
    newOffending: values.newOffending || null,
    recommendation: values.recommendation || null,
    proposedAmendment: values.proposedAmendment || null,
    appointmentsOffered: num(body.appointmentsOffered) ?? null,
    appointmentsKept: num(body.appointmentsKept) ?? null,
    submit: body.action === 'submit',
  }
  return { input, values }
}
