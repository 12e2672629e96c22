import type { Knex } from 'knex'
import { z } from 'zod'
import type { HearingDeps } from './deps'
import type { CurrentUser } from '../../roles'
import { OPEN_STATUSES, type ReviewRow } from '../../data/reviewRepository'
import type { SittingRow } from '../../data/sittingRepository'
import type { ReportContent } from '../progress/reportContent'
import { ConflictError, NotFoundError } from '../../errors'
import { isUniqueViolation } from '../../db/createDb'
import { newId } from '../../utils/ids'
import { addCalendarMonths, addDays, todayIn } from '../../utils/dates'
import { parse } from '../validation'

/** How far ahead a single justice or judge sees paper reviews coming. */
export const PAPER_QUEUE_DAYS = 14
export const MY_SITTINGS_MONTHS = 3
export const NOTE_MAX = 5000
const REASON_MAX = 2000

const REQUIRED_REASON = 'Enter why progress is not satisfactory'

export const decisionInput = z
  .object({
    satisfactory: z.boolean({ error: 'Choose whether progress is satisfactory' }),
    reason: z
      .string()
      .trim()
      .max(REASON_MAX, { error: `The reason must be ${REASON_MAX} characters or fewer` })
      .optional()
      .nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.satisfactory === false && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: REQUIRED_REASON })
  })

export type DecisionInput = z.infer<typeof decisionInput>

const noteInput = z.object({
  text: z
    .string({ error: 'Enter the note' })
    .trim()
    .min(1, { error: 'Enter the note' })
    .max(NOTE_MAX, { error: `The note must be ${NOTE_MAX} characters or fewer` }),
})

export interface SubmittedReport {
  versionNumber: number
  submittedAt: string
  submittedByName: string | null
  late: boolean
  content: ReportContent
}

export interface PaperReviewItem {
  reviewId: string
  sequence: number
  reviewDate: string
  reportDueAt: string | null
  version: number
  personId: string
  personName: string
  crn: string
  courtId: string
  courtName: string
  requirementId: string
  requirementKind: string
  requirementEndsOn: string
  report: SubmittedReport | null
}

export interface PaperDecision {
  satisfactory: boolean
  /**
   * The next review: the one the person must attend when not satisfactory (null when the requirement
   * ends before another review can be held), or the next paper review.
   */
  nextReview: ReviewRow | null
  sitting: SittingRow | null
}

export interface BenchNote {
  id: string
  at: string
  text: string
  authorName: string | null
  reviewId: string | null
  reviewSequence: number | null
  reviewDate: string | null
}

type Raw = Record<string, unknown>

