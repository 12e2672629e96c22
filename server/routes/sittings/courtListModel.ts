import type { SittingRow } from '../../data/sittingRepository'
import type { CourtListEntry } from '../../services/scheduling/listingService'
import { paths } from '../../paths'
import { formatShortDate, formatTime } from '../../utils/dates'
import { REPORT_STATUS, REQUIREMENT_KINDS_SHORT } from '../../content/labels'

// The court list as the page and its print version show it.

export const REPORT_TAGS = REPORT_STATUS

/** What a row is made from: a case as the listing service gives it (officer, provider and report not shown here). */
export type CourtListCase = Omit<CourtListEntry, 'report' | 'officerName' | 'providerName' | 'nonAttendance'> & {
  /** The person missed this hearing and the court adjourned, summonsed or issued a warrant (no outcome). */
  nonAttendance?: boolean
}

/** Continuity of bench as the list shows it: Yes, No, or a dash for a first review or an unknown bench. */
export const continuityLabel = (c: boolean | null): string => (c === null ? '—' : c ? 'Yes' : 'No')

/**
 * The list's rows. An outcome can be recorded only from the day of the hearing (`today`, in London):
 * before it nothing has happened yet.
 */
export function courtListRows<A>(
  cases: readonly CourtListCase[],
  withActions: boolean,
  forBench: boolean,
  today: string,
  /** Each row's access needs and how the person attends (routes/access/courtListAccess.ts), by review. */
  access?: ReadonlyMap<string, A>,
) {
  return cases.map(c => ({
    reviewId: c.review.id,
    access: access?.get(c.review.id),
    time: c.review.startsAt ? formatTime(c.review.startsAt) : '',
    personName: c.personName,
    born: formatShortDate(c.dateOfBirth),
    personHref: withActions ? paths.people.show(c.personId) : null,
    crn: c.crn,
    caseReference: c.caseReference,
    requirement: REQUIREMENT_KINDS_SHORT[c.requirementKind] ?? c.requirementKind,
    reviewOf: `${c.n} of ${c.m}`,
    report: REPORT_TAGS[c.reportStatus],
    continuity: continuityLabel(c.continuity),
    breachProceedings: c.breachProceedings,
    // A review that has been heard can no longer be moved; its outcome can be corrected.
    moveHref: withActions && c.review.status === 'scheduled' ? paths.reviews.move(c.review.id) : null,
    adjournHref: withActions && c.review.status === 'scheduled' ? paths.reviews.adjourn(c.review.id) : null,
    vacateHref: withActions && c.review.status === 'scheduled' ? paths.reviews.vacate(c.review.id) : null,
    outcomeHref:
      !withActions || c.nonAttendance || (c.review.status === 'scheduled' && c.review.reviewDate > today)
        ? null
        : c.review.status === 'scheduled'
          ? paths.outcomes.record(c.review.id)
          : paths.outcomes.edit(c.review.id),
    // From the hearing's day, a hearing the person missed: what the court did (adjourn, summons, warrant).
    nonAttendanceHref:
      withActions && c.review.status === 'scheduled' && c.review.mode === 'hearing' && c.review.reviewDate <= today
        ? paths.reviews.nonAttendance(c.review.id)
        : null,
    nonAttendance: Boolean(c.nonAttendance),
    actions: withActions,
    outcomeText: c.review.status === 'scheduled' ? 'Record outcome' : 'Change outcome',
    heard: c.review.status === 'held' || c.review.status === 'did_not_attend',
    benchNotesHref: forBench ? paths.sentencer.benchNotes(c.review.id) : null,
  }))
}

/** The names of a sitting's bench, alphabetically (the sitting keeps no order of its own). */
export function benchNames(sitting: SittingRow, bench: { id: string; name: string }[]): string[] {
  const byId = new Map(bench.map(b => [b.id, b.name]))
  return sitting.benchUserIds
    .map(id => byId.get(id))
    .filter((n): n is string => Boolean(n))
    .sort((a, b) => a.localeCompare(b))
}
