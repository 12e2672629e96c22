import type { CurrentUser } from '../../roles'
import type { EqualityAnswers, EqualityRepository } from '../../data/equalityRepository'
import type { ReferenceRepository } from '../../data/referenceRepository'
import type { AuditTrail } from '../notify/auditTrail'
import { NotFoundError, ValidationError } from '../../errors'
import { isIsoDate } from '../../utils/dates'
import { equalityTables, type EqualityRow } from './equalityRules'

/** The words under each table, so a bench chair can quote what the figures count. */
export const EQUALITY_DEFINITIONS = {
  cohort:
    'People with a review at this court whose hearing date falls in the period (the same reviews the other figures count).',
  sex: 'People by sex, as the person chose to tell us (optional); hearings are their review hearings that took place, and the share they attended.',
  ethnicity:
    'People by ethnic group (the five broad groups of the Ministry of Justice’s statistics), as the person chose to tell us (optional); hearings and attendance as for sex.',
  suppression:
    'A group of fewer than 5 people is shown as “fewer than 5”, and another group is withheld where needed so it cannot be worked out from the total.',
}

export type EqualityResult = Awaited<ReturnType<EqualityService['forCourt']>>

/**
 * Equality monitoring (issue 22 point 4): a court's cohort counted by sex and by ethnic group, with small
 * cells withheld (equalityRules.ts). Counts only; nobody is named, listed, or shown their own answers.
 */
export function createEqualityService(deps: {
  audit: Pick<AuditTrail, 'listed'>
  equality: EqualityRepository
  reference: ReferenceRepository
}) {
  const { audit, equality, reference } = deps
  return {
    async forCourt(user: CurrentUser, courtId: string, from: string, to: string) {
      const court = await reference.court(courtId)
      // As the insight figures (insightService.ts): admins every court, sentencers their linked courts, clerks
      // every court until linked to courts, then those. Another court is not theirs (404).
      const everyCourt = user.role === 'admin' || (user.role === 'clerk' && user.courtIds.length === 0)
      const mayRead = everyCourt || (['clerk', 'sentencer'].includes(user.role) && user.courtIds.includes(courtId))
      if (!court || !mayRead) throw new NotFoundError('Court not found')
      const errors = [
        ...(isIsoDate(from) ? [] : [{ field: 'from', message: 'from must be a date like 2027-01-31' }]),
        ...(isIsoDate(to) ? [] : [{ field: 'to', message: 'to must be a date like 2027-01-31' }]),
      ]
      if (!errors.length && from > to) errors.push({ field: 'from', message: 'from must be on or before to' })
      if (errors.length) throw new ValidationError(errors)
      const tables = equalityTables(await equality.groups(courtId, from, to))
      // Counts only: the figures name no person, so the row lists none.
      await audit.listed(user, {
        action: 'view_equality',
        people: [],
        subjectType: 'court',
        subjectId: courtId,
        detail: { from, to },
      })
      return { courtId, from, to, definitions: EQUALITY_DEFINITIONS, ...tables }
    },

    /**
     * A person's answers for the clerk's form (the clerk records them); nobody else is shown them. The caller
     * has read the person through the case service (scoped, audited) first.
     */
    async answersFor(user: CurrentUser, personId: string): Promise<EqualityAnswers> {
      if (user.role !== 'clerk') throw new NotFoundError('Person not found')
      const answers = await equality.answers(personId)
      if (!answers) throw new NotFoundError('Person not found')
      return answers
    },
  }
}

export type EqualityService = ReturnType<typeof createEqualityService>

const cell = (row: Pick<EqualityRow, 'suppressed'>, value: number | null) =>
  row.suppressed === 'small' ? 'fewer than 5' : row.suppressed ? 'withheld' : value === null ? '' : String(value)

/**
 * The figures as CSV rows (header first) for the insight CSV: dimension, group, people, hearings, attended %.
 * Withheld figures read "fewer than 5" or "withheld", never a number.
 */
export function equalityCsvRows(result: EqualityResult): string[][] {
  const rows: string[][] = [['dimension', 'group', 'people', 'hearings', 'attendedPercent']]
  const add = (dimension: string, r: EqualityRow) =>
    rows.push([dimension, r.label, cell(r, r.people), cell(r, r.hearings), cell(r, r.attendedPercent)])
  for (const r of result.sex) add('sex', r)
  for (const r of result.ethnicity) add('ethnicity', r)
  const t = result.total
  rows.push(['all', 'All people', cell(t, t.people), cell(t, t.hearings), cell(t, t.attendedPercent)])
  return rows
}
