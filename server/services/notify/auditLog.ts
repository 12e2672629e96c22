import type { AuditFilter, AuditRepository, AuditRow } from '../../data/auditRepository'
import type { CaseRepository } from '../../data/caseRepository'
import type { UserRepository } from '../../data/userRepository'
import type { CurrentUser } from '../../roles'
import type { AuditTrail } from './auditTrail'
import { subjectKey } from '../../data/auditSubjects'
import { ForbiddenError, NotFoundError } from '../../errors'
import { addDays, londonDateTime, type IsoDate } from '../../utils/dates'
import { describeAuditRow, type AuditEventView } from './auditWords'
import { auditCsvHeader, auditCsvLine } from './auditCsv'

export type { AuditEventView }

export const AUDIT_PAGE_SIZE = 50
const EXPORT_BATCH = 500

/** What the admin filters the audit log by; dates are London calendar days, both ends included. */
export interface AuditQuery {
  personId?: string
  userId?: string
  action?: string
  from?: IsoDate
  to?: IsoDate
}

export interface AuditPage {
  events: AuditEventView[]
  total: number
  page: number
  pageCount: number
  /** 1-based positions of the first and last events shown ("Showing 51 to 100 of 1,234"). */
  first: number
  last: number
}

const startOfDay = (date: IsoDate) => londonDateTime(date).toUTC().toISO()

/** The repository's filter for a query: London days as UTC instants, the `to` day included. */
export function auditFilter(q: AuditQuery): AuditFilter {
  return {
    personId: q.personId || undefined,
    userId: q.userId || undefined,
    action: q.action || undefined,
    from: q.from ? startOfDay(q.from) : undefined,
    to: q.to ? startOfDay(addDays(q.to, 1)) : undefined,
  }
}

/** The filter as it is recorded in an audit row's detail: ids, codes and dates only. */
const recordedFilter = (q: AuditQuery) =>
  Object.fromEntries(
    Object.entries({ userId: q.userId, action: q.action, from: q.from, to: q.to }).filter(([, v]) => v),
  )

/**
 * Reading the audit log: the administrator's page and CSV (every event, filtered), and "who has seen
 * this record" for a person (clerks and admins). Each read of the log is itself audited.
 */
export function createAuditLog(deps: {
  audit: AuditRepository
  trail: Pick<AuditTrail, 'viewed' | 'listed'>
  cases: CaseRepository
  users: UserRepository
}) {
  const { audit, trail, cases, users } = deps

  const onlyAdmins = (user: CurrentUser) => {
    if (user.role !== 'admin') throw new ForbiddenError('Only an administrator reads the audit log')
  }

  async function describe(rows: AuditRow[]): Promise<AuditEventView[]> {
    const facts = await audit.subjectFacts(
      rows.filter(r => r.subjectType && r.subjectId).map(r => ({ type: r.subjectType!, id: r.subjectId! })),
    )
    return rows.map(r =>
      describeAuditRow(r, r.subjectType ? facts.get(subjectKey(r.subjectType, r.subjectId!)) : undefined),
    )
  }

  async function page(filter: AuditFilter, wanted: number): Promise<AuditPage> {
    const total = await audit.count(filter)
    const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
    const n = Math.min(Math.max(1, Math.floor(wanted) || 1), pageCount)
    const rows = await audit.list({ ...filter, limit: AUDIT_PAGE_SIZE, offset: (n - 1) * AUDIT_PAGE_SIZE })
    const first = rows.length ? (n - 1) * AUDIT_PAGE_SIZE + 1 : 0
    return { events: await describe(rows), total, page: n, pageCount, first, last: first ? first + rows.length - 1 : 0 }
  }

  return {
    /** The actions recorded so far, for the filter's list. */
    async actions(user: CurrentUser): Promise<string[]> {
      onlyAdmins(user)
      return audit.actions()
    },

    /** Every user, for the filter's list (disabled users too: what they did stays on record). */
    async users(user: CurrentUser) {
      onlyAdmins(user)
      return (await users.list({ includeDisabled: true })).map(u => ({ id: u.id, name: u.name, role: u.role }))
    },

    /** People matching a name or CRN, to filter by one of them: a read of case data, audited as a search. */
    async findPeople(user: CurrentUser, term: string) {
      onlyAdmins(user)
      const people = await cases.search(term, { kind: 'all' }, 20)
      await trail.listed(user, { action: 'search_people', people: people.map(p => p.id) })
      return people.map(p => ({ id: p.id, name: p.name, crn: p.crn }))
    },

    /** The person a filter names, or 404. */
    async person(user: CurrentUser, personId: string) {
      onlyAdmins(user)
      const person = await cases.person(personId, { kind: 'all' })
      if (!person) throw new NotFoundError('Person not found')
      return { id: person.id, name: person.name, crn: person.crn }
    },

    /** One page of events, newest first; the read is recorded (with the person, when the filter names one). */
    async search(user: CurrentUser, query: AuditQuery, wanted = 1): Promise<AuditPage> {
      onlyAdmins(user)
      const result = await page(auditFilter(query), wanted)
      await trail.viewed(user, {
        action: 'view_audit',
        personId: query.personId ?? null,
        detail: { ...recordedFilter(query), page: result.page, count: result.total },
      })
      return result
    },

    /**
     * The same events as CSV, oldest page last (newest first), read in batches so a large export
     * never sits in memory. Recorded before the first line is sent.
     */
    async exportCsv(user: CurrentUser, query: AuditQuery): Promise<AsyncIterable<string>> {
      onlyAdmins(user)
      const filter = auditFilter(query)
      const count = await audit.count(filter)
      await trail.viewed(user, {
        action: 'export_audit',
        personId: query.personId ?? null,
        detail: { ...recordedFilter(query), count },
      })
      return (async function* () {
        yield auditCsvHeader()
        let beforeId: number | undefined
        for (;;) {
          const rows = await audit.list({ ...filter, beforeId, limit: EXPORT_BATCH })
          if (!rows.length) return
          for (const event of await describe(rows)) yield auditCsvLine(event)
          beforeId = rows[rows.length - 1].id
        }
      })()
    },

    /**
     * Who has seen or changed this person's records, newest first: for clerks and admins, who see
     * every case. The read is recorded against the person too.
     */
    async forPerson(user: CurrentUser, personId: string, wanted = 1) {
      if (user.role !== 'clerk' && user.role !== 'admin') throw new ForbiddenError()
      const person = await cases.person(personId, await cases.scopeFor(user))
      if (!person) throw new NotFoundError('Person not found')
      const result = await page({ personId: person.id }, wanted)
      await trail.viewed(user, {
        action: 'view_person_audit',
        personId: person.id,
        subjectType: 'person',
        subjectId: person.id,
        detail: { page: result.page },
      })
      return { person, ...result }
    },
  }
}

export type AuditLog = ReturnType<typeof createAuditLog>
