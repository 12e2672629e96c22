import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { EnforcementRepository, WarrantListRow, WarrantStatus } from '../../data/enforcementRepository'
import type { AuditTrail } from '../notify/auditTrail'
import type { BookingService } from '../scheduling/booking'
import type { Clock } from '../../utils/clock'
import type { Tx } from '../../data/unitOfWork'
import { ConflictError, NotFoundError, RuleError } from '../../errors'
import { todayIn } from '../../utils/dates'
import { parseForRecord, text } from '../validation'
import { executedOnRefusal, warrantChangeRefusal } from './nonAttendanceRules'

export const WARRANT_STATUSES = ['open', 'executed', 'withdrawn'] as const satisfies readonly WarrantStatus[]

export const executeInput = z.object({
  executedOn: z
    .string({ error: 'Enter the date the warrant was executed' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'The date the warrant was executed must be a date like 2027-03-02' }),
  sittingId: z.string({ error: 'Choose the sitting for the return hearing' }).min(1, {
    error: 'Choose the sitting for the return hearing',
  }),
  version: z.number({ error: 'version must be a number' }).int().optional(),
})

export const withdrawInput = z.object({
  reason: text('the reason the warrant is withdrawn', 500),
  version: z.number({ error: 'version must be a number' }).int().optional(),
})

const record = (enforcement: EnforcementRepository, id: string) => ({
  exists: async () => (await enforcement.warrant(id)) !== null,
  notFound: 'Warrant not found',
})

/**
 * Warrants issued when a person did not attend (Sentencing Act 2020 Sch 10 para 8(2)(b)): open until
 * executed, when the return hearing is listed in the sitting the clerk picks (the bench that issued it
 * preferred), or withdrawn with a reason. Each change is guarded by the warrant's version and status.
 */
export function createWarrantService(deps: {
  clock: Clock
  audit: AuditTrail
  reviews: ReviewRepository
  enforcement: EnforcementRepository
  booking: BookingService
}) {
  const { clock, audit, reviews, enforcement, booking } = deps
  const now = () => clock.now().toISOString()

  async function open(id: string, version: number | undefined, to: 'executed' | 'withdrawn', trx: Tx) {
    const warrant = await enforcement.warrant(id, trx)
    if (!warrant) throw new NotFoundError('Warrant not found')
    const refusal = warrantChangeRefusal(warrant.status, to)
    if (refusal) throw new ConflictError(refusal)
    if (version !== undefined && version !== warrant.version)
      throw new ConflictError('This warrant was changed by someone else. Reload it, then try again.')
    return warrant
  }

  return {
    /** Warrants by status (open first on the page), for some courts: the read is audited. */
    async list(
      user: CurrentUser,
      filter: { status?: WarrantStatus; courtIds?: string[]; requirementIds?: string[] },
    ): Promise<WarrantListRow[]> {
      const rows = await enforcement.warrants(filter)
      await audit.listed(user, {
        action: 'view_warrants',
        subjectType: 'warrant',
        subjectId: filter.status ?? 'all',
        people: rows.map(w => w.personId),
      })
      return rows
    },

    /** One warrant: the read is audited against its person. */
    async find(user: CurrentUser, id: string): Promise<WarrantListRow> {
      const warrant = await enforcement.warrant(id)
      if (!warrant) throw new NotFoundError('Warrant not found')
      await audit.viewed(user, {
        action: 'view_warrant',
        personId: warrant.personId,
        subjectType: 'warrant',
        subjectId: warrant.id,
      })
      return warrant
    },

    /** The person arrested: the return hearing listed in the chosen sitting, the later reviews re-chained. */
    async execute(
      clerk: CurrentUser,
      id: string,
      input: unknown,
    ): Promise<{ warrant: WarrantListRow; hearing: ReviewRow | null }> {
      const data = await parseForRecord(executeInput, input, record(enforcement, id))
      const hearingId = await booking.withRetry(async trx => {
        const warrant = await open(id, data.version, 'executed', trx)
        const today = todayIn(clock)
        const dateRefusal = executedOnRefusal(data.executedOn, warrant.issuedOn, today)
        if (dateRefusal) throw new RuleError(dateRefusal, [{ field: 'executedOn', message: dateRefusal }])
        const listed = await booking.listWarrantReturn(trx, warrant.missedReviewId, clerk.id, {
          sittingId: data.sittingId,
          earliest: data.executedOn > today ? data.executedOn : today,
          reason: warrant.bail
            ? 'Return on bail after a warrant was executed'
            : 'Brought before the court on a warrant',
        })
        const at = now()
        const closed = await enforcement.closeWarrant(
          id,
          warrant.version,
          {
            status: 'executed',
            executedOn: data.executedOn,
            bailReturnOn: warrant.bail ? (listed.review?.reviewDate ?? null) : null,
            returnReviewId: listed.review?.id ?? null,
            closedBy: clerk.id,
          },
          at,
          trx,
        )
        if (!closed) throw new ConflictError('This warrant was changed by someone else. Reload it, then try again.')
        await audit.record(
          {
            userId: clerk.id,
            action: 'execute_warrant',
            subjectType: 'review',
            subjectId: warrant.missedReviewId,
            detail: { warrantId: id, returnReviewId: listed.review?.id ?? null },
          },
          at,
          trx,
        )
        return listed.review?.id ?? null
      }, 'Bookings changed while the warrant was being recorded as executed. Try again.')
      return {
        warrant: (await enforcement.warrant(id))!,
        hearing: hearingId ? await reviews.find(hearingId) : null,
      }
    },

    /** Withdrawn with a reason: it leaves the open list, and nothing is listed. */
    async withdraw(clerk: CurrentUser, id: string, input: unknown): Promise<WarrantListRow> {
      const data = await parseForRecord(withdrawInput, input, record(enforcement, id))
      await booking.withRetry(async trx => {
        const warrant = await open(id, data.version, 'withdrawn', trx)
        const at = now()
        const closed = await enforcement.closeWarrant(
          id,
          warrant.version,
          { status: 'withdrawn', withdrawnReason: data.reason, closedBy: clerk.id },
          at,
          trx,
        )
        if (!closed) throw new ConflictError('This warrant was changed by someone else. Reload it, then try again.')
        await audit.record(
          {
            userId: clerk.id,
            action: 'withdraw_warrant',
            subjectType: 'review',
            subjectId: warrant.missedReviewId,
            detail: { warrantId: id },
          },
          at,
          trx,
        )
      }, 'The warrant changed while it was being withdrawn. Try again.')
      return (await enforcement.warrant(id))!
    },
  }
}

export type WarrantService = ReturnType<typeof createWarrantService>
