import type { Raw } from './unitOfWork'
// The progress report's rows as the rest of the code holds them, and how they map to columns.

/** API.md "Enumerations": what an officer recommends to the court, the same words in pages, API and database. */
export const RECOMMENDATIONS = ['continue', 'paper_review', 'amend', 'breach_action'] as const
export type Recommendation = (typeof RECOMMENDATIONS)[number]

/** What a report says: its sections, as stored on the report and in each submitted version. */
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

/** One submission of a report, kept whole. */
export interface ReportVersion {
  versionNumber: number
  submittedAt: string
  submittedBy: string
  submittedByName: string | null
  late: boolean
  content: ReportContent
}

/** The report as the officer last saved it (a draft, or what was last submitted). */
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

/** What a save writes on the report row (besides its keys). */
export type ReportFields = Omit<Report, 'id' | 'reviewId' | 'authorId'>

export interface SubmittedReport {
  versionNumber: number
  submittedAt: string
  submittedByName: string | null
  late: boolean
  content: ReportContent
}

/** Where a review's progress report has got to: its status, when submitted, when due. */
export interface ReportState {
  status: string
  submittedAt: string | null
  dueAt: string | null
}

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

export const fieldColumns = (f: ReportFields) => ({
  ...contentColumns(f),
  due_at: f.dueAt,
  status: f.status,
  submitted_at: f.submittedAt,
  submitted_version: f.submittedVersion,
  updated_at: f.updatedAt,
})

export type { Raw }
