import type { Clock } from '../../utils/clock'
import type { Logger } from '../../logger'
import type { AuditTrail } from '../notify/auditTrail'
import type { RetentionRepository } from '../../data/retentionRepository'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { RetentionKind } from '../../data/personLinkedTables'
import { todayIn, type IsoDate } from '../../utils/dates'
import {
  DEFAULT_RETENTION,
  PERSON_KINDS,
  auditCutoff,
  endedByBound,
  kindsDue,
  type RetentionSettings,
} from './retentionRules'

/** How often a worker checks whether the day's run is still to do (a read; the run itself is once a day). */
export const RETENTION_CHECK_MS = 15 * 60 * 1000

export interface RetentionRunResult {
  day: IsoDate
  /** Rows deleted, by kind (the case record's rows deleted when the person was anonymised). */
  deleted: Record<RetentionKind, number>
  peopleAnonymised: number
  /** People with records past their date that a legal hold keeps. */
  peopleHeld: number
}

/**
 * The daily retention job (DPA 2018 s.39(1) storage limitation, s.47(1)(a) erasure without undue delay,
 * s.47(2) restriction under a legal hold, s.62(1) erasure logged). For each person whose records have
 * passed their date and who is not under a legal hold, in one transaction per person: the kinds past
 * keeping are deleted, and once every kind has passed, the rest of the case record is deleted and the
 * person anonymised; a row in the audit log says which kinds and how many (ids and counts only). Then
 * audit rows older than the audit period go, except those about a held person. Running it again the
 * same day does nothing more: what was deleted is gone, and an anonymised person is not a candidate.
 */
export function createRetentionJob(deps: {
  clock: Clock
  uow: Pick<UnitOfWork, 'run'>
  audit: Pick<AuditTrail, 'record'>
  retention: RetentionRepository
  logger?: Logger
}) {
  const { clock, uow, audit, retention, logger } = deps
  const now = () => clock.now().toISOString()

  async function settings(): Promise<RetentionSettings> {
    const rows = await retention.settings()
    return { ...DEFAULT_RETENTION, ...Object.fromEntries(rows.map(r => [r.kind, r.years])) }
  }

  async function run(): Promise<RetentionRunResult> {
    const today = todayIn(clock)
    const periods = await settings()
    const deleted = Object.fromEntries([...PERSON_KINDS, 'audit'].map(k => [k, 0])) as Record<RetentionKind, number>
    let peopleAnonymised = 0
    let peopleHeld = 0
    const shortest = Math.min(...PERSON_KINDS.map(k => periods[k]))
    // Past keeping today: the last order ended before today less the shortest period.
    const endedBy = endedByBound(today, shortest)
    for (const person of await retention.candidates(endedBy)) {
      const kinds = kindsDue(person.lastEnd, periods, today)
      if (!kinds.length) continue
      if (person.held) {
        peopleHeld += 1
        continue
      }
      await uow.run(async tx => {
        const counts: Partial<Record<RetentionKind, number>> = {}
        for (const kind of kinds) counts[kind] = await retention.deleteKind(person.personId, kind, tx)
        const anonymised = kinds.includes('case_record')
        if (anonymised) await retention.anonymise(person.personId, now(), tx)
        const removed = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0)
        if (!removed && !anonymised) return
        for (const [kind, n] of Object.entries(counts)) deleted[kind as RetentionKind] += n ?? 0
        if (anonymised) peopleAnonymised += 1
        await audit.record(
          {
            userId: null,
            action: 'retention_applied',
            personId: person.personId,
            subjectType: 'person',
            subjectId: person.personId,
            detail: { deleted: counts, anonymised },
          },
          now(),
          tx,
        )
      })
    }
    deleted.audit = await uow.run(tx => retention.purgeAudit(auditCutoff(periods, today), tx))
    const result = { day: today, deleted, peopleAnonymised, peopleHeld }
    await audit.record({ userId: null, action: 'retention_run', personId: null, detail: { ...result, periods } }, now())
    logger?.info({ retention: result }, 'retention job ran')
    return result
  }

  /** Once a London day, whichever worker claims the day first. Returns null when it already ran today. */
  async function runDaily(): Promise<RetentionRunResult | null> {
    const day = todayIn(clock)
    if (!(await retention.claimDay(day, now()))) return null
    const result = await run()
    await retention.finishDay(day, now())
    return result
  }

  /** A timer that tries the day's run every `intervalMs` (the first straight away); stop() waits for a run. */
  function schedule(intervalMs: number) {
    let timer: NodeJS.Timeout | null = null
    let running: Promise<unknown> | null = null
    let stopped = false
    const tick = () => {
      running = runDaily()
        .catch(err => logger?.error({ err: err instanceof Error ? err.message : String(err) }, 'retention job failed'))
        .finally(() => {
          running = null
          if (!stopped) {
            timer = setTimeout(tick, intervalMs)
            timer.unref()
          }
        })
    }
    return {
      start: () => tick(),
      async stop() {
        stopped = true
        if (timer) clearTimeout(timer)
        await running
      },
    }
  }

  return { run, runDaily, schedule }
}

export type RetentionJob = ReturnType<typeof createRetentionJob>
