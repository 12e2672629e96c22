import { z } from 'zod'
import { ValidationError, type FieldError } from '../../errors'
import { fieldErrors } from '../validation'
import { RECOMMENDATIONS, type ReportContent } from '../../data/reportRepository'

// The progress report's shape: what may be written, what a submission needs, and when two read the same.

export {
  RECOMMENDATIONS,
  type Recommendation,
  type Report,
  type ReportContent,
  type ReportVersion,
} from '../../data/reportRepository'

/** The most a section of the report may hold: the form's character count shows the same limit. */
export const REPORT_TEXT_MAX = 10000
/**
 * Characters as a person sees them, so an emoji is one, not two UTF-16 units, and a line break is one
 * (a form sends it as CR LF; the character count on the page counts it once).
 */
export const textLength = (s: string) => [...s.replace(/\r\n/g, '\n')].length
const freeText = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .refine(s => textLength(s) <= REPORT_TEXT_MAX, {
      error: `${label} must be ${REPORT_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`,
    })
    .optional()
    .nullable()
const count = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(0, { error: `${label} must be 0 or more` })
    .max(1000, { error: `${label} must be 1000 or fewer` })
    .optional()
    .nullable()

const REQUIRED_ON_SUBMIT = [
  ['attendance', 'Enter attendance and compliance since the last review'],
  ['engagement', 'Enter how they have engaged'],
  ['treatment', 'Enter progress in treatment'],
  ['testing', 'Enter a summary of drug testing'],
] as const

/**
 * A progress report (Sentencing Act 2020 Sch 9 para 21(2)(d)-(e)): a draft may be partial; a
 * submitted report needs every section and a recommendation. Text is stored exactly as written.
 */
export const reportInput = z
  .object({
    attendance: freeText('Attendance and compliance'),
    appointmentsOffered: count('Appointments offered'),
    appointmentsKept: count('Appointments kept'),
    engagement: freeText('Engagement'),
    treatment: freeText('Treatment'),
    testing: freeText('Drug testing'),
    newOffending: freeText('New offending'),
    recommendation: z.enum(RECOMMENDATIONS, { error: 'Choose a recommendation' }).optional().nullable(),
    proposedAmendment: freeText('Proposed amendment'),
    submit: z.boolean({ error: 'Say whether to submit the report (true or false)' }),
  })
  .superRefine((r, ctx) => {
    for (const issue of submitIssues(r)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message })
  })
const blank = (v: unknown) => typeof v !== 'string' || v.trim() === ''

/** The rules across fields, read from the input as sent, so they are reported alongside any malformed field. */
function submitIssues(r: Record<string, unknown>): FieldError[] {
  const out: FieldError[] = []
  if (r.submit === true) {
    for (const [field, message] of REQUIRED_ON_SUBMIT) if (blank(r[field])) out.push({ field, message })
    if (!r.recommendation) out.push({ field: 'recommendation', message: 'Choose a recommendation' })
    if (r.recommendation === 'amend' && blank(r.proposedAmendment))
      out.push({ field: 'proposedAmendment', message: 'Enter the change to the order you propose' })
  }
  const { appointmentsOffered: offered, appointmentsKept: kept } = r
  if (typeof offered === 'number' && typeof kept === 'number' && kept > offered)
    out.push({ field: 'appointmentsKept', message: 'Appointments kept cannot be more than appointments offered' })
  return out
}

/** Validate a report: every bad field named at once, the malformed and the missing alike. */
export function parseReport(raw: unknown): ReportInput {
  const result = reportInput.safeParse(raw)
  if (result.success) return result.data
  const errors = fieldErrors(result.error)
  const record = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
  for (const issue of submitIssues(record)) if (!errors.some(e => e.field === issue.field)) errors.push(issue)
  throw new ValidationError(errors)
}

export type ReportInput = z.infer<typeof reportInput>

const CONTENT_KEYS: (keyof ReportContent)[] = [
  'attendance',
  'appointmentsOffered',
  'appointmentsKept',
  'engagement',
  'treatment',
  'testing',
  'newOffending',
  'recommendation',
  'proposedAmendment',
]
/** Whether two reports say the same: every section equal, a blank and a missing one alike. */
export const sameContent = (a: ReportContent, b: ReportContent) =>
  CONTENT_KEYS.every(k => (a[k] ?? null) === (b[k] ?? null))

const firstNumber = (values: (number | null)[]) => values.find(v => v !== null) ?? null

/**
 * What a save stores: the sections as the officer wrote them, with the appointment counts taken
 * from the provider's updates (the first that gives one) where the officer leaves them blank.
 */
export function contentToStore(
  input: ReportInput,
  providerViews: { appointmentsOffered: number | null; appointmentsKept: number | null }[],
): ReportContent {
  return {
    attendance: input.attendance ?? null,
    appointmentsOffered: input.appointmentsOffered ?? firstNumber(providerViews.map(p => p.appointmentsOffered)),
    appointmentsKept: input.appointmentsKept ?? firstNumber(providerViews.map(p => p.appointmentsKept)),
    engagement: input.engagement ?? null,
    treatment: input.treatment ?? null,
    testing: input.testing ?? null,
    newOffending: input.newOffending ?? null,
    recommendation: input.recommendation ?? null,
    proposedAmendment: input.recommendation === 'amend' ? (input.proposedAmendment ?? null) : null,
  }
}
