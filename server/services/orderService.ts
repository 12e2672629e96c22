import { z } from 'zod'
import type { Clock } from '../utils/clock'
import type { AuditTrail } from './notify/auditTrail'
import type { CaseRepository, OrderRow, RequirementRow } from '../data/caseRepository'
import type { ReferenceRepository } from '../data/referenceRepository'
import type { UserRepository } from '../data/userRepository'
import type { ReviewRow } from '../data/reviewRepository'
import type { BookingService } from './scheduling/booking'
import type { CurrentUser } from '../roles'
import { ForbiddenError, RuleError, ValidationError, type FieldError } from '../errors'
import { newId } from '../utils/ids'
import { addCalendarMonths, addDays, formatDate } from '../utils/dates'
import { parse, text } from './validation'
import { isoDate } from './caseService'
import { planSummary, type PlanSummary } from './scheduling/planSummary'
import type { PlannedRows } from './scheduling/booking'

export const requirementInput = z.object({
  kind: z.enum(['DRR', 'ATR', 'MHTR'], { error: 'Select the kind of requirement: DRR, ATR or MHTR' }),
  months: z
    .number({ error: 'Enter the length of the requirement in months' })
    .int({ error: 'Length must be a whole number of months' })
    .min(1, { error: 'Length must be at least 1 month' })
    .max(36, { error: 'Length must be 36 months or fewer' }),
  reviewIntervalMonths: z.number({ error: 'Review interval must be a number of months' }).nullable().optional(),
  // Only `hearing` is lawful at sentence (checkOrder says why); `paper` is read so the refusal names it.
  reviewMode: z.enum(['hearing', 'paper'], { error: 'reviewMode must be hearing, or left out' }).optional(),
  residential: z.boolean({ error: 'Say whether the requirement is residential' }).default(false),
  providerOrganisationId: z
    .string({ error: 'Select the treatment provider' })
    .min(1, { error: 'Select the treatment provider' }),
  responsibleOfficerId: z
    .string({ error: 'Select the responsible officer' })
    .min(1, { error: 'Select the responsible officer' }),
  // Sch 9 para 20: a DRR is made only if the offender expresses willingness to comply with it.
  willingToComply: z.boolean().optional(),
})

export const orderInput = z.object({
  personId: z.string({ error: 'Choose the person' }).min(1, { error: 'Choose the person' }),
  courtId: z.string({ error: 'Select the court' }).min(1, { error: 'Select the court' }),
  kind: z.enum(['community', 'suspended'], { error: 'Select a community order or a suspended sentence order' }),
  madeOn: isoDate('the date the order was made'),
  endsOn: isoDate('the date the order ends').optional(),
  caseReference: text('the case reference', 60),
  requirements: z
    .array(requirementInput, { error: 'Add at least one requirement' })
    .min(1, { error: 'Add at least one requirement' })
    .max(5),
  psrText: z
    .string()
    .max(100000, { error: 'Pre-sentence report text must be 100,000 characters or fewer' })
    .nullable()
    .optional(),
})

export type OrderInput = z.infer<typeof orderInput>

export const PAPER_AT_SENTENCE =
  'Every order starts with review hearings that the person attends (Sentencing Act 2020 Sch 9 para 21(2)(b)-(c)); only a review hearing that finds progress satisfactory can move later reviews to paper (para 22(6))'

// Sentencing Act 2020 s.209 / s.288: a community order runs at most 3 years; a suspended
// sentence order's supervision period at most 2 years.
const MAX_ORDER_MONTHS = { community: 36, suspended: 24 } as const

