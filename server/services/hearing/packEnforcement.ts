import type { NonAttendanceRow, WarrantRow } from '../../data/enforcementRepository'
import type { BreachRow } from '../../data/breachRepository'
import type { AmendmentRow, ApplicationRow } from '../../data/amendmentRepository'
import type { PackAmendment, PackEnforcement } from './packTypes'
import {
  AMENDMENT_FIELDS,
  BREACH_POWERS,
  BREACH_STATUS,
  NON_ATTENDANCE_ACTIONS,
  APPLICATION_KINDS,
  APPLICATION_STATUS,
} from '../../content/labels'
import { formatShortDate, localDateOf } from '../../utils/dates'

// A case's "Enforcement and changes" in the pack (issue 21): pure functions of the rows read for it.

/** Names for the ids an amendment records (providers, courts); null when the id is unknown. */
export interface AmendmentNames {
  organisation: (id: string) => string | null
  court: (id: string) => string | null
}

const none = (v: unknown) => v === null || v === undefined || v === ''
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`

/** A field's value in words: a length in months, a provider's or court's name, yes or no. */
export function amendmentValue(field: string, v: unknown, names: AmendmentNames): string {
  if (field === 'providerOrganisationId')
    return none(v) ? 'Not referred' : (names.organisation(String(v)) ?? 'Unknown provider')
  if (field === 'responsibleCourtId') return none(v) ? 'Not recorded' : (names.court(String(v)) ?? 'Unknown court')
  if (none(v)) return 'Not recorded'
  if (field === 'months') return plural(Number(v), 'month')
  if (field === 'reviewIntervalMonths') return Number(v) === 1 ? 'Every month' : `Every ${plural(Number(v), 'month')}`
  if (field === 'residential') return v === true || v === 1 || v === 'true' ? 'Yes' : 'No'
  return String(v)
}

const amendment = (a: AmendmentRow, names: AmendmentNames): PackAmendment => ({
  date: formatShortDate(a.madeOn),
  changes: Object.entries(a.changes).map(([field, c]) => ({
    field: AMENDMENT_FIELDS[field] ?? field,
    from: amendmentValue(field, c?.from, names),
    to: amendmentValue(field, c?.to, names),
  })),
  reason: a.reason,
  consent: a.consent ? 'The person consented' : 'Made without the person’s consent',
})

const money = (n: number) => `£${Number.isInteger(n) ? n : n.toFixed(2)}`

/** A decided breach's outcome in words: "Proved: a fine of £150", "Not proved". */
export function breachOutcome(b: Pick<BreachRow, 'status' | 'proved' | 'power' | 'fineAmount'>): string | null {
  if (b.status !== 'decided') return null
  if (b.proved === false || b.power === 'not_proved') return 'Not proved'
  const power = b.power ? (BREACH_POWERS[b.power] ?? b.power) : 'no power recorded'
  return `Proved: ${power}${b.power === 'fine' && b.fineAmount !== null ? ` of ${money(b.fineAmount)}` : ''}`
}

const bailWords = (bail: boolean) => (bail ? 'Backed for bail' : 'Not backed for bail')

/** What the court did about a missed hearing, with where a warrant now stands. */
function nonAttendanceAction(n: NonAttendanceRow, warrants: WarrantRow[]): string {
  const words = NON_ATTENDANCE_ACTIONS[n.action] ?? n.action
  if (n.action === 'summons' && n.summonsOn) return `${words} for ${formatShortDate(n.summonsOn)}`
  const w = n.warrantId ? warrants.find(x => x.id === n.warrantId) : undefined
  if (!w) return words
  const state =
    w.status === 'open'
      ? 'not yet executed'
      : w.status === 'executed'
        ? `executed ${formatShortDate(w.executedOn ?? w.issuedOn)}`
        : 'withdrawn'
  return `${words} (${bailWords(w.bail).toLowerCase()}), ${state}`
}

/**
 * One requirement's enforcement and changes, each list oldest first, or null when there is nothing
 * to show. Amendments made on or after the last review's day are "since the last review": one made
 * at that hearing was not in the pack the bench read then.
 */
export function packEnforcement(c: {
  warrants: (WarrantRow & { missedOn?: string })[]
  breaches: BreachRow[]
  /** The requirement's missed hearings before this review, each with the date it was listed for. */
  missed: { row: NonAttendanceRow; reviewDate: string }[]
  amendments: AmendmentRow[]
  applications: ApplicationRow[]
  lastReviewOn: string | null
  names: AmendmentNames
}): PackEnforcement | null {
  const byDate =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b))
  const amendments = [...c.amendments].sort(byDate(a => `${a.madeOn}${a.madeAt}`))
  const since = (a: AmendmentRow) => c.lastReviewOn === null || a.madeOn >= c.lastReviewOn
  const out: PackEnforcement = {
    openWarrants: c.warrants
      .filter(w => w.status === 'open')
      .sort(byDate(w => w.issuedOn))
      .map(w => ({
        issuedOn: formatShortDate(w.issuedOn),
        bail: bailWords(w.bail),
        missedOn: w.missedOn ? formatShortDate(w.missedOn) : '',
      })),
    breaches: [...c.breaches].sort(byDate(b => `${b.occurredOn}${b.laidAt}`)).map(b => ({
      open: b.status === 'open',
      status: BREACH_STATUS[b.status]?.text ?? b.status,
      failure: b.failure,
      occurredOn: formatShortDate(b.occurredOn),
      outcome: breachOutcome(b),
    })),
    nonAttendance: [...c.missed].sort(byDate(m => m.reviewDate)).map(m => ({
      date: formatShortDate(m.reviewDate),
      action: nonAttendanceAction(m.row, c.warrants),
      comments: m.row.comments,
    })),
    sinceLabel: c.lastReviewOn
      ? `Since the last review on ${formatShortDate(c.lastReviewOn)}`
      : 'Since the order was made',
    amendmentsSince: amendments.filter(since).map(a => amendment(a, c.names)),
    amendmentsEarlier: amendments.filter(a => !since(a)).map(a => amendment(a, c.names)),
    applications: [...c.applications].sort(byDate(a => a.madeAt)).map(a => ({
      kind: APPLICATION_KINDS[a.kind] ?? a.kind,
      status: APPLICATION_STATUS[a.status]?.text ?? a.status,
      open: a.status === 'open',
      madeOn: formatShortDate(localDateOf(a.madeAt)),
      reason: a.reason,
      decision: a.decisionComments,
    })),
  }
  const empty =
    !out.openWarrants.length &&
    !out.breaches.length &&
    !out.nonAttendance.length &&
    !out.amendmentsSince.length &&
    !out.amendmentsEarlier.length &&
    !out.applications.length
  return empty ? null : out
}

/** The pack's warning for each open warrant: the bench should know the person has not been brought in. */
export const warrantWarnings = (open: PackEnforcement['openWarrants']) =>
  open.map(
    w =>
      `Warrant open: issued ${w.issuedOn}${w.missedOn ? ` after the person missed the hearing on ${w.missedOn}` : ''} (${w.bail.toLowerCase()}), not yet executed.`,
  )
