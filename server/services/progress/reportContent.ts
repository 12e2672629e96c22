import { z } from 'zod'
import { ValidationError, type FieldError } from '../../errors'
import { fieldErrors } from '../validation'

// The progress report's shape: what may be written, what a submission needs, and its rows.

export const RECOMMENDATIONS = ['continue', 'paper_review', 'amend', 'breach_action'] as const
export type Recommendation = (typeof RECOMMENDATIONS)[number]

const MAX_TEXT = 10000
// Counted in characters as a person sees them, so an emoji is one, not two UTF-16 units.
const freeText = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .refine(s => [...s].length <= MAX_TEXT, { error: `${label} must be ${MAX_TEXT} characters or fewer` })
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

export interface ReportContent {
  attendance: string | null
  appointmentsOffered: number | null
  appointmentsKept: number | null
  engagement: string | null
  treatment: string | null
  testing: string | null
  newOffending: string | null
  recommendation: Recommendation | null
  proposedAmendment: string | null
}

export interface ReportVersion {
  versionNumber: number
  submittedAt: string
  submittedBy: string
  submittedByName: string | null
  late: boolean
  content: ReportContent
}

export interface Report extends ReportContent {
  id: string
  reviewId: string
  authorId: string
  status: 'draft' | 'submitted'
  dueAt: string | null
  /** The first submission: when the court first had the report. */
  submittedAt: string | null
  submittedVersion: number
  updatedAt: string
}

export type Raw = Record<string, unknown>
export const s = (v: unknown) => (v === null || v === undefined ? null : String(v))
export const n = (v: unknown) => (v === null || v === undefined ? null : Number(v))

export const toContent = (r: Raw): ReportContent => ({
  attendance: s(r.attendance),
  appointmentsOffered: n(r.appointments_offered),
  appointmentsKept: n(r.appointments_kept),
  engagement: s(r.engagement),
  treatment: s(r.treatment),
  testing: s(r.testing),
  newOffending: s(r.new_offending),
  recommendation: s(r.recommendation) as Recommendation | null,
  proposedAmendment: s(r.proposed_amendment),
})

export const toReport = (r: Raw): Report => ({
  ...toContent(r),
  id: String(r.id),
  reviewId: String(r.review_id),
  authorId: String(r.author_id),
  status: r.status as 'draft' | 'submitted',
  dueAt: s(r.due_at),
  submittedAt: s(r.submitted_at),
  submittedVersion: Number(r.submitted_version),
  updatedAt: String(r.updated_at),
})

export const contentColumns = (c: ReportContent) => ({
  attendance: c.attendance,
  appointments_offered: c.appointmentsOffered,
  appointments_kept: c.appointmentsKept,
  engagement: c.engagement,
  treatment: c.treatment,
  testing: c.testing,
  new_offending: c.newOffending,
  recommendation: c.recommendation,
  proposed_amendment: c.recommendation === 'amend' ? c.proposedAmendment : null,
})

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
export const sameContent = (a: ReportContent, b: ReportContent) =>
  CONTENT_KEYS.every(k => (a[k] ?? null) === (b[k] ?? null))
