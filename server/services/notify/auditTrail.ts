import type { AuditEntry, AuditFilter, AuditRepository, AuditRow } from '../../data/auditRepository'
import type { TxLike, UnitOfWork } from '../../data/unitOfWork'

export type { AuditEntry, AuditFilter, AuditRow }

/**
 * Something that must happen in the same transaction as a recorded change: the email outbox is
 * written this way, so a change and the notices it causes are committed together or not at all.
 */
export interface AuditListener {
  actions: ReadonlySet<string>
  onRecorded(entry: AuditEntry, at: string, tx: TxLike): Promise<void>
}

/**
 * The audit trail as services record to it: the row, then what the change sets off (its emails),
 * in the caller's transaction, or in one opened here when the caller has none and a listener is
 * interested. A `tx`, when given, is a transaction (a unit of work's).
 */
export function createAuditTrail(deps: {
  audit: AuditRepository
  uow: Pick<UnitOfWork, 'run'>
  listeners: readonly AuditListener[]
}) {
  const { audit, uow, listeners } = deps
  return {
    async record(entry: AuditEntry, at: string, tx?: TxLike): Promise<void> {
      const interested = listeners.filter(l => l.actions.has(entry.action))
      if (!interested.length) return audit.insert(entry, at, tx)
      const run = async (t: TxLike) => {
        await audit.insert(entry, at, t)
        for (const l of interested) await l.onRecorded(entry, at, t)
      }
      if (tx) return run(tx)
      await uow.run(run)
    },

    /** The newest first, with the user's name. */
    list(filter: AuditFilter): Promise<AuditRow[]> {
      return audit.list(filter)
    },
  }
}

export type AuditTrail = ReturnType<typeof createAuditTrail>
