import { z } from 'zod'
import type { Clock } from '../utils/clock'
import type { AuditTrail } from './notify/auditTrail'
import { requirementVisible, type CaseRepository, type OrderRow, type PersonRow } from '../data/caseRepository'
import type { ReviewRepository } from '../data/reviewRepository'
import type { SittingRepository } from '../data/sittingRepository'
import type { UserRepository } from '../data/userRepository'
import type { CurrentUser } from '../roles'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors'
import { newId } from '../utils/ids'
import { isIsoDate } from '../utils/dates'
import { parse, text } from './validation'
import { ETHNICITY_CODES, SEX_CODES } from './insights/equalityRules'

export const isoDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .refine(isIsoDate, { error: `${label.charAt(0).toUpperCase()}${label.slice(1)} must be a real date` })

/** An optional equality monitoring answer: one of the codes, or null ('' from a form) for not recorded. */
const answer = <T extends readonly [string, ...string[]]>(codes: T, error: string) =>
  z.preprocess(v => (v === '' ? null : v), z.enum(codes, { error }).nullable().optional())

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
  // Equality monitoring (issue 22): optional codes, counted only in aggregate; '' or null is not recorded.
  sex: answer(SEX_CODES, 'Sex must be one of the answers listed, or not recorded'),
  ethnicity: answer(ETHNICITY_CODES, 'Ethnic group must be one of the groups listed, or not recorded'),
})

