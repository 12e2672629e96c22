import type { FormState } from '../forms'
import type { RetentionSettingRow, LegalHoldRow } from '../../data/retentionRepository'
import type { RetentionService } from '../../services/retention/retentionService'
import type { PersonRow } from '../../data/caseRepository'
import { paths } from '../../paths'
import { RETENTION_KIND_NAMES } from '../../content/labels'
import { formatDate, formatDateTime } from '../../utils/dates'
import { DEFAULT_RETENTION, DISPOSAL, RETENTION_KINDS } from '../../services/retention/retentionRules'

// The retention pages' view models: plain strings and hrefs, so the templates have no logic beyond if/each.

/** Why each default is what it is, and what happens when the time has passed (shown on the settings page). */
const RATIONALE: Record<string, string> = {
  drug_tests:
    'Health data. Counted from the end of the person’s last order. Default 6 years: the time within which a claim about how the order was run can be brought (Limitation Act 1980), and long enough for a later court to see the history.',
  notes: 'Counted from the end of the person’s last order. Default 6 years, as drug test results.',
  reports:
    'Progress reports, treatment provider updates and the person’s own statements. Counted from the end of the last order. Default 6 years, as drug test results.',
  packs:
    'Issued hearing packs. Counted from the end of the last order. A whole sitting’s pack goes when the first person in it passes this date, unless anyone in it is under a legal hold. Default 6 years.',
  case_record:
    'Orders, requirements, reviews, outcomes, enforcement and access needs. Counted from the end of the last order, and never before every other kind has passed. Default 7 years, as HMCTS keeps Crown Court trial files (destroyed 7 years from the trial).',
  audit:
    'Who saw and changed each record (Data Protection Act 2018 s.62). Counted from each event, not from the order. Default 7 years, so it outlasts the case record it describes. Rows about a person under a legal hold are kept.',
}

const inDaysText = (n: number) =>
  n < 0
    ? `overdue by ${-n} ${n === -1 ? 'day' : 'days'}`
    : n === 0
      ? 'due today'
      : `in ${n} ${n === 1 ? 'day' : 'days'}`

export function dueModel(result: Awaited<ReturnType<RetentionService['due']>>) {
  const people = result.people.map(p => ({
    name: p.name,
    crn: p.crn,
    personHref: paths.people.show(p.personId),
    holdHref: paths.retention.person(p.personId),
    lastEnd: formatDate(p.lastEnd),
    held: p.held,
    overdue: p.soonest < 0,
    kinds: p.kinds.map(k => ({
      text:
        k.kind === 'case_record'
          ? `Case record anonymised ${formatDate(k.dueOn)} (${inDaysText(k.inDays)})`
          : `${RETENTION_KIND_NAMES[k.kind]}: ${k.count} ${k.count === 1 ? 'record' : 'records'} deleted ${formatDate(k.dueOn)} (${inDaysText(k.inDays)})`,
    })),
  }))
  return {
    today: formatDate(result.today),
    people,
    overdueCount: people.filter(p => p.overdue).length,
    heldCount: people.filter(p => p.held).length,
    periods: RETENTION_KINDS.map(kind => ({
      key: RETENTION_KIND_NAMES[kind],
      value: `${result.periods[kind]} years, then ${DISPOSAL[kind]}`,
    })),
    settingsHref: paths.retention.settings,
  }
}

export function settingsModel(rows: RetentionSettingRow[], form: FormState) {
  const byKind = new Map(rows.map(r => [r.kind, r]))
  return {
    form,
    action: paths.retention.settings,
    backLink: paths.retention.due,
    fields: RETENTION_KINDS.map(kind => {
      const row = byKind.get(kind)
      const kept = form.values[kind]
      return {
        name: kind,
        label: `${RETENTION_KIND_NAMES[kind]} (years)`,
        hint: `${RATIONALE[kind]} Then ${DISPOSAL[kind]}.${
          row?.updatedAt
            ? ` Last changed ${formatDateTime(row.updatedAt)} by ${row.updatedByName ?? 'an administrator'}.`
            : ''
        }`,
        value: kept !== undefined ? String(kept) : String(row?.years ?? DEFAULT_RETENTION[kind]),
        error: form.errors[kind],
      }
    }),
  }
}

const holdRow = (h: LegalHoldRow) => ({
  placed: `${formatDateTime(h.placedAt)} by ${h.placedByName ?? 'an administrator'}`,
  reason: h.reason,
  lifted: h.liftedAt ? `${formatDateTime(h.liftedAt)} by ${h.liftedByName ?? 'an administrator'}` : null,
  liftReason: h.liftReason,
})

export function holdModel(
  holds: { person: PersonRow; inForce: LegalHoldRow | null; history: LegalHoldRow[] },
  form: FormState,
) {
  return {
    person: holds.person,
    personHref: paths.people.show(holds.person.id),
    exportHref: paths.retention.subjectAccess(holds.person.id),
    inForce: holds.inForce && holdRow(holds.inForce),
    history: holds.history.filter(h => h.liftedAt).map(holdRow),
    placeAction: paths.retention.placeHold(holds.person.id),
    liftAction: paths.retention.liftHold(holds.person.id),
    form,
    backLink: paths.retention.due,
  }
}
