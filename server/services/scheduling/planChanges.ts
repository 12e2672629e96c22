import type { ReviewRow } from '../../data/reviewRepository'
import { formatDate, formatShortDate, localDateOf } from '../../utils/dates'

/** A later review whose date or report deadline a re-plan changed. */
export interface PlanChange {
  reviewId: string
  sequence: number
  before: Pick<ReviewRow, 'reviewDate' | 'reportDueAt' | 'status' | 'sittingId'> | null
  after: Pick<ReviewRow, 'reviewDate' | 'reportDueAt' | 'status' | 'sittingId'>
}

const OPEN = new Set(['scheduled', 'unlisted'])
const fields = (r: ReviewRow) => ({
  reviewDate: r.reviewDate,
  reportDueAt: r.reportDueAt,
  status: r.status,
  sittingId: r.sittingId,
})

/**
 * What a re-plan did to a requirement's other reviews, from its reviews before and after a change:
 * each open review (or one that was open) whose date, sitting, status or report deadline moved, in
 * sequence order. The review the clerk changed (`except`) is left out: the confirmation names it.
 */
export function planChanges(before: ReviewRow[], after: ReviewRow[], except: string[] = []): PlanChange[] {
  const was = new Map(before.map(r => [r.id, r]))
  const out: PlanChange[] = []
  for (const r of after) {
    if (except.includes(r.id)) continue
    const old = was.get(r.id)
    if (!old && !OPEN.has(r.status)) continue
    if (old && !OPEN.has(old.status)) continue
    if (
      old &&
      old.reviewDate === r.reviewDate &&
      old.reportDueAt === r.reportDueAt &&
      old.status === r.status &&
      old.sittingId === r.sittingId
    )
      continue
    out.push({ reviewId: r.id, sequence: r.sequence, before: old ? fields(old) : null, after: fields(r) })
  }
  return out.sort((a, b) => a.sequence - b.sequence)
}

const when = (r: PlanChange['after']) =>
  r.status === 'unlisted' ? `needs listing (due ${formatDate(r.reviewDate)})` : formatDate(r.reviewDate)
const due = (r: PlanChange['after']) => (r.reportDueAt ? formatShortDate(localDateOf(r.reportDueAt)) : 'none')

/** Each change as a line a clerk reads: "Review 3: Tuesday 9 March 2027 → Tuesday 16 March 2027 (report due 4 Mar → 11 Mar)". */
export function describeChanges(changes: PlanChange[]): string[] {
  return changes.map(c => {
    if (c.after.status === 'vacated') return `Review ${c.sequence}: ${when(c.before ?? c.after)} → no longer needed`
    if (!c.before) return `Review ${c.sequence}: new, ${when(c.after)} (report due ${due(c.after)})`
    const report =
      c.before.reportDueAt !== c.after.reportDueAt ? ` (report due ${due(c.before)} → ${due(c.after)})` : ''
    return `Review ${c.sequence}: ${when(c.before)} → ${when(c.after)}${report}`
  })
}
