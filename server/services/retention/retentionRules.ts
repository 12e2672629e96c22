import { RETENTION_KINDS, type RetentionKind } from '../../data/personLinkedTables'
import { addCalendarMonths, addDays, compareDates, daysBetween, type IsoDate } from '../../utils/dates'
import type { FieldError } from '../../errors'
import { RETENTION_KIND_NAMES } from '../../content/labels'

// Storage limitation for law enforcement processing (Data Protection Act 2018 Part 3):
// s.39(1): "kept for no longer than is necessary for the purpose for which it is processed";
// s.39(2): "appropriate time limits must be established for the periodic review of the need for the
//          continued storage" (the daily job and the "due for deletion" list are that review);
// s.47(1)(a): data kept in breach of s.39(1) must be erased without undue delay;
// s.47(2): where it must be kept as evidence, its processing is restricted instead (a legal hold).

export { RETENTION_KINDS, type RetentionKind }

/** The kinds counted from the end of the person's last order (the audit log counts from each event). */
export const PERSON_KINDS = RETENTION_KINDS.filter(k => k !== 'audit')

export type RetentionSettings = Record<RetentionKind, number>

/**
 * The defaults, as policy choices an admin may change (each is stated on the settings page):
 * - drug tests, notes, reports and packs: 6 years after the last order ends: the time within which a
 *   claim about how the order was run may be brought (Limitation Act 1980 ss.2, 5: six years), and
 *   long enough for a later court to see the history of an order that ended recently;
 * - the case record (orders, reviews, outcomes, enforcement): 7 years, as HMCTS's Crown Court record
 *   retention schedule keeps trial files (destroyed 7 years from the date of trial); then the person
 *   is anonymised, never before every other kind of their records has passed its date;
 * - the audit log: 7 years from each event, so the record of who saw and changed a case (s.62)
 *   outlasts the case record it describes.
 */
export const DEFAULT_RETENTION: RetentionSettings = {
  drug_tests: 6,
  notes: 6,
  reports: 6,
  packs: 6,
  case_record: 7,
  audit: 7,
}

export const MIN_YEARS = 1
export const MAX_YEARS = 100

/** What happens to a kind's records when their date has passed. */
export const DISPOSAL: Record<RetentionKind, 'deleted' | 'anonymised'> = {
  drug_tests: 'deleted',
  notes: 'deleted',
  reports: 'deleted',
  packs: 'deleted',
  case_record: 'anonymised',
  audit: 'deleted',
}

/** The settings form's answers: a whole number of years from 1 to 100 for each kind, each bad field named. */
export function parseRetentionSettings(input: Record<string, unknown>): {
  settings: RetentionSettings | null
  errors: FieldError[]
} {
  const errors: FieldError[] = []
  const settings = {} as RetentionSettings
  for (const kind of RETENTION_KINDS) {
    const raw = typeof input[kind] === 'number' ? String(input[kind]) : String(input[kind] ?? '').trim()
    if (!/^\d+$/.test(raw) || Number(raw) < MIN_YEARS || Number(raw) > MAX_YEARS) {
      errors.push({ field: kind, message: `${kindLabel(kind)}: enter a whole number of years from 1 to 100` })
    } else settings[kind] = Number(raw)
  }
  return errors.length ? { settings: null, errors } : { settings, errors }
}

const kindLabel = (kind: RetentionKind) => RETENTION_KIND_NAMES[kind]

/** The first day a kind's records are past keeping: the day after `years` years from `from`. */
export function dueOn(from: IsoDate, years: number): IsoDate {
  return addDays(addCalendarMonths(from, years * 12), 1)
}

/** The day the person is anonymised: when every kind of their records has passed its date. */
export function anonymiseOn(lastEnd: IsoDate, settings: RetentionSettings): IsoDate {
  return dueOn(lastEnd, Math.max(...PERSON_KINDS.map(k => settings[k])))
}

/** The kinds of a person's records past keeping on `today` (the case record only once all are). */
export function kindsDue(lastEnd: IsoDate, settings: RetentionSettings, today: IsoDate): RetentionKind[] {
  const passed = (day: IsoDate) => compareDates(day, today) <= 0
  const due = PERSON_KINDS.filter(k => k !== 'case_record' && passed(dueOn(lastEnd, settings[k])))
  return passed(anonymiseOn(lastEnd, settings)) ? [...due, 'case_record'] : due
}

/** When each kind of a person's records is due, and how far off (negative: overdue). */
export function schedule(lastEnd: IsoDate, settings: RetentionSettings, today: IsoDate) {
  return PERSON_KINDS.map(kind => {
    const day = kind === 'case_record' ? anonymiseOn(lastEnd, settings) : dueOn(lastEnd, settings[kind])
    return { kind, dueOn: day, inDays: daysBetween(today, day) }
  })
}

/** The audit log's cut-off: events before the start of this day are past keeping. */
export function auditCutoff(settings: RetentionSettings, today: IsoDate): IsoDate {
  return addCalendarMonths(today, -settings.audit * 12)
}

/**
 * The latest last-order end date that can be due by `day` under the shortest period: a query bound only,
 * a little wide (month arithmetic clamps 29 February), the exact rule being `kindsDue`.
 */
export function endedByBound(day: IsoDate, shortestYears: number): IsoDate {
  return addDays(addCalendarMonths(day, -shortestYears * 12), 2)
}

/** A due-for-deletion list looks this many days ahead, so an admin can review (and hold) first. */
export const REVIEW_DAYS = 30
