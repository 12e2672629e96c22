import type { AuditEntry, AuditFilter, AuditRepository, AuditRow } from '../../data/auditRepository'
import type { TxLike, UnitOfWork } from '../../data/unitOfWork'
import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import { requestAudit } from './requestAudit'

export type { AuditEntry, AuditFilter, AuditRow }

/**
 * Something that must happen in the same transaction as a recorded change: the email outbox is
 * written this way, so a change and the notices it causes are committed together or not at all.
 */
export interface AuditListener {
  actions: ReadonlySet<string>
  onRecorded(entry: AuditEntry, at: string, tx: TxLike): Promise<void>
}

/** A read of case data: what was read, and the one person it concerns (when it concerns one). */
export interface ReadEntry {
  action: string
  personId?: string | null
  subjectType?: string
  subjectId?: string
  /** Ids, counts and codes only: never names, search terms, free text or health data. */
  detail?: Record<string, unknown>
  /** The address the read came from, when the caller has it; else the request's. */
  ip?: string | null
}

/** A read of a list or a search: one row for the whole list, naming the people on it by id only. */
export interface ListEntry extends Omit<ReadEntry, 'personId'> {
  people: readonly string[]
}

/** A refused access: a 403 for a role that may not use the route, or a 404 for something not theirs. */
export interface Refusal {
  user: CurrentUser
  ip: string | null
  method: string
  /** The path only: never the query string (a search term is a name). */
  path: string
  status: number
}

export const ACCESS_REFUSED = 'access_refused'

/**
 * The audit trail as services record to it: the row, then what the change sets off (its emails),
 * in the caller's transaction, or in one opened here when the caller has none and a listener is
 * interested. A `tx`, when given, is a transaction (a unit of work's).
 *
 * Every read of case data is recorded too (DPA 2018 s.62; ASVS 5.0 16.3.2), by the service that
 * scopes it (`viewed`, `listed`); the address and the signed-in user come from the request being
 * served (requestAudit.ts) when the service was not given them.
 */
export function createAuditTrail(deps: {
  audit: AuditRepository
  uow: Pick<UnitOfWork, 'run'>
  listeners: readonly AuditListener[]
  clock: Clock
}) {
  const { audit, uow, listeners, clock } = deps

  async function record(entry: AuditEntry, at: string, tx?: TxLike): Promise<void> {
    const request = requestAudit.current()
    const signedIn = request?.user()
    const full: AuditEntry = {
      ...entry,
      ip: entry.ip !== undefined ? entry.ip : (request?.ip() ?? null),
      role:
        entry.role !== undefined ? entry.role : signedIn && signedIn.id === entry.userId ? signedIn.role : undefined,
    }
    const interested = listeners.filter(l => l.actions.has(full.action))
    if (!interested.length) return audit.insert(full, at, tx)
    const run = async (t: TxLike) => {
      await audit.insert(full, at, t)
      for (const l of interested) await l.onRecorded(full, at, t)
    }
    if (tx) return run(tx)
    await uow.run(run)
  }

  async function viewed(user: CurrentUser | null | undefined, read: ReadEntry): Promise<void> {
    const request = requestAudit.current()
    const reader = user ?? request?.user()
    // A read nobody asked for (the worker building a digest) is not a consultation of the record.
    if (!reader) return
    const key = [reader.id, read.action, read.subjectType, read.subjectId, read.personId].join('|')
    if (request?.recorded.has(key)) return
    request?.recorded.add(key)
    await record(
      {
        userId: reader.id,
        role: reader.role,
        action: read.action,
        personId: read.personId ?? null,
        subjectType: read.subjectType,
        subjectId: read.subjectId,
        detail: read.detail,
        ip: read.ip ?? undefined,
      },
      clock.now().toISOString(),
    )
  }

  return {
    record,

    /**
     * Records that the user (else the signed-in user of the request) read case data. Once per
     * request for the same read; nothing when nobody is signed in.
     */
    viewed,

    /** Records one row for a list or search the user read, with the people it named (ids only). */
    listed(user: CurrentUser | null | undefined, list: ListEntry): Promise<void> {
      const { people, detail, ...read } = list
      const personIds = [...new Set(people)]
      return viewed(user, { ...read, personId: null, detail: { ...detail, count: people.length, personIds } })
    },

    /** Records a refused access (ASVS 5.0 16.3.2): who, their role, from where, which method and path. */
    refused(refusal: Refusal): Promise<void> {
      const { user, ip, method, path, status } = refusal
      return record(
        {
          userId: user.id,
          role: user.role,
          action: ACCESS_REFUSED,
          personId: null,
          ip,
          detail: { method, path, status },
        },
        clock.now().toISOString(),
      )
    },

    /** The newest first, with the user's name. */
    list(filter: AuditFilter): Promise<AuditRow[]> {
      return audit.list(filter)
    },
  }
}

export type AuditTrail = ReturnType<typeof createAuditTrail>
