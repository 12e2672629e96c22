import type { Tx, UnitOfWork } from '../../data/unitOfWork'
import { z } from 'zod'
import type { Clock } from '../../utils/clock'
import type { AuditTrail } from '../notify/auditTrail'
import type { ReferenceRepository } from '../../data/referenceRepository'
import type { SittingRepository, SittingRow } from '../../data/sittingRepository'
import type { UserRepository } from '../../data/userRepository'
import type { CurrentUser } from '../../roles'
import type { BookingService } from './booking'
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../../errors'
import { newId } from '../../utils/ids'
import { addDays, formatDate, isIsoDate, isWeekend, localInstant, toUtcIso } from '../../utils/dates'
import { parse } from '../validation'

const isoDate = (label: string) =>
  z.string({ error: `Enter ${label}` }).refine(isIsoDate, { error: `Enter ${label} as a real date, like 2027-03-04` })

const sittingFields = {
  startTime: z
    .string({ error: 'Enter a start time' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Enter a start time in 24-hour format, like 10:00' })
    .refine(t => t >= '08:00' && t <= '18:00', { error: 'Start time must be between 08:00 and 18:00' }),
  courtroom: z
    .string({ error: 'Enter the courtroom' })
    .trim()
    .min(1, { error: 'Enter the courtroom' })
    .max(40, { error: 'Courtroom must be 40 characters or fewer' }),
  capacity: z
    .number({ error: 'Enter the number of places as a number' })
    .int({ error: 'Number of places must be a whole number' })
    .min(1, { error: 'Number of places must be at least 1' })
    .max(100, { error: 'Number of places must be 100 or fewer' }),
  slotMinutes: z
    .number({ error: 'Enter the slot length in minutes' })
    .int({ error: 'Slot length must be a whole number of minutes' })
    .min(5, { error: 'Slot length must be at least 5 minutes' })
    .max(240, { error: 'Slot length must be 240 minutes or fewer' }),
  benchUserIds: z
    .array(z.string(), { error: 'benchUserIds must be a list of user ids' })
    .max(3, { error: 'A bench has at most 3 members' })
    .default([]),
}

export const sittingInput = z.object({ date: isoDate('the date of the sitting'), ...sittingFields })
export const seriesInput = z.object({
  from: isoDate('the date of the first sitting'),
  to: isoDate('the date of the last sitting'),
  ...sittingFields,
})
export const sittingUpdateInput = z.object({
  courtroom: sittingFields.courtroom,
  capacity: sittingFields.capacity,
  benchUserIds: sittingFields.benchUserIds,
  version: z.number({ error: 'Send the version of the sitting you are changing' }).int(),
})

export function createSittingService(deps: {
  uow: UnitOfWork
  sittings: SittingRepository
  reference: ReferenceRepository
  users: UserRepository
  booking: BookingService
  audit: AuditTrail
  clock: Clock
}) {
  const { uow, sittings, reference, users, booking, audit, clock } = deps
  const now = () => clock.now().toISOString()

  async function checkBench(ids: string[]): Promise<void> {
    const unique = [...new Set(ids)]
    const found = await users.findByIds(unique)
    if (found.length !== unique.length || found.some(u => u.role !== 'sentencer' || u.disabled))
      throw new ValidationError([
        { field: 'benchUserIds', message: 'Choose bench members from the list of magistrates and judges' },
      ])
  }

  /** Review sittings are never on a weekend or an England-and-Wales bank holiday. */
  async function dateProblem(date: string, trx?: Tx): Promise<string | null> {
    if (isWeekend(date)) return `${formatDate(date)} is a weekend: review sittings are not listed at weekends`
    const holiday = (await reference.bankHolidays(trx)).find(h => h.date === date)
    return holiday
      ? `${formatDate(date)} is a bank holiday (${holiday.title}): review sittings are not listed on bank holidays`
      : null
  }

  async function court(courtId: string) {
    const c = await reference.court(courtId)
    if (!c) throw new NotFoundError('Court not found')
    return c
  }

  async function get(id: string): Promise<SittingRow> {
    const s = await sittings.find(id)
    if (!s) throw new NotFoundError('Sitting not found')
    return s
  }

  return {
    get,
    dateProblem,

    async create(by: CurrentUser, courtId: string, input: unknown): Promise<SittingRow> {
      await court(courtId)
      const data = parse(sittingInput, input)
      await checkBench(data.benchUserIds)
      const problem = await dateProblem(data.date)
      if (problem) throw new RuleError(problem, [{ field: 'date', message: problem }])
      const id = newId()
      await uow.run(async trx => {
        const taken = await sittings.datesTaken(courtId, [data.date], trx)
        if (taken.has(`${data.date} ${data.startTime} ${data.courtroom}`))
          throw new ConflictError(
            `There is already a sitting in courtroom ${data.courtroom} at ${data.startTime} on ${formatDate(data.date)}`,
          )
        await sittings.insert(
          {
            id,
            courtId,
            ...data,
            startsAt: toUtcIso(localInstant(data.date, data.startTime)),
            seriesId: null,
            benchUserIds: [...new Set(data.benchUserIds)],
          },
          now(),
          trx,
        )
        await booking.listWaitingInto(trx, id, by.id)
        await audit.record(
          { userId: by.id, action: 'create_sitting', subjectType: 'sitting', subjectId: id },
          now(),
          trx,
        )
      })
      return get(id)
    },

    /** A weekly series: every 7 days from the first date to the last, bank holidays skipped and reported. */
    async createSeries(
      by: CurrentUser,
      courtId: string,
      input: unknown,
    ): Promise<{ created: SittingRow[]; skipped: { date: string; reason: string }[] }> {
      await court(courtId)
      const data = parse(seriesInput, input)
      await checkBench(data.benchUserIds)
      if (data.to < data.from)
        throw new ValidationError([{ field: 'to', message: 'The last sitting must be on or after the first' }])
      if (addDays(data.from, 371) < data.to)
        throw new ValidationError([{ field: 'to', message: 'A series can run for at most a year' }])
      if (isWeekend(data.from))
        throw new RuleError(`${formatDate(data.from)} is a weekend: choose a weekday for the series`, [
          { field: 'from', message: 'Choose a weekday' },
        ])
      const seriesId = newId()
      const created: string[] = []
      const skipped: { date: string; reason: string }[] = []
      await uow.run(async trx => {
        const dates: string[] = []
        for (let d = data.from; d <= data.to; d = addDays(d, 7)) dates.push(d)
        const taken = await sittings.datesTaken(courtId, dates, trx)
        for (const date of dates) {
          const problem =
            (await dateProblem(date, trx)) ??
            (taken.has(`${date} ${data.startTime} ${data.courtroom}`) ? 'There is already a sitting then' : null)
          if (problem) {
            skipped.push({ date, reason: problem })
            continue
          }
          const id = newId()
          await sittings.insert(
            {
              id,
              courtId,
              date,
              startTime: data.startTime,
              courtroom: data.courtroom,
              capacity: data.capacity,
              slotMinutes: data.slotMinutes,
              startsAt: toUtcIso(localInstant(date, data.startTime)),
              seriesId,
              benchUserIds: [...new Set(data.benchUserIds)],
            },
            now(),
            trx,
          )
          created.push(id)
        }
        for (const id of created) await booking.listWaitingInto(trx, id, by.id)
        await audit.record(
          {
            userId: by.id,
            action: 'create_sitting_series',
            subjectType: 'court',
            subjectId: courtId,
            detail: { created: created.length, skipped: skipped.length },
          },
          now(),
          trx,
        )
      })
      return { created: await sittings.findMany(created), skipped }
    },

    async update(by: CurrentUser, id: string, input: unknown): Promise<SittingRow> {
      const data = parse(sittingUpdateInput, input)
      await checkBench(data.benchUserIds)
      await uow.run(async trx => {
        const sitting = await sittings.lock(id, trx)
        if (!sitting) throw new NotFoundError('Sitting not found')
        if (sitting.status !== 'open') throw new RuleError('This sitting has been cancelled and cannot be changed.')
        if (sitting.version !== data.version)
          throw new ConflictError(
            'This sitting was changed by someone else since you opened it. Reload it to see the change, then try again.',
          )
        if (data.capacity < sitting.slotsInUse)
          throw new RuleError(
            sitting.slotsInUse > sitting.booked
              ? `Places up to ${sitting.slotsInUse} are in use (${sitting.booked} booked): capacity cannot go below ${sitting.slotsInUse}. Move the later reviews first.`
              : `${sitting.booked} places are booked: capacity cannot go below that.`,
            [{ field: 'capacity', message: `Number of places must be at least ${sitting.slotsInUse}` }],
          )
        if (
          !(await sittings.update(
            id,
            data.version,
            { capacity: data.capacity, courtroom: data.courtroom, benchUserIds: [...new Set(data.benchUserIds)] },
            now(),
            trx,
          ))
        )
          throw new ConflictError(
            'This sitting was changed by someone else since you opened it. Reload it, then try again.',
          )
        if (data.capacity > sitting.capacity) await booking.listWaitingInto(trx, id, by.id)
        await audit.record(
          { userId: by.id, action: 'update_sitting', subjectType: 'sitting', subjectId: id },
          now(),
          trx,
        )
      })
      return get(id)
    },

    cancel: (by: CurrentUser, id: string, version: number, reason: string) =>
      booking.cancelSitting(by, id, version, reason),

    forCourt: (courtId: string, from: string, to: string) => sittings.forCourt(courtId, from, to),

    /** A sitting, or null: where a review that has just changed now sits. */
    find: (id: string) => sittings.find(id),
  }
}

export type SittingService = ReturnType<typeof createSittingService>
