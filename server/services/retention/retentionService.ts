import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository } from '../../data/caseRepository'
import type { RetentionRepository } from '../../data/retentionRepository'
import type { UnitOfWork } from '../../data/unitOfWork'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors'
import { newId } from '../../utils/ids'
import { addDays, todayIn } from '../../utils/dates'
import {
  DEFAULT_RETENTION,
  PERSON_KINDS,
  endedByBound,
  REVIEW_DAYS,
  parseRetentionSettings,
  schedule,
  type RetentionSettings,
} from './retentionRules'

const REASON_MAX = 1000

/**
 * Retention for administrators (DPA 2018 s.39: kept no longer than necessary, reviewed periodically;
 * s.47(2): restricted instead of erased while needed as evidence): the periods, the records due for
 * deletion in the next 30 days (and overdue), and legal holds. Every read and change is audited.
 */
export function createRetentionService(deps: {
  clock: Clock
  uow: Pick<UnitOfWork, 'run'>
  audit: Pick<AuditTrail, 'record' | 'viewed' | 'listed'>
  retention: RetentionRepository
  cases: Pick<CaseRepository, 'person' | 'scopeFor'>
}) {
  const { clock, uow, audit, retention, cases } = deps
  const now = () => clock.now().toISOString()

  const onlyAdmins = (user: CurrentUser) => {
    if (user.role !== 'admin') throw new ForbiddenError('Only an administrator manages retention')
  }

  async function settings(): Promise<RetentionSettings> {
    const rows = await retention.settings()
    return { ...DEFAULT_RETENTION, ...Object.fromEntries(rows.map(r => [r.kind, r.years])) }
  }

  async function personFor(user: CurrentUser, personId: string) {
    onlyAdmins(user)
    const person = await cases.person(personId, await cases.scopeFor(user))
    if (!person) throw new NotFoundError('Person not found')
    return person
  }

  return {
    settings,

    /** The periods with who last changed each, for the settings page. */
    async settingRows(user: CurrentUser) {
      onlyAdmins(user)
      return retention.settings()
    },

    async updateSettings(user: CurrentUser, input: Record<string, unknown>): Promise<RetentionSettings> {
      onlyAdmins(user)
      const { settings: parsed, errors } = parseRetentionSettings(input)
      if (!parsed) throw new ValidationError(errors)
      const before = await settings()
      await uow.run(async tx => {
        await retention.saveSettings(parsed, user.id, now(), tx)
        await audit.record(
          { userId: user.id, action: 'update_retention_settings', personId: null, detail: { before, after: parsed } },
          now(),
          tx,
        )
      })
      return parsed
    },

    /**
     * People with records due for deletion or anonymisation within the next 30 days, or overdue (the job
     * has not run, or a hold keeps them), soonest first, with the kinds due and how many records each.
     */
    async due(user: CurrentUser) {
      onlyAdmins(user)
      const today = todayIn(clock)
      const periods = await settings()
      const shortest = Math.min(...PERSON_KINDS.map(k => periods[k]))
      // Due on or before today + 30 days: the last order ended a day before that, less the shortest period.
      const endedBy = endedByBound(addDays(today, REVIEW_DAYS), shortest)
      const people = []
      for (const c of await retention.candidates(endedBy)) {
        const kinds = schedule(c.lastEnd, periods, today).filter(s => s.inDays <= REVIEW_DAYS)
        if (!kinds.length) continue
        const counts = await retention.counts(
          c.personId,
          kinds.map(k => k.kind),
        )
        const due = kinds
          .map(k => ({ ...k, count: counts[k.kind] ?? 0 }))
          .filter(k => k.count > 0 || k.kind === 'case_record')
        if (due.length) people.push({ ...c, kinds: due, soonest: Math.min(...due.map(k => k.inDays)) })
      }
      people.sort((a, b) => a.soonest - b.soonest || a.lastEnd.localeCompare(b.lastEnd))
      await audit.listed(user, { action: 'view_retention_due', people: people.map(p => p.personId) })
      return { today, periods, people }
    },

    /** A person's hold in force and its history, for the hold page. */
    async holds(user: CurrentUser, personId: string) {
      const person = await personFor(user, personId)
      const history = await retention.holdsFor(personId)
      await audit.viewed(user, { action: 'view_legal_hold', personId, subjectType: 'person', subjectId: personId })
      return { person, inForce: history.find(h => !h.liftedAt) ?? null, history }
    },

    /** s.47(2): the person's records are kept (not deleted or anonymised) until the hold is lifted. */
    async placeHold(user: CurrentUser, personId: string, reasonInput: unknown) {
      await personFor(user, personId)
      const reason = checkedReason(reasonInput, 'reason', 'why the records must be kept')
      await uow.run(async tx => {
        const placed = await retention.placeHold(
          { id: newId(), personId, reason, placedBy: user.id, placedAt: now() },
          tx,
        )
        if (!placed) throw new ConflictError('A legal hold is already in force on this person’s records')
        await audit.record(
          { userId: user.id, action: 'place_legal_hold', personId, subjectType: 'person', subjectId: personId },
          now(),
          tx,
        )
      })
    },

    async liftHold(user: CurrentUser, personId: string, reasonInput: unknown) {
      await personFor(user, personId)
      const reason = checkedReason(reasonInput, 'liftReason', 'why the hold is no longer needed')
      await uow.run(async tx => {
        if (!(await retention.liftHold(personId, user.id, now(), reason, tx)))
          throw new ConflictError('There is no legal hold in force on this person’s records')
        await audit.record(
          { userId: user.id, action: 'lift_legal_hold', personId, subjectType: 'person', subjectId: personId },
          now(),
          tx,
        )
      })
    },
  }
}

function checkedReason(input: unknown, field: string, what: string): string {
  const reason = typeof input === 'string' ? input.trim() : ''
  if (!reason) throw new ValidationError([{ field, message: `Enter ${what}` }])
  if (reason.length > REASON_MAX)
    throw new ValidationError([{ field, message: `The reason must be ${REASON_MAX} characters or fewer` }])
  return reason
}

export type RetentionService = ReturnType<typeof createRetentionService>
