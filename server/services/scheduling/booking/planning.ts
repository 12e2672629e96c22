import type { Tx } from '../../../data/unitOfWork'
import type { RequirementRow } from '../../../data/caseRepository'
import type { OutcomeRepository } from '../../../data/outcomeRepository'
import type { PlanningSitting } from '../../../data/sittingRepository'
import { OPEN_STATUSES, type ReviewRow } from '../../../data/reviewRepository'
import { newId } from '../../../utils/ids'
import { addCalendarMonths } from '../../../utils/dates'
import {
  decidedWithin,
  lookAheadRanges,
  LOOK_AHEAD_DAYS,
  mergeRanges,
  plan as makePlan,
  rangesNotRead,
  type Plan,
} from '../reviewPlanner'
import { LostRace, type BookingContext, type BookingDeps, type Ledger } from './ledger'

/** Reviews that later reviews count their month from: listed, waiting for a sitting, or heard. */
const ACTIVE_FOR_ANCHOR = ['scheduled', 'unlisted', 'held', 'did_not_attend']

/** The lowest place not taken in a sitting, or null when it is full. */
function lowestFree(sitting: PlanningSitting): number | null {
  const used = new Set(sitting.usedSlots)
  for (let i = 0; i < sitting.capacity; i += 1) if (!used.has(i)) return i
  return null
}

export interface PlanOptions {
  /** The order date, or the date of the review before (listed, held, or the target it waits for). */
  from: string
  firstSequence: number
  /** Who sat at the review before (else its roster): continuity. */
  previousBench?: string[]
  /** Open reviews being re-planned: their rows are reused, so reports written against them stay. */
  reuse: ReviewRow[]
  userId: string | null
}

/** A plan as it would be stored: each review's row, and how far ahead the court has sittings. */
export interface PlannedRows {
  rows: Array<Omit<ReviewRow, 'version' | 'createdAt' | 'lastSittingId'>>
  /** The court's last open sitting, or null: reviews after it wait for sittings to be set up. */
  sittingsUntil: string | null
}

/**
 * Planning a requirement's reviews against its court's calendar (reviewPlanner.plan), and writing
 * the plan: new rows, re-planned rows (reusing the open reviews' rows), and the leftovers vacated.
 */
