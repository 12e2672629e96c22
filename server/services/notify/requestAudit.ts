import { AsyncLocalStorage } from 'node:async_hooks'
import type { CurrentUser } from '../../roles'

/**
 * The request a service is serving, as the audit trail needs it: where it came from, who is signed in,
 * and the reads already recorded (so a page that reads one record twice writes one row). Set by
 * server/middleware/auditRequests.ts for every request; services never see `req`.
 */
export interface RequestAudit {
  /** The address the request came from (Express's `req.ip`, behind the trusted proxy when there is one). */
  ip(): string | null
  /** The signed-in user, once the session or bearer token has been read. */
  user(): CurrentUser | undefined
  /** Reads recorded in this request, by what, which person and which record. */
  readonly recorded: Set<string>
  /** Records that this request was refused (a 403, or a 404 for something not theirs). */
  refused(status: number): Promise<void>
  /**
   * The case-data version read in the same statement as this GET's session (middleware/setUpSession.ts),
   * for the first read of data kept in memory (data/caseDataCache.ts) to compare with instead of
   * reading it again: read before any of the page's data, as that comparison needs. Taken once.
   */
  caseDataVersion?: number
}

// One store per request, carried through its async work; nothing is kept between requests.
const storage = new AsyncLocalStorage<RequestAudit>()

export const requestAudit = {
  /** Runs the rest of the request (`next`) with its audit context. */
  run: (context: RequestAudit, next: () => void) => storage.run(context, next),
  /** The audit context of the request being served, if any (none in the worker, the CLI or seeds). */
  current: (): RequestAudit | undefined => storage.getStore(),
  /** The case-data version read with this request's session, once (undefined after, or when none was read). */
  takeCaseDataVersion: (): number | undefined => {
    const context = storage.getStore()
    const version = context?.caseDataVersion
    if (context) context.caseDataVersion = undefined
    return version
  },
}