export function createCaseService(deps: {
  cases: CaseRepository
  reviews: ReviewRepository
  sittings: SittingRepository
  users: UserRepository
  audit: AuditTrail
  clock: Clock
}) {
  const { cases, reviews, sittings, users, audit, clock } = deps
  const now = () => clock.now().toISOString()

  /** Deny by default: a write the route let through is still checked here, where the rule lives. */
  const onlyClerks = (by: CurrentUser, what: string) => {
    if (by.role !== 'clerk') throw new ForbiddenError(`Only a court clerk ${what}`)
  }

  async function visiblePerson(user: CurrentUser, id: string): Promise<PersonRow> {
    const person = await cases.person(id, await cases.scopeFor(user))
    if (!person) throw new NotFoundError('Person not found')
    return person
  }

  return {
    async createPerson(by: CurrentUser, input: unknown): Promise<PersonRow> {
      onlyClerks(by, 'records people')
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
      await cases.insertPerson({ ...person, sex: data.sex ?? null, ethnicity: data.ethnicity ?? null }, now())
      await audit.record({ userId: by.id, action: 'create_person', subjectType: 'person', subjectId: person.id }, now())
      return { ...person, version: 1 }
    },

    async updatePerson(by: CurrentUser, id: string, input: unknown, version: number): Promise<PersonRow> {
      onlyClerks(by, 'changes a person’s details')
      await visiblePerson(by, id)
      const data = parse(personInput, input)
      const clash = await cases.personByCrn(data.crn)
      if (clash && clash.id !== id)
        throw new ValidationError([{ field: 'crn', message: `A person with CRN ${data.crn} is already recorded` }])
      const person = { id, name: data.name, dateOfBirth: data.dateOfBirth, crn: data.crn, pnc: data.pnc ?? null }
      if (!(await cases.updatePerson({ ...person, sex: data.sex, ethnicity: data.ethnicity }, version, now())))
        throw new ConflictError(
          'Someone else changed these details since you opened them. Reload the page and try again.',
        )
      await audit.record({ userId: by.id, action: 'update_person', subjectType: 'person', subjectId: id }, now())
      return { ...person, version: version + 1 }
    },

    /** A person the user may see, or 404; the view is audited (the request's address unless `ip` is given). */
    async person(user: CurrentUser, id: string, ip?: string): Promise<PersonRow> {
      const person = await visiblePerson(user, id)
      await audit.viewed(user, { action: 'view_person', personId: id, subjectType: 'person', subjectId: id, ip })
      return person
    },

    /** The people matching a name, CRN or PNC ID that the user may see; one audit row naming them by id (never the term). */
    async search(user: CurrentUser, term: string): Promise<PersonRow[]> {
      const people = await cases.search(term, await cases.scopeFor(user))
      await audit.listed(user, { action: 'search_people', people: people.map(p => p.id) })
      return people
    },

    /**
     * One page of the people the user may see, by surname (a page past the end is the last page);
     * one audit row naming those shown by id.
     */
    async browse(user: CurrentUser, page: number, perPage: number) {
      const scope = await cases.scopeFor(user)
      const total = await cases.countVisible(scope)
      const pageCount = Math.max(1, Math.ceil(total / perPage))
      const shown = Math.min(Math.max(1, Math.floor(page) || 1), pageCount)
      const people = total ? await cases.browse(scope, { offset: (shown - 1) * perPage, limit: perPage }) : []
      await audit.listed(user, { action: 'list_people', people: people.map(p => p.id), detail: { page: shown } })
      return { people, total, page: shown, pageCount }
    },

    /** Everything on a person's page: orders, requirements, reviews, documents. Four queries. */
    async personRecord(user: CurrentUser, id: string, ip?: string) {
      const person = await this.person(user, id, ip)
      const scope = await cases.scopeFor(user)
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

    /**
     * A review with its requirement, order, person and sitting, when the user may see the case; else
     * 404. The review → requirement → order → person chain every review page starts from.
     */
    async reviewInScope(user: CurrentUser, reviewId: string) {
      const review = await reviews.find(reviewId)
      const requirement = review ? await cases.requirement(review.requirementId) : null
      const order = requirement ? await cases.order(requirement.orderId) : null
      const person = order ? await cases.person(order.personId, await cases.scopeFor(user)) : null
      if (!review || !requirement || !order || !person) throw new NotFoundError('Review not found')
      const sitting = review.sittingId ? await sittings.find(review.sittingId) : null
      await audit.viewed(user, {
        action: 'view_review',
        personId: person.id,
        subjectType: 'review',
        subjectId: review.id,
      })
      return { review, requirement, order, person, sitting }
    },

    /** The magistrates and judges of a court (and anyone on a sitting's bench), for "who sat". */
    async sentencersFor(courtId: string, bench: string[] = []) {
      return (await users.list({ role: 'sentencer' })).filter(u => u.courtIds.includes(courtId) || bench.includes(u.id))
    },

    /** The reviews of a requirement the user may see, in sequence order. */
    async reviewsOf(user: CurrentUser, requirementId: string) {
      const requirement = await this.requirementInScope(user, requirementId)
      const rows = await reviews.forRequirement(requirement.id)
      await audit.viewed(user, {
        action: 'view_reviews',
        personId: requirement.personId,
        subjectType: 'requirement',
        subjectId: requirement.id,
      })
      return rows
    },

    async requirementInScope(user: CurrentUser, id: string) {
      const r = await cases.requirementInScope(id, await cases.scopeFor(user))
      if (!r) throw new NotFoundError('Requirement not found')
      return r
    },

    async attachPsr(
      by: CurrentUser,
      orderId: string,
      file: { filename: string; content: Buffer } | null,
      text: string | null,
    ) {
      onlyClerks(by, 'attaches a pre-sentence report')
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
      await audit.viewed(user, { action: 'view_order', personId: order.personId, subjectType: 'order', subjectId: id })
      return order
    },

    async document(user: CurrentUser, id: string) {
      const doc = await cases.document(id)
      if (!doc) throw new NotFoundError('Document not found')
      const order = await cases.order(doc.orderId)
      if (!order) throw new NotFoundError('Document not found')
      await visiblePerson(user, order.personId)
      await audit.viewed(user, {
        action: 'view_document',
        personId: order.personId,
        subjectType: 'document',
        subjectId: id,
      })
      return doc
    },
  }
}

export type CaseService = ReturnType<typeof createCaseService>
