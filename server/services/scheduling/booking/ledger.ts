import type { Tx, UnitOfWork } from '../../../data/unitOfWork'
import type { CaseRepository } from '../../../data/caseRepository'
import type { CourtRow, ReferenceRepository } from '../../../data/referenceRepository'
import type { BookableSitting, SittingRepository, SittingRow } from '../../../data/sittingRepository'
import type { ReviewRepository, ReviewRow } from '../../../data/reviewRepository'
import type { Clock } from '../../../utils/clock'
import { ConflictError, NotFoundError } from '../../../errors'
import { endOfLocalDay, localInstant, slotStartsAt, toUtcIso, type Holidays } from '../../../utils/dates'
import { reportDueDate, type SittingSlotInfo } from '../reviewPlanner'

export interface BookingContext {
  court: CourtRow
  holidays: Holidays
}

export interface BookingDeps {
  uow: UnitOfWork
  sittings: SittingRepository
  reviews: ReviewRepository
  cases: CaseRepository
  reference: ReferenceRepository
  clock: Clock
}

/** A booking that lost a race for a place: the whole transaction is tried again. */
export class LostRace extends Error {}

export interface ReviewEvent {
  action: string
  userId: string | null
  reason: string | null
  toSittingId?: string | null
}

export const slotInfo = (s: SittingRow): SittingSlotInfo => ({
  id: s.id,
  date: s.date,
  startTime: s.startTime,
  slotMinutes: s.slotMinutes,
  capacity: s.capacity,
  booked: s.booked,
  benchUserIds: s.benchUserIds,
})

/**
 * The place ledger: which sitting and place a review holds, its start time and report deadline, and
 * every change to a booking, guarded by the review's version and tried again when a concurrent
 * booking took the place first. Capacity is held by the unique (sitting, place) key (DESIGN.md rule 4).
 */
export function createLedger(deps: BookingDeps) {
  const { uow, sittings, reviews, reference, clock } = deps
  const now = () => clock.now().toISOString()

  // The same bank holiday rows (kept in memory on SQLite) give the same set, and the same report
  // deadlines: both are remembered against the rows they came from.
  const holidaySets = new WeakMap<object, Holidays>()
  const deadlines = new WeakMap<Holidays, Map<string, string>>()

  async function context(courtId: string, trx?: Tx, known?: CourtRow): Promise<BookingContext> {
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
      due = utcOf(endOfLocalDay(reportDueDate(date, ctx.court.reportDueWorkingDays, ctx.holidays)))
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

  /** Run in a transaction, trying again when a concurrent booking took the place first. */
  async function withRetry<T>(work: (trx: Tx) => Promise<T>, fullMessage: string): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await uow.run(work)
      } catch (err) {
        const raced = err instanceof LostRace || uow.isUniqueViolation(err)
        if (!raced) throw err
        if (attempt >= 4) throw new ConflictError(fullMessage)
      }
    }
  }

  /** Takes the lowest free place in a sitting, the sitting row locked; null when it is full. */
  async function takePlace(
    trx: Tx,
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
   * The one way a booking changes: an update guarded by the review's version (a concurrent change
   * makes it match no row, and the whole transaction is tried again, where the caller's own version
   * check answers 409), and an event saying where the review was, for its history and for undo.
   */
  async function changeReview(
    trx: Tx,
    review: ReviewRow,
    changes: Partial<ReviewRow>,
    event: ReviewEvent | null,
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

  const freeRow = (trx: Tx, r: ReviewRow) => reviews.freePlace(r.id, now(), trx)

  // A review vacated by re-planning is recorded as 'replanned': undo must not mistake it for the clerk's own vacate.
  async function vacateRow(
    trx: Tx,
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

  return {
    now,
    context,
    reportDueAt,
    withRetry,
    takePlace,
    placeFields,
    unlistedFields,
    changeReview,
    freeRow,
    vacateRow,
  }
}

export type Ledger = ReturnType<typeof createLedger>
