import type { AuditRow, SubjectFacts } from '../../data/auditRepository'
import { isRole, ROLE_NAMES } from '../../roles'
import { auditActionText, auditSubjectText, refusalText } from '../../content/auditActions'
import { isId } from '../../utils/ids'
import { formatDate, formatShortDate } from '../../utils/dates'

/** An audit row in words, for the audit pages and their CSV: names, not ids. */
export interface AuditEventView {
  id: number
  at: string
  userId: string | null
  /** The user's name, or "Not signed in" / "A former user". */
  who: string
  /** The role's name when they acted, or empty. */
  role: string
  action: string
  what: string
  personId: string | null
  personName: string
  personCrn: string
  /** The record, described: "Review 3 (7 Apr 2026)", "Court list: sitting on …", "GET /people/… (404)". */
  record: string
  ip: string
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

const article = (word: string) => (/^[aeiou]/i.test(word) ? `An ${word}` : `A ${word}`)

function subjectText(row: AuditRow, facts: SubjectFacts | undefined): string {
  const count = row.detail?.count
  switch (row.subjectType) {
    case 'person':
      return 'Their record'
    case 'document':
      return 'A pre-sentence report (PDF)'
    case 'email':
      return 'An email'
    case 'upload':
      return typeof count === 'number'
        ? `A file of ${plural(count, 'drug test', 'drug tests')}`
        : 'A file of drug tests'
    case 'warrant':
      return row.subjectId && isId(row.subjectId) ? 'A warrant' : 'The warrants'
  }
  if (!facts) return row.subjectType ? `${article(auditSubjectText(row.subjectType))} no longer recorded` : ''
  switch (facts.type) {
    case 'review':
      return `Review ${facts.sequence} (${formatShortDate(facts.reviewDate)}${facts.mode === 'paper' ? ', without a hearing' : ''})`
    case 'sitting':
      return `Sitting on ${formatDate(facts.date)}, courtroom ${facts.courtroom}, ${facts.courtName}`
    case 'order':
      return `Order ${facts.caseReference}`
    case 'requirement':
      return `${facts.kind} requirement`
    case 'court':
      return facts.name
    case 'user':
      return `User ${facts.name}`
    case 'organisation':
      return facts.name
  }
  return ''
}

/** What the row's record was, in words; a list says how many people it named, a refusal what was asked for. */
export function recordText(row: AuditRow, facts: SubjectFacts | undefined): string {
  const detail = row.detail ?? {}
  if (row.action === 'access_refused') return refusalText(detail.method, detail.path, detail.status)
  if (row.action === 'view_audit' || row.action === 'export_audit') return 'The audit log'
  const subject = subjectText(row, facts)
  const listed = Array.isArray(detail.personIds) && typeof detail.count === 'number'
  if (!listed) return subject
  const people = `${plural(detail.count as number, 'person', 'people')} listed`
  return subject ? `${subject}: ${people}` : people
}

export function describeAuditRow(row: AuditRow, facts: SubjectFacts | undefined): AuditEventView {
  return {
    id: row.id,
    at: row.at,
    userId: row.userId,
    who: row.userName ?? (row.userId ? 'A former user' : 'Not signed in'),
    role: isRole(row.role) ? ROLE_NAMES[row.role] : '',
    action: row.action,
    what: auditActionText(row.action),
    personId: row.personId,
    personName: row.personName ?? (row.personId ? 'A person no longer recorded' : ''),
    personCrn: row.personCrn ?? '',
    record: recordText(row, facts),
    // An IPv4 address as people write it, not as an IPv6 socket reports it ("::ffff:10.0.0.1").
    ip: (row.ip ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ''),
  }
}
