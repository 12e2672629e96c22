import { z } from 'zod'
import type { Clock } from '../utils/clock'
import type { ReferenceRepository, CourtRow, OrganisationRow } from '../data/referenceRepository'
import type { AuditTrail } from './notify/auditTrail'
import type { ReviewRepository } from '../data/reviewRepository'
import { formatDate } from '../utils/dates'
import type { CurrentUser } from '../roles'
import { newId } from '../utils/ids'
import { parse, text } from './validation'
import { NotFoundError, ValidationError } from '../errors'

export const courtInput = z.object({
  name: text('the court name'),
  code: z
    .string({ error: 'Enter the court code' })
    .trim()
    .regex(/^[A-Z0-9]{2,10}$/, { error: 'Court code must be 2 to 10 capital letters or digits, like B01LY' }),
  // Who decides reviews without a hearing: a single justice or a judge (Sentencing Act 2020 Sch 9 para 22).
  kind: z
    .enum(['magistrates', 'crown'], { error: 'Select whether this is a magistrates’ court or the Crown Court' })
    .default('magistrates'),
  reportDueWorkingDays: z
    .number({ error: 'Report deadline must be a number of working days' })
    .int({ error: 'Report deadline must be a whole number of working days' })
    .min(0, { error: 'Report deadline must be 0 or more working days' })
    .max(20, { error: 'Report deadline must be 20 working days or fewer' }),
})
export type CourtInput = z.infer<typeof courtInput>

export const organisationInput = z.object({
  name: text('the organisation name'),
  kind: z.enum(['probation', 'provider'], {
    error: 'Select whether the organisation is probation or a treatment provider',
  }),
})

export const bankHolidaysDocument = z.object({
  'england-and-wales': z.object(
    {
      division: z.literal('england-and-wales').optional(),
      events: z
        .array(
          z.object({
            title: z
              .string({ error: 'Each event needs a title' })
              .trim()
              .min(1, { error: 'Each event needs a title' })
              .max(200),
            date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Each event needs a date like 2026-12-25' }),
          }),
          { error: 'england-and-wales.events must be a list of { title, date }' },
        )
        .min(1, { error: 'The england-and-wales division has no events' }),
    },
    { error: 'The document has no england-and-wales division' },
  ),
})

/** Names are unique per kind (a database constraint): a clash is the name field's problem. */
const nameTaken = (name: string) =>
  new ValidationError([{ field: 'name', message: `An organisation called ${name} already exists` }])

export function createReferenceService(deps: {
  reference: ReferenceRepository
  reviews: ReviewRepository
  audit: AuditTrail
  clock: Clock
}) {
  const { reference, reviews, audit, clock } = deps
  const now = () => clock.now().toISOString()

  return {
    courts: () => reference.courts(),
    organisations: (kind?: 'probation' | 'provider') => reference.organisations(kind),
    bankHolidays: () => reference.bankHolidays(),

    async court(id: string): Promise<CourtRow> {
      const court = await reference.court(id)
      if (!court) throw new NotFoundError('Court not found')
      return court
    },

    async createCourt(by: CurrentUser, input: unknown): Promise<CourtRow> {
      const data = parse(courtInput, input)
      if (await reference.courtByCode(data.code))
        throw new ValidationError([{ field: 'code', message: `A court with code ${data.code} already exists` }])
      const court: CourtRow = { id: newId(), ...data, defaultSittingWeekday: null }
      await reference.insertCourt(court, now())
      await audit.record({ userId: by.id, action: 'create_court', subjectType: 'court', subjectId: court.id }, now())
      return court
    },

    async updateCourt(by: CurrentUser, id: string, input: unknown): Promise<CourtRow> {
      const existing = await this.court(id)
      const data = parse(courtInput, input)
      const clash = await reference.courtByCode(data.code)
      if (clash && clash.id !== id)
        throw new ValidationError([{ field: 'code', message: `A court with code ${data.code} already exists` }])
      const court = { ...existing, ...data }
      await reference.updateCourt(court)
      await audit.record({ userId: by.id, action: 'update_court', subjectType: 'court', subjectId: id }, now())
      return court
    },

    async createOrganisation(by: CurrentUser, input: unknown): Promise<OrganisationRow> {
      const data = parse(organisationInput, input)
      const org = { id: newId(), ...data }
      if (!(await reference.insertOrganisation(org, now()))) throw nameTaken(data.name)
      await audit.record(
        { userId: by.id, action: 'create_organisation', subjectType: 'organisation', subjectId: org.id },
        now(),
      )
      return org
    },

    async updateOrganisation(by: CurrentUser, id: string, input: unknown): Promise<OrganisationRow> {
      if (!(await reference.organisation(id))) throw new NotFoundError('Organisation not found')
      const org = { id, ...parse(organisationInput, input) }
      if (!(await reference.updateOrganisation(org))) throw nameTaken(org.name)
      await audit.record(
        { userId: by.id, action: 'update_organisation', subjectType: 'organisation', subjectId: id },
        now(),
      )
      return org
    },

    async organisation(id: string): Promise<OrganisationRow> {
      const org = await reference.organisation(id)
      if (!org) throw new NotFoundError('Organisation not found')
      return org
    },

    /** Replace the bank holidays from gov.uk's bank-holidays.json; only england-and-wales counts. */
    /**
     * Said to administrators while reviews are planned past the last year of the bank holiday list:
     * a review there may fall on a bank holiday nobody has told the service about.
     */
    async holidayNotice(): Promise<string | null> {
      const [holidays, furthest] = await Promise.all([reference.bankHolidays(), reviews.furthestOpenDate()])
      const lastYear = holidays.at(-1)?.date.slice(0, 4)
      if (!lastYear || !furthest || furthest <= `${lastYear}-12-31`) return null
      return `Reviews are planned up to ${formatDate(furthest)}, but bank holidays are known only to the end of ${lastYear}.`
    },

    async replaceBankHolidays(by: CurrentUser, document: unknown): Promise<number> {
      const data = parse(bankHolidaysDocument, document)
      const byDate = new Map(data['england-and-wales'].events.map(e => [e.date, e.title]))
      const rows = [...byDate].map(([date, title]) => ({ date, title })).sort((a, b) => a.date.localeCompare(b.date))
      await reference.replaceBankHolidays(rows)
      await audit.record({ userId: by.id, action: 'replace_bank_holidays', detail: { count: rows.length } }, now())
      return rows.length
    },
  }
}

export type ReferenceService = ReturnType<typeof createReferenceService>