export function createPlanning(deps: BookingDeps & { outcomes: OutcomeRepository }, ledger: Ledger) {
  const { uow, sittings, reviews, outcomes } = deps
  const { now, placeFields, unlistedFields, changeReview, freeRow, vacateRow } = ledger
  const postgres = uow.postgres

  /**
   * The plan the whole calendar gives, read in parts: the fortnight after each target the cadence
   * predicts, then around each target of the plan made so far, then to the end. A plan made from part
   * of the calendar is kept only when every choice it made depended on dates already read
   * (`decidedWithin`); each wider read adds only the dates not yet read.
   */
  async function decide(trx: Tx | undefined, ctx: BookingContext, requirement: RequirementRow, opts: PlanOptions) {
    const intervalMonths = requirement.reviewIntervalMonths!
    const input = {
      intervalMonths,
      mode: requirement.reviewMode,
      from: opts.from,
      endsOn: requirement.endsOn,
      firstSequence: opts.firstSequence,
      previousBench: opts.previousBench,
      holidays: ctx.holidays,
    }
    let calendar: PlanningSitting[] = []
    if (requirement.reviewMode === 'paper')
      return { planned: makePlan({ ...input, sittings: [], horizon: null }), calendar, sittingsUntil: null }
    const sittingsUntil = await sittings.lastOpenDate(ctx.court.id, trx)
    const first = addCalendarMonths(opts.from, intervalMonths)
    let read: Array<[string, string]> = []
    let planned: Plan = { reviews: [], dependsOn: [] }
    const rounds: Array<number | null> = [...LOOK_AHEAD_DAYS, null]
    for (const [round, days] of rounds.entries()) {
      const ranges =
        days === null
          ? first <= requirement.endsOn
            ? [[first, requirement.endsOn] as [string, string]]
            : []
          : lookAheadRanges(opts.from, intervalMonths, requirement.endsOn, days, round ? planned.reviews : [])
      const more = rangesNotRead(ranges, read)
      if (more.length) calendar = calendar.concat(await sittings.planningCalendar(ctx.court.id, more, trx))
      read = mergeRanges([...read, ...ranges])
      planned = makePlan({ ...input, sittings: calendar, horizon: sittingsUntil })
      if (decidedWithin(planned, read)) break
    }
    return { planned, calendar, sittingsUntil }
  }

  /** The rows a new requirement's plan would store: nothing is written (the order's dry run). */
  async function planRows(trx: Tx | undefined, ctx: BookingContext, requirement: RequirementRow): Promise<PlannedRows> {
    if (!requirement.reviewIntervalMonths) return { rows: [], sittingsUntil: null }
    const opts = { from: requirement.startsOn, firstSequence: 1, reuse: [], userId: null }
    const { planned, calendar, sittingsUntil } = await decide(trx, ctx, requirement, opts)
    const byId = new Map(calendar.map(c => [c.id, c]))
    const rows = planned.reviews.map(p => {
      const sitting = p.sittingId ? byId.get(p.sittingId) : undefined
      const slotIndex = sitting ? lowestFree(sitting) : null
      const fields =
        sitting && slotIndex !== null ? placeFields(ctx, sitting, slotIndex) : unlistedFields(ctx, p.date, p.mode)
      return {
        id: '',
        requirementId: requirement.id,
        targetDate: p.targetDate,
        sequence: p.sequence,
        mode: p.mode,
        ...fields,
      }
    })
    return { rows, sittingsUntil }
  }

  /**
   * Plans a requirement's reviews from `from` (the order date, or the review before), reusing the
   * rows of open reviews being re-planned so reports written against them stay attached.
   */
  async function plan(trx: Tx, ctx: BookingContext, requirement: RequirementRow, opts: PlanOptions) {
    if (!requirement.reviewIntervalMonths || requirement.status !== 'active') {
      for (const r of opts.reuse)
        await vacateRow(trx, r, opts.userId, 'The requirement has no further reviews', 'replanned')
      return []
    }
    // Free the places held by the reviews being re-planned, so the plan can use them again.
    for (const r of opts.reuse) if (r.slotIndex !== null) await freeRow(trx, r)
    const fresh = opts.reuse.length ? await reviews.forRequirement(requirement.id, trx) : []
    const reuse = opts.reuse.map(r => fresh.find(f => f.id === r.id) ?? r)
    const { planned, calendar } = await decide(trx, ctx, requirement, opts)
    const byId = new Map(calendar.map(c => [c.id, c]))
    const chosenIds = [...new Set(planned.reviews.flatMap(p => (p.sittingId ? [p.sittingId] : [])))]
    // The lowest free place in each sitting picked, from the places read with the calendar.
    let free = new Map<string, number | null>(chosenIds.map(id => [id, lowestFree(byId.get(id)!)]))
    const inserts: Omit<ReviewRow, 'version' | 'createdAt'>[] = []
    // Every place the plan needs, taken together: on PostgreSQL the sittings are locked and their free
    // places read again; on SQLite this transaction holds the only connection, so what it has just
    // read is current.
    const chosen = postgres ? await sittings.lockManyForBooking(chosenIds, trx) : chosenIds.map(id => byId.get(id)!)
    if (postgres) free = await reviews.freeSlotIndexes(chosen, trx)
    const chosenById = new Map(chosen.map(c => [c.id, c]))
    for (const [i, p] of planned.reviews.entries()) {
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
    // A shorter plan than before: the reviews left over could no longer be held.
    for (const r of reuse.slice(planned.reviews.length))
      await vacateRow(trx, r, opts.userId, 'No longer needed after re-planning', 'replanned')
    // A new requirement's reviews are exactly the rows just written; a re-plan reads them back.
    if (opts.reuse.length === 0 && fresh.length === 0)
      return inserts.map(r => ({ ...r, version: 1, createdAt: now() }) as ReviewRow)
    return reviews.forRequirement(requirement.id, trx)
  }

  /**
   * The review later reviews count their month from (DESIGN.md rule 1: the listed or held date), and
   * who sat at it (the outcome's record, else the sitting's roster) for continuity.
   */
  async function anchorFor(trx: Tx, requirement: RequirementRow, review: ReviewRow) {
    const all = await reviews.forRequirement(requirement.id, trx)
    const earlier = all.filter(
      r => r.sequence <= review.sequence && ACTIVE_FOR_ANCHOR.includes(r.status) && r.id !== review.id,
    )
    const self = ACTIVE_FOR_ANCHOR.includes(review.status) ? review : null
    const anchor = self ?? earlier[earlier.length - 1] ?? null
    const sat = anchor ? await outcomes.forReview(anchor.id, trx) : null
    const bench = sat?.benchUserIds.length
      ? sat.benchUserIds
      : anchor?.sittingId
        ? ((await sittings.find(anchor.sittingId, trx))?.benchUserIds ?? undefined)
        : undefined
    const later = all.filter(r => r.sequence > review.sequence && OPEN_STATUSES.includes(r.status))
    return { from: anchor?.reviewDate ?? requirement.startsOn, bench, later }
  }

  /** Moving, adjourning, vacating or an outcome re-chains the open reviews after a review (DESIGN.md rule 6). */
  async function replanAfter(
    trx: Tx,
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

  /**
   * The earliest date a review may be heard: `months` calendar months after the review before it.
   * Sentencing Act 2020 Sch 9 para 21(2)(a): reviews at intervals of not less than one month.
   */
  async function earliestAllowed(trx: Tx, requirement: RequirementRow, review: ReviewRow, months = 1) {
    const previous = await previousOf(trx, requirement, review)
    return addCalendarMonths(previous?.reviewDate ?? requirement.startsOn, Math.max(1, months))
  }

  /** The review before this one that counts (listed, waiting, or heard), or null for the first. */
  async function previousOf(
    trx: Tx | undefined,
    requirement: RequirementRow,
    review: ReviewRow,
  ): Promise<ReviewRow | null> {
    const all = await reviews.forRequirement(requirement.id, trx)
    const before = all.filter(r => r.sequence < review.sequence && ACTIVE_FOR_ANCHOR.includes(r.status))
    return before[before.length - 1] ?? null
  }

  return {
    plan,
    planRows,
    replanAfter,
    anchorFor,
    earliestAllowed,
    previousOf,

    /** Plans every review of a new requirement (called inside the order's transaction). */
    async planNewRequirement(trx: Tx, ctx: BookingContext, requirement: RequirementRow, userId: string) {
      return plan(trx, ctx, requirement, { from: requirement.startsOn, firstSequence: 1, reuse: [], userId })
    },
  }
}

export type Planning = ReturnType<typeof createPlanning>
