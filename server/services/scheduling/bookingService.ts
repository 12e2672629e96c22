import type { Knex } from 'knex'
import { z } from 'zod'
import type { Clock } from '../../utils/clock'
import type { AuditRepository } from '../../data/auditRepository'
import type { CaseRepository, RequirementRow } from '../../data/caseRepository'
import type { ReferenceRepository, CourtRow } from '../../data/referenceRepository'
import type { BookableSitting, PlanningSitting, SittingRepository, SittingRow } from '../../data/sittingRepository'
import { OPEN_STATUSES, type ReviewRepository, type ReviewRow } from '../../data/reviewRepository'
import type { CurrentUser } from '../../roles'
import { ConflictError, NotFoundError, RuleError } from '../../errors'
import { isPostgres, isUniqueViolation } from '../../db/createDb'
import { newId } from '../../utils/ids'
import {
  addCalendarMonths,
  addDays,
  endOfLocalDay,
  formatDate,
  localInstant,
  minDate,
  slotStartsAt,
  toUtcIso,
  workingDaysBefore,
  type Holidays,
} from '../../utils/dates'
import {
  chooseSitting,
  LOOK_AHEAD_DAYS,
  lookAheadRanges,
  plannedWithin,
  planReviews,
  rangesNotRead,
  type SittingSlotInfo,
} from './reviewPlanner'
import { parseForRecord, text } from '../validation'

export const moveInput = z.object({
  sittingId: z.string({ error: 'Choose a sitting' }).min(1, { error: 'Choose a sitting' }),
  reason: text('a reason', 500),
  version: z.number({ error: 'Send the version of the review you are changing' }).int(),
})
export const vacateInput = z.object({
  reason: text('a reason', 500),
  version: z.number({ error: 'Send the version of the review you are changing' }).int(),
})
export const adjournInput = z.object({
  sittingId: z.string().min(1).optional(),
  reason: text('a reason', 500),
  version: z.number({ error: 'Send the version of the review you are changing' }).int(),
})

/** A review as `parseForRecord` asks after it: bad input for a review that does not exist is a 404. */
export const reviewRecord = (reviews: ReviewRepository, id: string) => ({
  exists: async () => (await reviews.find(id)) !== null,
  notFound: 'Review not found',
})

/** The lowest place not taken in a sitting, or null when it is full. */
function lowestFree(sitting: PlanningSitting): number | null {
  const used = new Set(sitting.usedSlots)
  for (let i = 0; i < sitting.capacity; i += 1) if (!used.has(i)) return i
  return null
}

/** A booking that lost a race for a place: the whole transaction is tried again. */
class LostRace extends Error {}

const ACTIVE_FOR_ANCHOR = ['scheduled', 'unlisted', 'held', 'did_not_attend']

const STALE_REVIEW =
  'This review was changed by someone else since you opened it. Reload it to see the change, then try again.'

export interface BookingContext {
  court: CourtRow
  holidays: Holidays
}

