// A review's row: its fields, the columns read, and the mapping both ways (reviewRepository.ts).
import type { Raw } from './unitOfWork'

export type ReviewStatus = 'scheduled' | 'unlisted' | 'held' | 'adjourned' | 'vacated' | 'did_not_attend'
export type ReviewMode = 'hearing' | 'paper'
/** Reviews still to happen: the ones planning may move. */
export const OPEN_STATUSES: ReviewStatus[] = ['scheduled', 'unlisted']

/** What a court list needs of a case's other reviews: which came before, and which still count. */
export interface ReviewHistoryRow {
  id: string
  requirementId: string
  sequence: number
  status: ReviewStatus
  sittingId: string | null
}

export interface ReviewRow {
  id: string
  requirementId: string
  sequence: number
  targetDate: string
  mode: ReviewMode
  status: ReviewStatus
  sittingId: string | null
  slotIndex: number | null
  startsAt: string | null
  reviewDate: string
  reportDueAt: string | null
  lastSittingId: string | null
  version: number
  createdAt: string
}

export interface ReviewEventRow {
  id: number
  reviewId: string
  at: string
  userId: string | null
  userName: string | null
  action: string
  fromSittingId: string | null
  toSittingId: string | null
  fromSlotIndex: number | null
  fromStatus: string | null
  reason: string | null
}

/**
 * The columns `toReview` reads, and all a review read selects: the sqlite3 driver builds a JS value
 * for every column a row carries, and on a court list or a pack (hundreds of earlier reviews) the
 * eight columns nothing here reads (calendar and attendance details, updated_at) were a third of them.
 */
export const REVIEW_COLUMNS = [
  'id',
  'requirement_id',
  'sequence',
  'target_date',
  'mode',
  'status',
  'sitting_id',
  'slot_index',
  'starts_at',
  'review_date',
  'report_due_at',
  'last_sitting_id',
  'version',
  'created_at',
] as const

export const toReview = (r: Raw): ReviewRow => ({
  id: r.id as string,
  requirementId: r.requirement_id as string,
  sequence: Number(r.sequence),
  targetDate: r.target_date as string,
  mode: r.mode as ReviewMode,
  status: r.status as ReviewStatus,
  sittingId: (r.sitting_id as string) ?? null,
  slotIndex: r.slot_index === null || r.slot_index === undefined ? null : Number(r.slot_index),
  startsAt: (r.starts_at as string) ?? null,
  reviewDate: r.review_date as string,
  reportDueAt: (r.report_due_at as string) ?? null,
  lastSittingId: (r.last_sitting_id as string) ?? null,
  version: Number(r.version),
  createdAt: r.created_at as string,
})

/** A review's fields as the table's columns, for an insert or update. */
export const columns = (r: Partial<ReviewRow>) => {
  const out: Raw = {}
  if (r.requirementId !== undefined) out.requirement_id = r.requirementId
  if (r.sequence !== undefined) out.sequence = r.sequence
  if (r.targetDate !== undefined) out.target_date = r.targetDate
  if (r.mode !== undefined) out.mode = r.mode
  if (r.status !== undefined) out.status = r.status
  if (r.sittingId !== undefined) out.sitting_id = r.sittingId
  if (r.slotIndex !== undefined) out.slot_index = r.slotIndex
  if (r.startsAt !== undefined) out.starts_at = r.startsAt
  if (r.reviewDate !== undefined) out.review_date = r.reviewDate
  if (r.reportDueAt !== undefined) out.report_due_at = r.reportDueAt
  if (r.lastSittingId !== undefined) out.last_sitting_id = r.lastSittingId
  return out
}
