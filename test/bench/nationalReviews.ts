import { newId } from '../../server/utils/ids'
import type { BulkLoad } from './bulkLoad'
import type { Place } from './nationalReference'
import { CAPACITY, COMMENTS, PROGRESS, SLOT_MINUTES, addSeconds } from './nationalShared'

// The national data set's review tables (review, review_event, outcome, progress_report and its
// versions, provider_update): each requirement's monthly reviews, listed in the calendar, with the
// outcomes, reports and updates of those heard or near (buildNationalData in nationalData.ts).

export interface ReviewContext {
  today: string
  now: string
  clerkId: string
  startMs: (key: string) => number
  dueAt: (date: string) => string
  monthsOn: (key: string) => string
  updatesFrom: string
  reportsUpTo: string
}

/** One requirement, as its reviews need it. */
export interface ReviewedRequirement {
  calendar: Place[]
  requirementId: string
  madeOn: string
  endsOn: string
  created: string
  /** The requirement's place in its cohort, which varies statuses, progress and lateness. */
  j: number
  active: boolean
  officerId: string
  providerId: string
  workerId: string
}

/** Opens the review tables (after the requirement table) and answers a writer of one requirement's reviews. */
export function reviewTables(load: BulkLoad, opts: ReviewContext) {
  const { today, now, clerkId, startMs, dueAt, monthsOn, updatesFrom, reportsUpTo } = opts
  const review = load.table('review', [
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
    'calendar_starts_at',
    'created_at',
    'updated_at',
    'version',
  ])
  const event = load.table('review_event', ['review_id', 'at', 'user_id', 'action', 'to_sitting_id'])
  const outcome = load.table('outcome', [
    'id',
    'review_id',
    'attended',
    'progress',
    'decision',
    'bench_comments',
    'next_review_id',
    'recorded_by',
    'recorded_at',
    'updated_at',
    'version',
  ])
  const report = load.table('progress_report', [
    'id',
    'review_id',
    'author_id',
    'status',
    'due_at',
    'submitted_at',
    'submitted_version',
    'attendance',
    'appointments_offered',
    'appointments_kept',
    'engagement',
    'treatment',
    'testing',
    'recommendation',
    'created_at',
    'updated_at',
    'version',
  ])
  const reportVersion = load.table('progress_report_version', [
    'id',
    'report_id',
    'version_number',
    'submitted_at',
    'submitted_by',
    'late',
    'content',
  ])
  const update = load.table('provider_update', [
    'id',
    'review_id',
    'organisation_id',
    'author_id',
    'treatment_view',
    'engagement',
    'appointments_offered',
    'appointments_kept',
    'created_at',
    'updated_at',
    'version',
  ])

  /** Monthly reviews, each in the first sitting with a place at least a month after the one before. */
  function write(r: ReviewedRequirement): void {
    const { calendar, requirementId, madeOn, endsOn, created, j, active, officerId, providerId, workerId } = r
    const reviewIds = Array.from({ length: 11 }, () => newId())
    let previous = madeOn
    for (let k = 1; k <= 11; k += 1) {
      const id = reviewIds[k - 1]
      const target = monthsOn(`${madeOn} ${k}`)
      const afterPrevious = monthsOn(`${previous} 1`)
      const earliest = target > afterPrevious ? target : afterPrevious
      let lo = 0
      let hi = calendar.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (calendar[mid].date < earliest) lo = mid + 1
        else hi = mid
      }
      while (lo < calendar.length && calendar[lo].used >= CAPACITY) lo += 1
      const place = lo < calendar.length && calendar[lo].date <= endsOn ? calendar[lo] : null
      if (!place) {
        review.add(
          id,
          requirementId,
          k,
          target,
          'hearing',
          'unlisted',
          null,
          null,
          null,
          target,
          dueAt(target),
          null,
          created,
          created,
          1,
        )
        event.add(id, created, clerkId, 'planned', null)
        continue
      }
      previous = place.date
      const slot = place.used++
      if (k === 1) place.firsts += 1
      const startsAt = new Date(startMs(`${place.date} ${place.time}`) + slot * SLOT_MINUTES * 60000).toISOString()
      const past = place.date < today
      const status = past ? ((j + k) % 33 === 0 ? 'did_not_attend' : 'held') : 'scheduled'
      const due = dueAt(place.date)
      review.add(
        id,
        requirementId,
        k,
        target,
        'hearing',
        status,
        place.id,
        slot,
        startsAt,
        place.date,
        due,
        past ? null : startsAt,
        created,
        created,
        1,
      )
      event.add(id, created, clerkId, 'listed', place.id)
      const heardAt = `${place.date}T16:00:00.000Z`
      if (past)
        outcome.add(
          newId(),
          id,
          status === 'held',
          PROGRESS[(j + k) % PROGRESS.length],
          !active && k === 11 ? 'completed' : 'continue_hearing',
          COMMENTS[(j + k) % COMMENTS.length],
          k < 11 ? reviewIds[k] : null,
          clerkId,
          heardAt,
          heardAt,
          1,
        )
      // Reports for every review heard, and for most of those in the next fortnight (some still drafts).
      const wanted = past || (place.date <= reportsUpTo && (j + k) % 4 !== 0)
      if (wanted) {
        const submitted = past || (j + k) % 4 !== 1
        const late = (j + k) % 10 === 0
        const submittedAt = submitted ? (late ? heardAt.replace('T16', 'T09') : addSeconds(due, -86400)) : null
        const content = {
          attendance: 'Attended 6 of 8 appointments offered since the last review.',
          appointmentsOffered: 8,
          appointmentsKept: 6,
          engagement: 'Engaging with the key worker; open about setbacks.',
          treatment: 'Stable on a methadone script of 40ml daily.',
          testing: 'Mostly negative; one positive for cocaine.',
          newOffending: null,
          recommendation: 'continue',
          proposedAmendment: null,
        }
        const reportId = newId()
        report.add(
          reportId,
          id,
          officerId,
          submitted ? 'submitted' : 'draft',
          due,
          submittedAt,
          submitted ? 1 : 0,
          content.attendance,
          8,
          6,
          content.engagement,
          content.treatment,
          content.testing,
          'continue',
          created,
          submittedAt ?? now,
          1,
        )
        if (submittedAt) reportVersion.add(newId(), reportId, 1, submittedAt, officerId, late, JSON.stringify(content))
      }
      if (place.date >= updatesFrom && place.date <= reportsUpTo)
        update.add(
          newId(),
          id,
          providerId,
          workerId,
          'Attending groups twice a week; script reduced last month.',
          'Good',
          8,
          6,
          created,
          created,
          1,
        )
    }
  }

  return { write }
}
