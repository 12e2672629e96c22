import type { AuditEventView } from './auditWords'

// ASVS 5.0 1.2.10: RFC 4180 quoting, and a cell a spreadsheet would run as a formula (starting with
// = + - @, a tab, a carriage return or a null) is made inert with a leading single quote.
const FORMULA = /^[=+\-@\t\r\0]/

export function auditCsvCell(value: string | number | null | undefined): string {
  let v = value === null || value === undefined ? '' : String(value)
  if (FORMULA.test(v)) v = `'${v}`
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

const line = (cells: (string | number | null)[]) => `${cells.map(auditCsvCell).join(',')}\r\n`

export const AUDIT_CSV_COLUMNS = [
  'When (UTC)',
  'User',
  'Role',
  'What',
  'Action',
  'Person',
  'CRN',
  'Record',
  'Address',
  'User id',
  'Person id',
] as const

export const auditCsvHeader = () => line([...AUDIT_CSV_COLUMNS])

export const auditCsvLine = (e: AuditEventView) =>
  line([e.at, e.who, e.role, e.what, e.action, e.personName, e.personCrn, e.record, e.ip, e.userId, e.personId])
