import type { Knex } from 'knex'
import { z } from 'zod'
import type { Clock } from '../utils/clock'
import type { AuditRepository } from '../data/auditRepository'
import {
  requirementVisible,
  type CaseRepository,
  type OrderRow,
  type PersonRow,
  type RequirementRow,
} from '../data/caseRepository'
import type { ReferenceRepository } from '../data/referenceRepository'
import type { UserRepository } from '../data/userRepository'
import type { ReviewRepository, ReviewRow } from '../data/reviewRepository'
import type { BookingService } from './scheduling/bookingService'
import type { CurrentUser } from '../roles'
import { caseScopeFor } from './scope'
import { ConflictError, NotFoundError, RuleError, ValidationError, type FieldError } from '../errors'
import { newId } from '../utils/ids'
import { addCalendarMonths, addDays, formatDate, isIsoDate } from '../utils/dates'
import { parse, text } from './validation'

const isoDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .refine(isIsoDate, { error: `${label.charAt(0).toUpperCase()}${label.slice(1)} must be a real date` })

export const personInput = z.object({
  name: text('the person’s full name'),
  dateOfBirth: isoDate('the date of birth'),
  crn: z
    .string({ error: 'Enter the CRN' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]\d{6}$/, { error: 'CRN must be a letter followed by 6 digits, like X123456' }),
  pnc: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^\d{4}\/\d{7}[A-Z]$/, { error: 'PNC ID must be in the format 2004/0012345H' })
    .nullable()
    .optional()
    .or(z.literal('').transform(() => null)),
})

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