export function createBookingService(deps: {
  db: Knex
  sittings: SittingRepository
  reviews: ReviewRepository
  cases: CaseRepository
  reference: ReferenceRepository
  audit: AuditRepository
  clock: Clock
}) {
  const { db, sittings, reviews, cases, reference, audit, clock } = deps
  const now = () => clock.now().toISOString()
  const postgres = isPostgres(db)

  // The same bank holiday rows (kept in memory on SQLite) give the same set, and the same report
  // deadlines: both are remembered against the rows they came from.
  const holidaySets = new WeakMap<object, Holidays>()
  const deadlines = new WeakMap<Holidays, Map<string, string>>()

  async function context(courtId: string, trx: Knex, known?: CourtRow): Promise<BookingContext> {
    const court = known?.id === courtId ? known : await reference.court(courtId, trx)
    if (!court) throw new NotFoundError('Court not found')
    const rows = await reference.bankHolidays(trx)
    let holidays = holidaySets.get(rows)
    if (!holidays) {
      holidays = new Set(rows.map(h => h.date))
      holidaySets.set(rows, holidays)
    }
    return { court, holidays }
  }

  // A London wall-clock instant as stored (UTC with milliseconds), without a second trip through luxon.
  const utcOf = (localIso: string) => new Date(Date.parse(localIso)).toISOString()

  /** Report due N working days before the hearing (or a paper review's date), at the end of that day. */
  function reportDueAt(ctx: BookingContext, date: string): string {
    let remembered = deadlines.get(ctx.holidays)
    if (!remembered) deadlines.set(ctx.holidays, (remembered = new Map()))
    const key = `${date} ${ctx.court.reportDueWorkingDays}`
    let due = remembered.get(key)
    if (!due) {
      // Sentencing Act 2020 Sch 9 para 21(2)(d): a written report before each review; the deadline is court practice.
      due = utcOf(endOfLocalDay(workingDaysBefore(date, ctx.court.reportDueWorkingDays, ctx.holidays)))
      if (remembered.size >= 5000) remembered.clear()
      remembered.set(key, due)
    }
    return due
  }

  // Where each sitting starts, in milliseconds: a slot starts slot minutes × its index later, in
  // elapsed time (as slotStartsAt counts), so a sitting across a clock change keeps equal slots.
  const sittingStarts = new Map<string, number>()
  function slotStartUtc(sitting: BookableSitting, slotIndex: number): string {
    if (!(sitting.slotMinutes > 0) || !Number.isInteger(slotIndex) || slotIndex < 0)
      return toUtcIso(slotStartsAt(sitting.date, sitting.startTime, sitting.slotMinutes, slotIndex))
    const key = `${sitting.date}T${sitting.startTime}`
    let start = sittingStarts.get(key)
    if (start === undefined) {
      start = Date.parse(localInstant(sitting.date, sitting.startTime))
      if (sittingStarts.size >= 10000) sittingStarts.clear()
      sittingStarts.set(key, start)
    }
    return new Date(start + sitting.slotMinutes * slotIndex * 60000).toISOString()
  }

  const slotInfo = (s: SittingRow): SittingSlotInfo => ({
    id: s.id,
    date: s.date,
    startTime: s.startTime,
    slotMinutes: s.slotMinutes,
    capacity: s.capacity,
    booked: s.booked,
    benchUserIds: s.benchUserIds,
  })

  /** Run in a transaction, trying again when a concurrent booking took the place first. */
  async function withRetry<T>(work: (trx: Knex.Transaction) => Promise<T>, fullMessage: string): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await db.transaction(work)
      } catch (err) {
        const raced = err instanceof LostRace || isUniqueViolation(err)
        if (!raced) throw err
        if (attempt >= 4) throw new ConflictError(fullMessage)
      }
    }
  }

  /** Takes the lowest free place in a sitting, the sitting row locked; null when it is full. */
  async function takePlace(
    trx: Knex,
    sittingId: string,
  ): Promise<{ sitting: BookableSitting; slotIndex: number } | null> {
    const sitting = await sittings.lockForBooking(sittingId, trx)
    if (!sitting || sitting.status !== 'open') return null
    const slotIndex = await reviews.freeSlotIndex(sitting.id, sitting.capacity, trx)
    return slotIndex === null ? null : { sitting, slotIndex }
  }

  const placeFields = (ctx: BookingContext, sitting: BookableSitting, slotIndex: number) => ({
    sittingId: sitting.id,
    slotIndex,
    startsAt: slotStartUtc(sitting, slotIndex),
    reviewDate: sitting.date,
    status: 'scheduled' as const,
    reportDueAt: reportDueAt(ctx, sitting.date),
  })

  const unlistedFields = (ctx: BookingContext, date: string, mode: 'hearing' | 'paper') => ({
    sittingId: null,
    slotIndex: null,
    startsAt: null,
    reviewDate: date,
    status: mode === 'paper' ? ('scheduled' as const) : ('unlisted' as const),
    reportDueAt: reportDueAt(ctx, date),
  })

  /**
   * Plans a requirement's reviews from `from` (the order date, or the review before), reusing the
   * rows of open reviews being re-planned so reports written against them stay attached.
   */
  async function plan(
    trx: Knex,
    ctx: BookingContext,
    requirement: RequirementRow,
    opts: { from: string; firstSequence: number; previousBench?: string[]; reuse: ReviewRow[]; userId: string | null },
  ): Promise<ReviewRow[]> {
    if (!requirement.reviewIntervalMonths || requirement.status !== 'active') {
      for (const r of opts.reuse)
        await vacateRow(trx, r, opts.userId, 'The requirement has no further reviews', 'replanned')
      return []
    }
    // Free the places held by the reviews being re-planned, so the plan can use them again.
    for (const r of opts.reuse) if (r.slotIndex !== null) await freeRow(trx, r)
    const fresh = opts.reuse.length ? await reviews.forRequirement(requirement.id, trx) : []
    const reuse = opts.reuse.map(r => fresh.find(f => f.id === r.id) ?? r)
    const intervalMonths = requirement.reviewIntervalMonths
    // A plan's sittings are read in the week after each review's target date: enough, at a court that
    // sits most days, for the sitting each review takes and those it passes over. When a review's
    // choice depended on sittings further on (a court that sits weekly, sittings full for weeks, or a
    // review pushed later by the one before), the rest of the fortnight after each target is read, and
    // then the calendar to the end, and the plan made again: the plan is always the one the whole
    // calendar gives. Each wider read adds only the dates not yet read.
    const hearing = requirement.reviewMode === 'hearing'
    const planFrom = (calendar: PlanningSitting[]) =>
      planReviews({
        intervalMonths,
        mode: requirement.reviewMode,
        from: opts.from,
        endsOn: requirement.endsOn,
        firstSequence: opts.firstSequence,
        previousBench: opts.previousBench,
        sittings: calendar,
        holidays: ctx.holidays,
      })
    let calendar: PlanningSitting[] = []
    // A paper plan uses no sittings; a hearing plan is made in the loop below, from what it has read.
    let planned = hearing ? [] : planFrom(calendar)
    if (hearing) {
      const widths = [
        ...LOOK_AHEAD_DAYS.map(days => lookAheadRanges(opts.from, intervalMonths, requirement.endsOn, days)),
        // No review of the plan can be listed before one interval after `from` (planReviews).
        [[addCalendarMonths(opts.from, intervalMonths), requirement.endsOn] as [string, string]],
      ]
      let read: Array<[string, string]> = []
      for (const ranges of widths) {
        const more = rangesNotRead(ranges, read)
        if (more.length) calendar = calendar.concat(await sittings.planningCalendar(ctx.court.id, more, trx))
        read = ranges
        planned = planFrom(calendar)
        if (plannedWithin(planned, ranges, opts.from, intervalMonths, requirement.endsOn)) break
      }
    }
    const byId = new Map(calendar.map(c => [c.id, c]))
    const chosenIds = [...new Set(planned.flatMap(p => (p.sittingId ? [p.sittingId] : [])))]
    // The lowest free place in each sitting picked, from the places read with the calendar.
    let free = new Map<string, number | null>(chosenIds.map(id => [id, lowestFree(byId.get(id)!)]))
    const out: ReviewRow[] = []
    const inserts: Omit<ReviewRow, 'version' | 'createdAt'>[] = []
    // Every place the plan needs, taken together: on PostgreSQL the sittings are locked and their free
    // places read again; on SQLite this transaction holds the only connection, so what it has just
    // read is current.
    const chosen = postgres ? await sittings.lockManyForBooking(chosenIds, trx) : chosenIds.map(id => byId.get(id)!)
    if (postgres) free = await reviews.freeSlotIndexes(chosen, trx)
    const chosenById = new Map(chosen.map(c => [c.id, c]))
    for (const [i, p] of planned.entries()) {
      let fields: Partial<ReviewRow>
      if (p.sittingId) {
        const sitting = chosenById.get(p.sittingId)
        const slotIndex = free.get(p.sittingId)
        if (!sitting || sitting.status !== 'open' || slotIndex === null || slotIndex === undefined) throw new LostRace()
        fields = placeFields(ctx, sitting, slotIndex)
      } else {
        fields = unlistedFields(ctx, p.date, p.mode)
      }
      const existing = reuse[i]
      const row = { targetDate: p.targetDate, sequence: p.sequence, mode: p.mode, ...fields }
      if (existing) {
        const changed = existing.sittingId !== row.sittingId || existing.targetDate !== row.targetDate
        await changeReview(
          trx,
          existing,
          { ...row, lastSittingId: existing.sittingId ?? existing.lastSittingId },
          changed ? { action: 'replanned', userId: opts.userId, reason: null } : null,
        )
      } else {
        inserts.push({
          id: newId(),
          requirementId: requirement.id,
          lastSittingId: null,
          ...(row as Omit<ReviewRow, 'id' | 'requirementId' | 'lastSittingId' | 'version' | 'createdAt'>),
        })
      }
    }
    // New reviews and their history in two statements: a plan's reviews are a month apart, so no two
    // of them compete for a place in one sitting.
    await reviews.insertMany(inserts, now(), trx)
    await reviews.recordEvents(
      inserts.map(r => ({
        reviewId: r.id,
        at: now(),
        userId: opts.userId,
        action: r.sittingId ? 'listed' : 'planned',
        fromSittingId: null,
        toSittingId: r.sittingId ?? null,
        fromSlotIndex: null,
        fromStatus: null,
        reason: null,
      })),
      trx,
    )
    // A shorter plan than before: the reviews left over are no longer needed.
    for (const r of reuse.slice(planned.length))
      await vacateRow(trx, r, opts.userId, 'No longer needed after re-planning', 'replanned')
    // A new requirement's reviews are exactly the rows just written; a re-plan reads them back.
    if (opts.reuse.length === 0 && fresh.length === 0)
      return inserts.map(r => ({ ...r, version: 1, createdAt: now() }) as ReviewRow)
    out.push(...(await reviews.forRequirement(requirement.id, trx)))
    return out
  }

  /**
   * The one way a booking changes: an update guarded by the review's version (a concurrent change
   * makes it match no row, and the whole transaction is tried again, where the caller's own version
   * check answers 409), and an event saying where the review was, for its history and for undo.
   */
  async function changeReview(
    trx: Knex,
    review: ReviewRow,
    changes: Partial<ReviewRow>,
    event: { action: string; userId: string | null; reason: string | null; toSittingId?: string | null } | null,
    opts: { version?: number; from?: ReviewRow } = {},
  ): Promise<void> {
    if (!(await reviews.update(review.id, opts.version ?? review.version, changes, now(), trx))) throw new LostRace()
    if (!event) return
    const from = opts.from ?? review
    await reviews.recordEvent(
      {
        reviewId: review.id,
        at: now(),
        userId: event.userId,
        action: event.action,
        fromSittingId: from.sittingId,
        toSittingId: event.toSittingId !== undefined ? event.toSittingId : (changes.sittingId ?? null),
        fromSlotIndex: from.slotIndex,
        fromStatus: from.status,
        reason: event.reason,
      },
      trx,
    )
  }

  async function freeRow(trx: Knex, r: ReviewRow): Promise<void> {
    await trx('review').where({ id: r.id }).update({ slot_index: null, updated_at: now() })
  }

  // A review vacated by re-planning is recorded as 'replanned': undo must not mistake it for the clerk's own vacate.
  async function vacateRow(
    trx: Knex,
    r: ReviewRow,
    userId: string | null,
    reason: string,
    action: 'vacated' | 'replanned' = 'vacated',
    expectedVersion?: number,
  ) {
    const current = (await reviews.find(r.id, trx))!
    await changeReview(
      trx,
      current,
      { status: 'vacated', slotIndex: null, lastSittingId: current.sittingId ?? current.lastSittingId },
      { action, userId, reason, toSittingId: null },
      { version: expectedVersion },
    )
  }

  /** The review that later reviews count their month from, and its bench. */
  async function anchorFor(trx: Knex, requirement: RequirementRow, review: ReviewRow) {
    const all = await reviews.forRequirement(requirement.id, trx)
    const earlier = all.filter(
      r => r.sequence <= review.sequence && ACTIVE_FOR_ANCHOR.includes(r.status) && r.id !== review.id,
    )
    const self = ACTIVE_FOR_ANCHOR.includes(review.status) ? review : null
    const anchor = self ?? earlier[earlier.length - 1] ?? null
    const bench = anchor?.sittingId
      ? ((await sittings.find(anchor.sittingId, trx))?.benchUserIds ?? undefined)
      : undefined
    const later = all.filter(r => r.sequence > review.sequence && OPEN_STATUSES.includes(r.status))
    return { from: anchor?.reviewDate ?? requirement.startsOn, bench, later }
  }

  /** Moving, adjourning or vacating a review re-plans the open reviews after it (DESIGN.md rule 6). */
  async function replanAfter(
    trx: Knex,
    ctx: BookingContext,
    requirement: RequirementRow,
    review: ReviewRow,
    userId: string | null,
  ) {
    const fresh = (await reviews.find(review.id, trx))!
    const { from, bench, later } = await anchorFor(trx, requirement, fresh)
    await plan(trx, ctx, requirement, {
      from,
      firstSequence: fresh.sequence + 1,
      previousBench: bench,
      reuse: later,
      userId,
    })
  }

  async function loadForChange(trx: Knex, reviewId: string, version: number) {
    const review = await reviews.find(reviewId, trx)
    if (!review) throw new NotFoundError('Review not found')
    const requirement = await cases.requirement(review.requirementId, trx)
    const order = requirement ? await cases.order(requirement.orderId, trx) : null
    if (!requirement || !order) throw new NotFoundError('Review not found')
    if (review.version !== version) throw new ConflictError(STALE_REVIEW)
    return { review, requirement, order }
  }

  /**
   * The earliest date a review may be heard: `months` calendar months after the review before it. A
   * clerk may choose any date a month on; listing done for them keeps the requirement's interval, as
   * the planner does.
   */
  async function earliestAllowed(
    trx: Knex,
    requirement: RequirementRow,
    review: ReviewRow,
    months = 1,
  ): Promise<string> {
    const all = await reviews.forRequirement(requirement.id, trx)
    const before = all.filter(r => r.sequence < review.sequence && ACTIVE_FOR_ANCHOR.includes(r.status))
    const previous = before[before.length - 1]
    // Sentencing Act 2020 Sch 9 para 21(2)(a): reviews at intervals of not less than one month.
    return addCalendarMonths(previous?.reviewDate ?? requirement.startsOn, Math.max(1, months))
  }

  async function checkTarget(
    trx: Knex,
    ctx: BookingContext,
    requirement: RequirementRow,
    review: ReviewRow,
    sitting: SittingRow | null,
  ) {
    if (!sitting || sitting.courtId !== ctx.court.id) throw new NotFoundError('Sitting not found')
    if (sitting.status !== 'open')
      throw new RuleError('That sitting has been cancelled. Choose another sitting.', [
        { field: 'sittingId', message: 'That sitting has been cancelled' },
      ])
    if (sitting.date > requirement.endsOn)
      throw new RuleError(`That sitting is after the requirement ends on ${formatDate(requirement.endsOn)}.`, [
        { field: 'sittingId', message: `Choose a sitting on or before ${formatDate(requirement.endsOn)}` },
      ])
    const earliest = await earliestAllowed(trx, requirement, review)
    if (sitting.date < earliest)
      throw new RuleError(
        `Reviews must be at least a calendar month apart (Sentencing Act 2020 Sch 9 para 21(2)(a)): the earliest date for this review is ${formatDate(earliest)}.`,
        [{ field: 'sittingId', message: `Choose a sitting on or after ${formatDate(earliest)}` }],
      )
    if (ctx.holidays.has(sitting.date))
      throw new RuleError('That sitting falls on a bank holiday. Choose another sitting.', [
        { field: 'sittingId', message: 'That sitting is on a bank holiday' },
      ])
  }

  /** A sitting the court may require the person to attend (Sch 9 para 22(7)): no one-month floor. */
  function checkAttendanceSitting(
    ctx: BookingContext,
    requirement: RequirementRow,
    sitting: SittingRow | null,
    earliest: string,
  ): asserts sitting is SittingRow {
    const field = 'attendSittingId'
    if (!sitting || sitting.courtId !== ctx.court.id)
      throw new RuleError('Choose a sitting of this court.', [{ field, message: 'Choose a sitting of this court' }])
    const refuse = (message: string) => {
      throw new RuleError(message, [{ field, message }])
    }
    if (sitting.status !== 'open') refuse('That sitting has been cancelled: choose another sitting')
    if (sitting.date < earliest) refuse(`Choose a sitting on or after ${formatDate(earliest)}`)
    if (sitting.date > requirement.endsOn)
      refuse(`Choose a sitting on or before ${formatDate(requirement.endsOn)}, when the requirement ends`)
    if (ctx.holidays.has(sitting.date)) refuse('That sitting is on a bank holiday: choose another sitting')
  }

  const fullMessage = (s?: SittingRow | null) =>
    s
      ? `That sitting is now full: ${s.capacity === 1 ? 'its only place' : `all ${s.capacity} places`} on ${formatDate(s.date)} ${s.capacity === 1 ? 'is' : 'are'} booked. Choose another sitting.`
      : 'That sitting is now full. Choose another sitting.'

  return {
    context,
    reportDueAt,
    plan,

    /** Plans every review of a new requirement (called inside the order's transaction). */
    async planNewRequirement(
      trx: Knex,
      requirement: RequirementRow,
      courtId: string,
      userId: string,
      court?: CourtRow,
    ): Promise<ReviewRow[]> {
      const ctx = await context(courtId, trx, court)
      return plan(trx, ctx, requirement, { from: requirement.startsOn, firstSequence: 1, reuse: [], userId })
    },

    async move(by: CurrentUser, reviewId: string, input: unknown): Promise<ReviewRow> {
      const data = await parseForRecord(moveInput, input, reviewRecord(reviews, reviewId))
      let target: SittingRow | null = null
      const result = await withRetry(async trx => {
        const { review, requirement, order } = await loadForChange(trx, reviewId, data.version)
        if (!OPEN_STATUSES.includes(review.status) || review.mode === 'paper')
          throw new RuleError('Only a scheduled or unlisted review at a hearing can be moved.')
        const ctx = await context(order.courtId, trx)
        target = await sittings.find(data.sittingId, trx)
        if (target?.id === review.sittingId)
          throw new RuleError('The review is already listed in that sitting.', [
            { field: 'sittingId', message: 'Choose a different sitting' },
          ])
        await checkTarget(trx, ctx, requirement, review, target)
        const place = await takePlace(trx, data.sittingId)
        if (!place) throw new ConflictError(fullMessage(target))
        await changeReview(
          trx,
          review,
          {
            ...placeFields(ctx, place.sitting, place.slotIndex),
            lastSittingId: review.sittingId ?? review.lastSittingId,
          },
          { action: 'moved', userId: by.id, reason: data.reason },
        )
        await replanAfter(trx, ctx, requirement, review, by.id)
        await audit.record(
          { userId: by.id, action: 'move_review', subjectType: 'review', subjectId: review.id },
          now(),
          trx,
        )
        return (await reviews.find(review.id, trx))!
      }, fullMessage(target))
      return result
    },

    async vacate(by: CurrentUser, reviewId: string, input: unknown): Promise<ReviewRow> {
      const data = await parseForRecord(vacateInput, input, reviewRecord(reviews, reviewId))
      return withRetry(async trx => {
        const { review, requirement, order } = await loadForChange(trx, reviewId, data.version)
        if (!OPEN_STATUSES.includes(review.status))
          throw new RuleError('Only a scheduled or unlisted review can be vacated.')
        const ctx = await context(order.courtId, trx)
        await vacateRow(trx, review, by.id, data.reason, 'vacated', review.version)
        await replanAfter(trx, ctx, requirement, review, by.id)
        await audit.record(
          { userId: by.id, action: 'vacate_review', subjectType: 'review', subjectId: review.id },
          now(),
          trx,
        )
        return (await reviews.find(review.id, trx))!
      }, fullMessage())
    },

    /** The hearing is put off: this review is marked adjourned and a new one listed for the same purpose. */
    async adjourn(by: CurrentUser, reviewId: string, input: unknown): Promise<ReviewRow> {
      const data = await parseForRecord(adjournInput, input, reviewRecord(reviews, reviewId))
      return withRetry(async trx => {
        const { review, requirement, order } = await loadForChange(trx, reviewId, data.version)
        if (review.status !== 'scheduled' || !review.sittingId)
          throw new RuleError('Only a review listed in a sitting can be adjourned.')
        const ctx = await context(order.courtId, trx)
        await changeReview(
          trx,
          review,
          { status: 'adjourned', slotIndex: null, lastSittingId: review.sittingId },
          { action: 'adjourned', userId: by.id, reason: data.reason, toSittingId: data.sittingId ?? null },
        )
        let sitting: SittingRow | null = null
        if (data.sittingId) {
          sitting = await sittings.find(data.sittingId, trx)
          if (!sitting || sitting.courtId !== ctx.court.id) throw new NotFoundError('Sitting not found')
          if (sitting.date <= review.reviewDate)
            throw new RuleError('Adjourn to a sitting after the one the review was listed in.', [
              { field: 'sittingId', message: 'Choose a later sitting' },
            ])
          if (sitting.date > requirement.endsOn)
            throw new RuleError(`That sitting is after the requirement ends on ${formatDate(requirement.endsOn)}.`, [
              { field: 'sittingId', message: 'Choose an earlier sitting' },
            ])
        } else {
          const calendar = await sittings.forCourt(
            ctx.court.id,
            addDays(review.reviewDate, 1),
            requirement.endsOn,
            {},
            trx,
          )
          const chosen = chooseSitting(
            addDays(review.reviewDate, 1),
            requirement.endsOn,
            calendar.map(slotInfo),
            null,
            ctx.holidays,
          )
          sitting = chosen ? (calendar.find(c => c.id === chosen.id) ?? null) : null
        }
        const place = sitting ? await takePlace(trx, sitting.id) : null
        if (sitting && !place && data.sittingId) throw new ConflictError(fullMessage(sitting))
        const id = newId()
        const fields = place
          ? placeFields(ctx, place.sitting, place.slotIndex)
          : unlistedFields(ctx, addDays(review.reviewDate, 1), 'hearing')
        await reviews.insert(
          {
            id,
            requirementId: requirement.id,
            sequence: review.sequence,
            targetDate: review.targetDate,
            mode: review.mode,
            lastSittingId: review.sittingId,
            ...fields,
          },
          now(),
          trx,
        )
        await reviews.recordEvent(
          {
            reviewId: id,
            at: now(),
            userId: by.id,
            action: 'listed',
            fromSittingId: review.sittingId,
            toSittingId: fields.sittingId,
            fromSlotIndex: null,
            fromStatus: null,
            reason: `Adjourned: ${data.reason}`,
          },
          trx,
        )
        const adjournedTo = (await reviews.find(id, trx))!
        await replanAfter(trx, ctx, requirement, adjournedTo, by.id)
        await audit.record(
          { userId: by.id, action: 'adjourn_review', subjectType: 'review', subjectId: review.id },
          now(),
          trx,
        )
        return (await reviews.find(id, trx))!
      }, fullMessage())
    },

    /** Undo this clerk's last move or vacate: the review goes back where it was, if that place is still free. */
    async undoLast(by: CurrentUser): Promise<ReviewRow> {
      return withRetry(async trx => {
        const event = await reviews.lastChangeBy(by.id, trx)
        if (!event || !['moved', 'vacated'].includes(event.action))
          throw new RuleError('There is no booking change of yours to undo.')
        const review = (await reviews.find(event.reviewId, trx))!
        const requirement = (await cases.requirement(review.requirementId, trx))!
        const order = (await cases.order(requirement.orderId, trx))!
        if (!OPEN_STATUSES.includes(review.status) && review.status !== 'vacated')
          throw new RuleError('That review has been heard since, so the change cannot be undone.')
        const ctx = await context(order.courtId, trx)
        let fields: Partial<ReviewRow>
        if (event.fromSittingId) {
          if (review.slotIndex !== null) await freeRow(trx, review)
          const place = await takePlace(trx, event.fromSittingId)
          if (!place)
            throw new ConflictError(
              'The place the review had has been taken since, so the change cannot be undone. Move the review instead.',
            )
          fields = placeFields(ctx, place.sitting, place.slotIndex)
        } else {
          fields = unlistedFields(ctx, review.targetDate, review.mode)
        }
        const current = (await reviews.find(review.id, trx))!
        await reviews.markEventUndone(event.id, trx)
        await changeReview(
          trx,
          current,
          { ...fields, lastSittingId: review.sittingId ?? review.lastSittingId },
          { action: 'undone', userId: by.id, reason: `Undo: ${event.action}` },
          { from: review },
        )
        await replanAfter(trx, ctx, requirement, current, by.id)
        await audit.record(
          { userId: by.id, action: 'undo_booking_change', subjectType: 'review', subjectId: review.id },
          now(),
          trx,
        )
        return (await reviews.find(review.id, trx))!
      }, 'The place the review had has been taken since, so the change cannot be undone.')
    },

    /** A cancelled sitting's reviews go to the next suitable sitting, or onto "needs listing". */
    async cancelSitting(
      by: CurrentUser,
      sittingId: string,
      version: number,
      reason: string,
    ): Promise<{ relisted: number; unlisted: number }> {
      return withRetry(async trx => {
        const sitting = await sittings.lock(sittingId, trx)
        if (!sitting) throw new NotFoundError('Sitting not found')
        if (sitting.version !== version)
          throw new ConflictError(
            'This sitting was changed by someone else since you opened it. Reload it, then try again.',
          )
        if (sitting.status !== 'open') throw new RuleError('This sitting is already cancelled.')
        const ctx = await context(sitting.courtId, trx)
        const booked = await reviews.forSitting(sitting.id, trx)
        if (!(await sittings.cancel(sitting.id, version, now(), trx)))
          throw new ConflictError('This sitting was changed by someone else. Reload it, then try again.')
        let relisted = 0
        for (const review of booked) {
          await freeRow(trx, review)
          const requirement = (await cases.requirement(review.requirementId, trx))!
          const calendar = await sittings.forCourt(ctx.court.id, review.targetDate, requirement.endsOn, {}, trx)
          const earliest = await earliestAllowed(trx, requirement, review, requirement.reviewIntervalMonths ?? 1)
          const chosen = chooseSitting(
            earliest > review.targetDate ? earliest : review.targetDate,
            requirement.endsOn,
            calendar.map(slotInfo),
            sitting.benchUserIds,
            ctx.holidays,
          )
          const place = chosen ? await takePlace(trx, chosen.id) : null
          const fields = place
            ? placeFields(ctx, place.sitting, place.slotIndex)
            : unlistedFields(ctx, review.reviewDate, 'hearing')
          const current = (await reviews.find(review.id, trx))!
          await changeReview(
            trx,
            current,
            { ...fields, lastSittingId: sitting.id },
            { action: 'sitting_cancelled', userId: by.id, reason },
            { from: review },
          )
          if (place) relisted += 1
          await replanAfter(trx, ctx, requirement, current, by.id)
        }
        await audit.record(
          {
            userId: by.id,
            action: 'cancel_sitting',
            subjectType: 'sitting',
            subjectId: sitting.id,
            detail: { reviews: booked.length },
          },
          now(),
          trx,
        )
        return { relisted, unlisted: booked.length - relisted }
      }, 'A booking changed while the sitting was being cancelled. Try again.')
    },

    /** A new sitting takes the reviews waiting for one: earliest target first, up to its capacity. */
    async listWaitingInto(trx: Knex, sittingId: string, userId: string): Promise<number> {
      const sitting = await sittings.find(sittingId, trx)
      if (!sitting) return 0
      const ctx = await context(sitting.courtId, trx)
      const waiting = (await reviews.unlisted(sitting.courtId, trx)).filter(
        r => r.targetDate <= sitting.date && r.requirementEndsOn >= sitting.date,
      )
      let listed = 0
      for (const w of waiting) {
        const requirement = (await cases.requirement(w.requirementId, trx))!
        const review = (await reviews.find(w.id, trx))!
        if (review.status !== 'unlisted') continue
        if ((await earliestAllowed(trx, requirement, review, requirement.reviewIntervalMonths ?? 1)) > sitting.date)
          continue
        const place = await takePlace(trx, sitting.id)
        if (!place) break
        await changeReview(trx, review, placeFields(ctx, place.sitting, place.slotIndex), {
          action: 'listed',
          userId,
          reason: 'A sitting was added',
        })
        await replanAfter(trx, ctx, requirement, review, userId)
        listed += 1
      }
      return listed
    },

    /**
     * Re-plans the open reviews after this one from its date, reading the requirement afresh (its mode
     * or status may have just changed): an inactive requirement's later reviews are vacated.
     */
    async replanFrom(trx: Knex, reviewId: string, userId: string | null): Promise<void> {
      const review = await reviews.find(reviewId, trx)
      const requirement = review ? await cases.requirement(review.requirementId, trx) : null
      const order = requirement ? await cases.order(requirement.orderId, trx) : null
      if (!review || !requirement || !order) throw new NotFoundError('Review not found')
      await replanAfter(trx, await context(order.courtId, trx), requirement, review, userId)
    },

    /**
     * A review without a hearing found progress no longer satisfactory: the person must attend a hearing
     * "at a time and place" the court specifies (Sentencing Act 2020 Sch 9 para 22(7)), so the one-month
     * interval of periodic reviews (para 21(2)(a)) does not bind it. The sitting chosen (any open sitting
     * of the court with a free place, from the later of today and the paper review's date to the
     * requirement's end), or else the court's first such sitting, takes the next open review (or a new
     * one) as a hearing; the reviews after it are re-planned from it as hearings (para 22(8)(b)). With no
     * sitting at all it waits on "needs listing". Runs inside the caller's transaction; the requirement
     * is already back on hearings.
     */
    async requireAttendance(
      trx: Knex,
      reviewId: string,
      userId: string,
      opts: { sittingId?: string | null; today: string },
    ): Promise<{ review: ReviewRow | null; sitting: SittingRow | null }> {
      const decided = await reviews.find(reviewId, trx)
      const requirement = decided ? await cases.requirement(decided.requirementId, trx) : null
      const order = requirement ? await cases.order(requirement.orderId, trx) : null
      if (!decided || !requirement || !order) throw new NotFoundError('Review not found')
      const ctx = await context(order.courtId, trx)
      const next = (await reviews.forRequirement(requirement.id, trx)).find(
        r => r.sequence > decided.sequence && OPEN_STATUSES.includes(r.status),
      )
      const earliest = decided.reviewDate > opts.today ? decided.reviewDate : opts.today
      let chosen: { id: string } | null = null
      let named: SittingRow | null = null
      if (opts.sittingId) {
        named = await sittings.find(opts.sittingId, trx)
        checkAttendanceSitting(ctx, requirement, named, earliest)
        chosen = named
      } else if (earliest <= requirement.endsOn) {
        const calendar = await sittings.forCourt(ctx.court.id, earliest, requirement.endsOn, {}, trx)
        chosen = chooseSitting(earliest, requirement.endsOn, calendar.map(slotInfo), null, ctx.holidays)
      }
      if (!chosen && !next && earliest > requirement.endsOn) return { review: null, sitting: null }
      if (next && next.slotIndex !== null) await freeRow(trx, next)
      const place = chosen ? await takePlace(trx, chosen.id) : null
      if (named && !place) throw new ConflictError(fullMessage(named))
      const fields = place
        ? placeFields(ctx, place.sitting, place.slotIndex)
        : unlistedFields(ctx, minDate(earliest, requirement.endsOn), 'hearing')
      const event = { action: place ? 'listed' : 'planned', userId, reason: 'Attendance required at a paper review' }
      const id = next?.id ?? newId()
      if (next) {
        const current = (await reviews.find(next.id, trx))!
        await changeReview(
          trx,
          current,
          { ...fields, mode: 'hearing', lastSittingId: next.sittingId ?? next.lastSittingId },
          event,
          { from: next },
        )
      } else {
        const row = { id, requirementId: requirement.id, sequence: decided.sequence + 1, targetDate: fields.reviewDate }
        await reviews.insert({ ...row, mode: 'hearing', lastSittingId: null, ...fields }, now(), trx)
        await reviews.recordEvent(
          {
            reviewId: id,
            at: now(),
            ...event,
            fromSittingId: null,
            toSittingId: fields.sittingId,
            fromSlotIndex: null,
            fromStatus: null,
          },
          trx,
        )
      }
      const listed = (await reviews.find(id, trx))!
      await replanAfter(trx, ctx, (await cases.requirement(requirement.id, trx))!, listed, userId)
      return {
        review: (await reviews.find(id, trx))!,
        sitting: place ? await sittings.find(place.sitting.id, trx) : null,
      }
    },

    withRetry,
  }
}

export type BookingService = ReturnType<typeof createBookingService>