/** Recording an order and its requirements, every review planned at once; or only seeing the plan. */
export function createOrderService(deps: {
  cases: CaseRepository
  reference: ReferenceRepository
  users: UserRepository
  booking: BookingService
  audit: AuditTrail
  clock: Clock
}) {
  const { cases, reference, users, booking, audit, clock } = deps
  const now = () => clock.now().toISOString()

  /** Every rule an order and its requirements must keep; each broken rule names its field. */
  async function checkOrder(
    data: OrderInput,
  ): Promise<{ endsOn: string; errors: FieldError[]; ruleErrors: FieldError[] }> {
    const errors: FieldError[] = []
    const ruleErrors: FieldError[] = []
    const max = MAX_ORDER_MONTHS[data.kind]
    const latest = addDays(addCalendarMonths(data.madeOn, max), -1)
    const longest = Math.max(...data.requirements.map(r => r.months))
    const endsOn = data.endsOn ?? addDays(addCalendarMonths(data.madeOn, longest), -1)
    if (endsOn < data.madeOn) errors.push({ field: 'endsOn', message: 'The order must end after it was made' })
    if (endsOn > latest) {
      const message = `A ${data.kind === 'community' ? 'community order runs' : 'suspended sentence order’s supervision period runs'} for at most ${max / 12} years: it must end by ${formatDate(latest)}`
      // With no end date sent, the order's end comes from its longest requirement: name the length that was given.
      if (data.endsOn) ruleErrors.push({ field: 'endsOn', message })
      else
        for (const [i, r] of data.requirements.entries())
          if (addDays(addCalendarMonths(data.madeOn, r.months), -1) > latest)
            ruleErrors.push({ field: `requirements.${i}.months`, message })
    }
    // Only the people and organisations the order names: no list of every officer in the country.
    const [providers, named] = await Promise.all([
      reference.organisations('provider'),
      users.rolesOf([...new Set(data.requirements.map(r => r.responsibleOfficerId))]),
    ])
    const officers = named.filter(u => u.role === 'probation' && !u.disabled)
    for (const [i, r] of data.requirements.entries()) {
      const at = (f: string) => `requirements.${i}.${f}`
      const reqEnds = addDays(addCalendarMonths(data.madeOn, r.months), -1)
      if (reqEnds > endsOn)
        ruleErrors.push({
          field: at('months'),
          message: `A requirement cannot outlast its order: ${r.months} months from ${formatDate(data.madeOn)} ends after the order ends on ${formatDate(endsOn)}`,
        })
      if (r.reviewIntervalMonths !== null && r.reviewIntervalMonths !== undefined) {
        // Sentencing Act 2020 Sch 9 para 21(2)(a): reviews at intervals of not less than one month.
        if (!Number.isInteger(r.reviewIntervalMonths) || r.reviewIntervalMonths < 1)
          ruleErrors.push({
            field: at('reviewIntervalMonths'),
            message: 'Review interval must be a whole number of months, at least 1',
          })
        else if (r.reviewIntervalMonths > r.months)
          ruleErrors.push({
            field: at('reviewIntervalMonths'),
            message: 'Review interval must not be longer than the requirement',
          })
      } else if (r.kind === 'DRR' && r.months > 12) {
        // Sch 9 para 21(1)(a): a DRR of more than 12 months must provide for review.
        ruleErrors.push({
          field: at('reviewIntervalMonths'),
          message:
            'A DRR of more than 12 months must provide for review (Sentencing Act 2020 Sch 9 para 21(1)(a)): enter a review interval',
        })
      }
      if (r.kind === 'DRR' && r.willingToComply === false)
        ruleErrors.push({
          field: at('willingToComply'),
          message:
            'A DRR can only be made if the person expresses willingness to comply with it (Sentencing Act 2020 Sch 9 para 20)',
        })
      // Sch 9 para 21(2)(b)-(c): each review is at a hearing the person attends; only a review hearing that
      // finds progress satisfactory may direct later reviews without a hearing (para 22(6)).
      if (r.reviewMode === 'paper') ruleErrors.push({ field: at('reviewMode'), message: PAPER_AT_SENTENCE })
      if (!providers.some(p => p.id === r.providerOrganisationId))
        errors.push({ field: at('providerOrganisationId'), message: 'Select a treatment provider from the list' })
      if (!officers.some(o => o.id === r.responsibleOfficerId))
        errors.push({ field: at('responsibleOfficerId'), message: 'Select a responsible officer from the list' })
    }
    return { endsOn, errors, ruleErrors }
  }

  /** The order and its requirements as they would be stored, every rule checked; only clerks record orders. */
  async function prepare(by: CurrentUser, input: unknown) {
    if (by.role !== 'clerk') throw new ForbiddenError('Only a court clerk records orders')
    const data = parse(orderInput, input)
    // Asked together: the queries queue for the connection rather than wait on each other's answers.
    const [person, court, { endsOn, errors, ruleErrors }] = await Promise.all([
      cases.person(data.personId, { kind: 'all' }),
      reference.court(data.courtId),
      checkOrder(data),
    ])
    if (!person) throw new ValidationError([{ field: 'personId', message: 'Choose a person who is recorded' }])
    if (!court) throw new ValidationError([{ field: 'courtId', message: 'Select a court from the list' }])
    if (errors.length) throw new ValidationError(errors)
    if (ruleErrors.length) throw new RuleError(ruleErrors[0].message, ruleErrors)
    const order: OrderRow = {
      id: newId(),
      personId: person.id,
      courtId: data.courtId,
      kind: data.kind,
      madeOn: data.madeOn,
      endsOn,
      caseReference: data.caseReference,
      psrText: data.psrText ?? null,
      version: 1,
    }
    const requirements: RequirementRow[] = data.requirements.map(r => ({
      id: newId(),
      orderId: order.id,
      kind: r.kind,
      months: r.months,
      residential: r.residential,
      providerOrganisationId: r.providerOrganisationId,
      responsibleOfficerId: r.responsibleOfficerId,
      reviewIntervalMonths: r.reviewIntervalMonths ?? null,
      // Sch 9 para 21(2)(b)-(c): every order starts with review hearings.
      reviewMode: 'hearing',
      willingToComply: r.willingToComply ?? r.kind === 'DRR',
      startsOn: data.madeOn,
      endsOn: addDays(addCalendarMonths(data.madeOn, r.months), -1),
      status: 'active',
      breachProceedings: false,
      version: 1,
    }))
    return { order, requirements, court }
  }

  return {
    checkOrder,

    /** Records an order and its requirements, and plans every review, in one transaction. */
    async createOrder(
      by: CurrentUser,
      input: unknown,
    ): Promise<{ order: OrderRow; requirements: Array<RequirementRow & { reviews: ReviewRow[] }> }> {
      const { order, requirements, court } = await prepare(by, input)
      // What was written is returned as written: no reading it back after the commit.
      const written: Array<RequirementRow & { reviews: ReviewRow[] }> = []
      await booking.withRetry(async trx => {
        written.length = 0
        await cases.insertOrder(order, now(), trx)
        for (const requirement of requirements) {
          await cases.insertRequirement(requirement, now(), trx)
          written.push({
            ...requirement,
            reviews: await booking.planNewRequirement(trx, requirement, order.courtId, by.id, court),
          })
        }
        await audit.record(
          { userId: by.id, action: 'create_order', subjectType: 'order', subjectId: order.id },
          now(),
          trx,
        )
      }, 'A sitting filled up while the reviews were being planned. Try again.')
      return { order, requirements: written }
    },

    /**
     * The same order checked by the same rules, and its reviews planned as they would be stored,
     * with nothing written: the order's dry run, and what the clerk sees before saving.
     */
    async planOrder(
      by: CurrentUser,
      input: unknown,
    ): Promise<{
      order: OrderRow
      requirements: Array<RequirementRow & { reviews: PlannedRows['rows']; plan: PlanSummary }>
    }> {
      const { order, requirements, court } = await prepare(by, input)
      const lastBankHoliday = (await reference.bankHolidays()).at(-1)?.date ?? null
      const planned = []
      for (const requirement of requirements) {
        const { rows, sittingsUntil } = await booking.planRows(requirement, order.courtId, court)
        planned.push({ ...requirement, reviews: rows, plan: planSummary(rows, { sittingsUntil, lastBankHoliday }) })
      }
      return { order, requirements: planned }
    },
  }
}

export type OrderService = ReturnType<typeof createOrderService>