export function createCaseService(deps: {
  db: Knex
  cases: CaseRepository
  reviews: ReviewRepository
  reference: ReferenceRepository
  users: UserRepository
  booking: BookingService
  audit: AuditRepository
  clock: Clock
}) {
  const { db, cases, reviews, reference, users, booking, audit, clock } = deps
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

  async function visiblePerson(user: CurrentUser, id: string): Promise<PersonRow> {
    const person = await cases.person(id, await caseScopeFor(user, db))
    if (!person) throw new NotFoundError('Person not found')
    return person
  }

  return {
    checkOrder,

    async createPerson(by: CurrentUser, input: unknown): Promise<PersonRow> {
      const data = parse(personInput, input)
      if (data.dateOfBirth >= clock.now().toISOString().slice(0, 10))
        throw new ValidationError([{ field: 'dateOfBirth', message: 'Date of birth must be in the past' }])
      if (await cases.personByCrn(data.crn))
        throw new ValidationError([{ field: 'crn', message: `A person with CRN ${data.crn} is already recorded` }])
      const person = {
        id: newId(),
        name: data.name,
        dateOfBirth: data.dateOfBirth,
        crn: data.crn,
        pnc: data.pnc ?? null,
      }
      await cases.insertPerson(person, now())
      await audit.record({ userId: by.id, action: 'create_person', subjectType: 'person', subjectId: person.id }, now())
      return { ...person, version: 1 }
    },

    async updatePerson(by: CurrentUser, id: string, input: unknown, version: number): Promise<PersonRow> {
      await visiblePerson(by, id)
      const data = parse(personInput, input)
      const clash = await cases.personByCrn(data.crn)
      if (clash && clash.id !== id)
        throw new ValidationError([{ field: 'crn', message: `A person with CRN ${data.crn} is already recorded` }])
      const person = { id, name: data.name, dateOfBirth: data.dateOfBirth, crn: data.crn, pnc: data.pnc ?? null }
      if (!(await cases.updatePerson(person, version, now())))
        throw new ConflictError(
          'Someone else changed these details since you opened them. Reload the page and try again.',
        )
      await audit.record({ userId: by.id, action: 'update_person', subjectType: 'person', subjectId: id }, now())
      return { ...person, version: version + 1 }
    },

    /** A person the user may see, or 404; the view is audited. */
    async person(user: CurrentUser, id: string, ip?: string): Promise<PersonRow> {
      const person = await visiblePerson(user, id)
      await audit.record({ userId: user.id, action: 'view_person', subjectType: 'person', subjectId: id, ip }, now())
      return person
    },

    async search(user: CurrentUser, term: string): Promise<PersonRow[]> {
      return cases.search(term, await caseScopeFor(user, db))
    },

    /** Records an order and its requirements, and plans every review, in one transaction. */
    async createOrder(
      by: CurrentUser,
      input: unknown,
    ): Promise<{ order: OrderRow; requirements: Array<RequirementRow & { reviews: ReviewRow[] }> }> {
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
      const orderId = newId()
      const order: OrderRow = {
        id: orderId,
        personId: person.id,
        courtId: data.courtId,
        kind: data.kind,
        madeOn: data.madeOn,
        endsOn,
        caseReference: data.caseReference,
        psrText: data.psrText ?? null,
        version: 1,
      }
      // What was written is returned as written: no reading it back after the commit.
      const written: Array<RequirementRow & { reviews: ReviewRow[] }> = []
      await booking.withRetry(async trx => {
        written.length = 0
        await cases.insertOrder(order, now(), trx)
        for (const r of data.requirements) {
          const requirement: RequirementRow = {
            id: newId(),
            orderId,
            kind: r.kind,
            months: r.months,
            residential: r.residential,
            providerOrganisationId: r.providerOrganisationId,
            responsibleOfficerId: r.responsibleOfficerId,
            reviewIntervalMonths: r.reviewIntervalMonths ?? null,
            reviewMode: 'hearing',
            willingToComply: r.willingToComply ?? r.kind === 'DRR',
            startsOn: data.madeOn,
            endsOn: addDays(addCalendarMonths(data.madeOn, r.months), -1),
            status: 'active',
            breachProceedings: false,
            version: 1,
          }
          await cases.insertRequirement(requirement, now(), trx)
          written.push({
            ...requirement,
            reviews: await booking.planNewRequirement(trx, requirement, data.courtId, by.id, court),
          })
        }
        await audit.record(
          { userId: by.id, action: 'create_order', subjectType: 'order', subjectId: orderId },
          now(),
          trx,
        )
      }, 'A sitting filled up while the reviews were being planned. Try again.')
      return { order, requirements: written }
    },

    /** Everything on a person's page: orders, requirements, reviews, documents. Four queries. */
    async personRecord(user: CurrentUser, id: string, ip?: string) {
      const person = await this.person(user, id, ip)
      const scope = await caseScopeFor(user, db)
      const orders = await cases.ordersForPerson(id)
      const allRequirements = await cases.requirementsForOrders(orders.map(o => o.id))
      const requirements = allRequirements.filter(r => requirementVisible(r, scope))
      const visibleOrders = orders.filter(o => requirements.some(r => r.orderId === o.id))
      const [reviewRows, documents] = await Promise.all([
        reviews.forRequirements(requirements.map(r => r.id)),
        cases.documentsForOrders(visibleOrders.map(o => o.id)),
      ])
      return { person, orders: visibleOrders, requirements, reviews: reviewRows, documents }
    },

    async requirementInScope(user: CurrentUser, id: string) {
      const r = await cases.requirementInScope(id, await caseScopeFor(user, db))
      if (!r) throw new NotFoundError('Requirement not found')
      return r
    },

    async attachPsr(
      by: CurrentUser,
      orderId: string,
      file: { filename: string; content: Buffer } | null,
      text: string | null,
    ) {
      const order = await cases.order(orderId)
      if (!order) throw new NotFoundError('Order not found')
      // Checked before anything is stored, so a refused text never leaves a half-attached PSR behind.
      if (text !== null && text.length > 100000)
        throw new ValidationError([
          { field: 'psrText', message: 'Pre-sentence report text must be 100,000 characters or fewer' },
        ])
      if (file) {
        if (file.content.length > 10 * 1024 * 1024)
          throw new ValidationError([{ field: 'psrFile', message: 'The file must be smaller than 10 MB' }])
        // Checked by its content, not its name: a PDF starts with %PDF-.
        if (file.content.subarray(0, 5).toString('latin1') !== '%PDF-')
          throw new ValidationError([{ field: 'psrFile', message: 'The selected file must be a PDF' }])
        await cases.insertDocument(
          {
            id: newId(),
            orderId,
            filename: file.filename.replace(/[^\w .()-]/g, '_').slice(0, 200) || 'psr.pdf',
            mediaType: 'application/pdf',
            content: file.content,
            uploadedBy: by.id,
          },
          now(),
        )
      }
      if (!file && text === null)
        throw new ValidationError([{ field: 'psrFile', message: 'Choose a PDF file or paste the report text' }])
      if (text !== null) await cases.setPsrText(orderId, text.trim() || null, now())
      await audit.record({ userId: by.id, action: 'attach_psr', subjectType: 'order', subjectId: orderId }, now())
      return order
    },

    /** An order the user may see (through its person), or 404. */
    async order(user: CurrentUser, id: string): Promise<OrderRow> {
      const order = await cases.order(id)
      if (!order) throw new NotFoundError('Order not found')
      await visiblePerson(user, order.personId)
      return order
    },

    async document(user: CurrentUser, id: string) {
      const doc = await cases.document(id)
      if (!doc) throw new NotFoundError('Document not found')
      const order = await cases.order(doc.orderId)
      if (!order) throw new NotFoundError('Document not found')
      await visiblePerson(user, order.personId)
      await audit.record({ userId: user.id, action: 'view_document', subjectType: 'document', subjectId: id }, now())
      return doc
    },
  }
}

export type CaseService = ReturnType<typeof createCaseService>