// Paper reviews are decided by a single justice or judge of the court; bench notes are private to
// sentencers, and every other role is refused at the route as well as here.
export function createBenchService(deps: HearingDeps) {
  const { db, clock, audit, reviews, sittings, reference, booking, cases } = deps
  const now = () => clock.now().toISOString()

  const onlySentencers = (user: CurrentUser) => {
    if (user.role !== 'sentencer') throw new NotFoundError('Review not found')
  }

  /** The latest submitted version of each review's progress report (what the court has had). */
  async function submittedReports(reviewIds: string[], trx: Knex = db): Promise<Map<string, SubmittedReport>> {
    const out = new Map<string, SubmittedReport>()
    if (reviewIds.length === 0) return out
    const rows = (await trx('progress_report as r')
      .join('progress_report_version as v', 'v.report_id', 'r.id')
      .leftJoin('app_user as u', 'u.id', 'v.submitted_by')
      .whereIn('r.review_id', reviewIds)
      .orderBy('v.version_number')
      .select(
        'r.review_id',
        'v.version_number',
        'v.submitted_at',
        'v.late',
        'v.content',
        'u.name as submitted_by_name',
      )) as Raw[]
    for (const r of rows)
      out.set(String(r.review_id), {
        versionNumber: Number(r.version_number),
        submittedAt: String(r.submitted_at),
        submittedByName: (r.submitted_by_name as string) ?? null,
        late: Boolean(r.late),
        content: JSON.parse(String(r.content)) as ReportContent,
      })
    return out
  }

  /** Paper reviews of the sentencer's courts, with person and court; one review when `reviewId` is given. */
  async function paperReviews(user: CurrentUser, opts: { reviewId?: string; until?: string }, trx: Knex = db) {
    if (user.courtIds.length === 0) return []
    const q = trx('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .join('person as p', 'p.id', 'o.person_id')
      .join('court as c', 'c.id', 'o.court_id')
      .whereIn('o.court_id', user.courtIds)
      .where('r.mode', 'paper')
      .orderBy([{ column: 'r.review_date' }, { column: 'p.name' }])
      .select(
        'r.*',
        'p.id as person_id',
        'p.name as person_name',
        'p.crn',
        'o.court_id',
        'c.name as court_name',
        'q.kind as requirement_kind',
        'q.ends_on as requirement_ends_on',
        'q.status as requirement_status',
      )
    if (opts.reviewId) q.where('r.id', opts.reviewId)
    else
      q.where('r.status', 'scheduled')
        .where('q.status', 'active')
        .where('r.review_date', '<=', opts.until!)
        .whereNotExists(trx('outcome').whereRaw('outcome.review_id = r.id'))
    const rows = (await q) as Raw[]
    const reports = await submittedReports(
      rows.map(r => String(r.id)),
      trx,
    )
    return rows.map(r => ({
      review: {
        id: String(r.id),
        status: String(r.status),
        version: Number(r.version),
        requirementId: String(r.requirement_id),
        requirementActive: r.requirement_status === 'active',
      },
      item: {
        reviewId: String(r.id),
        sequence: Number(r.sequence),
        reviewDate: String(r.review_date),
        reportDueAt: (r.report_due_at as string) ?? null,
        version: Number(r.version),
        personId: String(r.person_id),
        personName: String(r.person_name),
        crn: String(r.crn),
        courtId: String(r.court_id),
        courtName: String(r.court_name),
        requirementId: String(r.requirement_id),
        requirementKind: String(r.requirement_kind),
        requirementEndsOn: String(r.requirement_ends_on),
        report: reports.get(String(r.id)) ?? null,
      } satisfies PaperReviewItem,
    }))
  }

  async function outcomeOf(reviewId: string, trx: Knex = db) {
    const o = await trx('outcome as o')
      .leftJoin('app_user as u', 'u.id', 'o.recorded_by')
      .where('o.review_id', reviewId)
      .first('o.*', 'u.name as recorded_by_name')
    return o
      ? {
          progress: String(o.progress),
          decision: String(o.decision),
          benchComments: (o.bench_comments as string) ?? null,
          recordedAt: String(o.recorded_at),
          recordedByName: (o.recorded_by_name as string) ?? null,
        }
      : null
  }

  /** One paper review of the sentencer's courts, or 404. */
  async function paperReviewFor(user: CurrentUser, reviewId: string, trx: Knex = db) {
    onlySentencers(user)
    const [found] = await paperReviews(user, { reviewId }, trx)
    if (!found) throw new NotFoundError('Review not found')
    return found
  }

  /** The review a bench note is about, if this sentencer may read and write its notes; else 404. */
  async function noteAccess(user: CurrentUser, reviewId: string) {
    onlySentencers(user)
    const review = await reviews.find(reviewId)
    const requirement = review ? await cases.requirement(review.requirementId) : null
    const order = requirement ? await cases.order(requirement.orderId) : null
    if (!review || !requirement || !order) throw new NotFoundError('Review not found')
    const sittingId = review.sittingId ?? review.lastSittingId
    const allowed = sittingId
      ? await sittings.isOnBench(sittingId, user.id)
      : review.mode === 'paper' && user.courtIds.includes(order.courtId)
    if (!allowed) throw new NotFoundError('Review not found')
    const person = await cases.person(order.personId, { kind: 'all' })
    if (!person) throw new NotFoundError('Review not found')
    return { review, person, courtId: order.courtId }
  }

  return {
    /** Upcoming sittings (today to three months ahead) the sentencer sits on, with their courts. */
    async mySittings(user: CurrentUser) {
      if (user.role !== 'sentencer') return []
      const today = todayIn(clock)
      const rows = await sittings.forBenchMember(user.id, today, addCalendarMonths(today, MY_SITTINGS_MONTHS))
      const courts = new Map((await reference.courts()).map(c => [c.id, c.name]))
      return rows.map(s => ({ sitting: s, courtName: courts.get(s.courtId) ?? '' }))
    },

    /** Paper reviews due within two weeks (or overdue) in the sentencer's courts, with their reports. */
    async paperQueue(user: CurrentUser): Promise<PaperReviewItem[]> {
      if (user.role !== 'sentencer') return []
      const until = addDays(todayIn(clock), PAPER_QUEUE_DAYS)
      return (await paperReviews(user, { until })).map(r => r.item)
    },

    /** One paper review to decide, with its report and any decision already made. Audited. */
    async paperReview(user: CurrentUser, reviewId: string) {
      const found = await paperReviewFor(user, reviewId)
      const outcome = await outcomeOf(reviewId)
      await audit.record(
        { userId: user.id, action: 'view_paper_review', subjectType: 'review', subjectId: reviewId },
        now(),
      )
      return {
        ...found.item,
        status: found.review.status,
        outcome,
        decidable: !outcome && found.review.status === 'scheduled' && found.review.requirementActive,
      }
    },

    /**
     * The single justice or judge decides a paper review. Satisfactory: held, stays on paper. Not
     * satisfactory: the person must attend, so the requirement goes to hearings, the next review is
     * listed at the next suitable sitting (or waits on "needs listing"), and the officer is told.
     */
    async decidePaper(user: CurrentUser, reviewId: string, input: unknown): Promise<PaperDecision> {
      await paperReviewFor(user, reviewId)
      const data = parse(decisionInput, input)
      const decided = 'This paper review has already been decided.'
      try {
        return await booking.withRetry(async trx => {
          const found = await paperReviewFor(user, reviewId, trx)
          if (found.review.status !== 'scheduled' || (await outcomeOf(reviewId, trx))) throw new ConflictError(decided)
          if (!found.review.requirementActive)
            throw new ConflictError('The requirement has ended, so this paper review can no longer be decided.')
          const review = (await reviews.find(reviewId, trx))!
          const at = now()
          const outcomeId = newId()
          // The outcome first: its unique key refuses a second decision made at the same moment.
          await trx('outcome').insert({
            id: outcomeId,
            review_id: reviewId,
            attended: false,
            progress: data.satisfactory ? 'satisfactory' : 'poor',
            decision: data.satisfactory ? 'continue_paper' : 'require_attendance',
            bench_comments: data.reason || null,
            recorded_by: user.id,
            recorded_at: at,
            updated_at: at,
            version: 1,
          })
          if (!(await reviews.update(review.id, review.version, { status: 'held' }, at, trx)))
            throw new ConflictError(decided)
          await reviews.recordEvent(
            {
              reviewId,
              at,
              userId: user.id,
              action: 'held',
              fromSittingId: null,
              toSittingId: null,
              fromSlotIndex: null,
              fromStatus: review.status,
              reason: data.satisfactory ? 'Paper review: satisfactory' : 'Paper review: must attend a hearing',
            },
            trx,
          )
          let result: PaperDecision
          if (data.satisfactory) {
            const next = (await reviews.forRequirement(review.requirementId, trx)).find(
              r => r.sequence > review.sequence && OPEN_STATUSES.includes(r.status),
            )
            result = { satisfactory: true, nextReview: next ?? null, sitting: null }
          } else {
            await cases.updateRequirementReviewing(review.requirementId, { reviewMode: 'hearing' }, at, trx)
            const listed = await booking.requireAttendance(trx, reviewId, user.id)
            result = { satisfactory: false, nextReview: listed.review, sitting: listed.sitting }
            const requirement = (await cases.requirement(review.requirementId, trx))!
            // Email comes later: for now the notice to the responsible officer is recorded.
            await audit.record(
              {
                userId: user.id,
                action: 'notify_officer',
                subjectType: 'review',
                subjectId: reviewId,
                detail: {
                  officerId: requirement.responsibleOfficerId,
                  reason: 'attendance_required',
                  nextReviewId: listed.review?.id ?? null,
                  sittingId: listed.sitting?.id ?? null,
                },
              },
              at,
              trx,
            )
          }
          if (result.nextReview)
            await trx('outcome').where({ id: outcomeId }).update({ next_review_id: result.nextReview.id })
          await audit.record(
            {
              userId: user.id,
              action: 'decide_paper_review',
              subjectType: 'review',
              subjectId: reviewId,
              detail: { satisfactory: data.satisfactory },
            },
            at,
            trx,
          )
          return result
        }, decided)
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(decided)
        throw err
      }
    },

    /** The case's private bench notes, newest first: readable by the bench of the review only. Audited. */
    async notes(user: CurrentUser, reviewId: string) {
      const { review, person } = await noteAccess(user, reviewId)
      const rows = (await db('bench_note as n')
        .leftJoin('app_user as u', 'u.id', 'n.author_id')
        .leftJoin('review as r', 'r.id', 'n.review_id')
        .where('n.person_id', person.id)
        .orderBy([
          { column: 'n.at', order: 'desc' },
          { column: 'n.id', order: 'desc' },
        ])
        .select('n.*', 'u.name as author_name', 'r.sequence', 'r.review_date')) as Raw[]
      await audit.record(
        { userId: user.id, action: 'view_bench_notes', subjectType: 'review', subjectId: reviewId },
        now(),
      )
      const notes: BenchNote[] = rows.map(r => ({
        id: String(r.id),
        at: String(r.at),
        text: String(r.text),
        authorName: (r.author_name as string) ?? null,
        reviewId: (r.review_id as string) ?? null,
        reviewSequence: r.sequence === null || r.sequence === undefined ? null : Number(r.sequence),
        reviewDate: (r.review_date as string) ?? null,
      }))
      return { review, person, notes }
    },

    async addNote(user: CurrentUser, reviewId: string, text: unknown): Promise<BenchNote> {
      const { review, person } = await noteAccess(user, reviewId)
      const data = parse(noteInput, { text })
      const note = { id: newId(), at: now(), text: data.text }
      await db.transaction(async trx => {
        await trx('bench_note').insert({ ...note, person_id: person.id, review_id: review.id, author_id: user.id })
        await audit.record(
          { userId: user.id, action: 'add_bench_note', subjectType: 'review', subjectId: review.id },
          note.at,
          trx,
        )
      })
      return {
        ...note,
        authorName: user.name,
        reviewId: review.id,
        reviewSequence: review.sequence,
        reviewDate: review.reviewDate,
      }
    },
  }
}

export type BenchService = ReturnType<typeof createBenchService>

/** A form's answer as the decision takes it: "yes", "no", or nothing chosen. */
export const satisfactoryFrom = (v: unknown): boolean | undefined =>
  v === 'yes' ? true : v === 'no' ? false : undefined
