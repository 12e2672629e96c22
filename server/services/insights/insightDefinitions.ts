import type { MonthFigures } from './insightTrends'

/**
 * What each figure of a court's insight counts, in one line a bench chair can quote (issue 22). The
 * dashboard shows these lines beside the figures and the CSV carries them in its Definition column.
 */

export type Figures = Omit<MonthFigures, 'month'>

export type SectionKey = 'continuity' | 'reports' | 'hearings' | 'requirements' | 'testing'

export interface FigureDefinition {
  /** The figure's place in the API's JSON, e.g. "continuity.partial"; the CSV's Figure column. */
  key: string
  section: SectionKey
  name: string
  definition: string
  /** A count (a rate when `outOf` is given), days or hours. */
  unit: 'count' | 'days' | 'hours'
  value: (f: Figures) => number | null
  /** The count a rate is taken of (partial continuity out of hearings with an earlier hearing). */
  outOf?: (f: Figures) => number
}

export const SECTIONS: { key: SectionKey; title: string }[] = [
  { key: 'continuity', title: 'Continuity of bench' },
  { key: 'reports', title: 'Progress reports' },
  { key: 'hearings', title: 'Hearings' },
  { key: 'requirements', title: 'Requirements' },
  { key: 'testing', title: 'Drug testing' },
]

/** The 2011 Ministry of Justice evaluation of the Dedicated Drug Courts: five of six sites reached this partial continuity. */
export const CONTINUITY_MARK = 0.9

/** "In the period" means, for a month's figure, "in the month". */
export const FIGURES: FigureDefinition[] = [
  {
    key: 'continuity.eligible',
    section: 'continuity',
    name: 'Hearings with an earlier hearing',
    definition:
      'Review hearings held in the period whose requirement had an earlier held hearing, with who sat known at both.',
    unit: 'count',
    value: f => f.continuity.eligible,
  },
  {
    key: 'continuity.partial',
    section: 'continuity',
    name: 'Partial continuity',
    definition:
      'Of those, hearings where at least one member of the bench also sat at the person’s previous held hearing (the 2011 Ministry of Justice evaluation’s measure; its mark is 90%).',
    unit: 'count',
    value: f => f.continuity.partial,
    outOf: f => f.continuity.eligible,
  },
  {
    key: 'continuity.full',
    section: 'continuity',
    name: 'Full continuity',
    definition: 'Of those, hearings where exactly the same bench sat as at the person’s previous held hearing.',
    unit: 'count',
    value: f => f.continuity.full,
    outOf: f => f.continuity.eligible,
  },
  {
    key: 'reports.due',
    section: 'reports',
    name: 'Reports due',
    definition: 'Progress reports asked for: review hearings in the period, except those vacated.',
    unit: 'count',
    value: f => f.reports.due,
  },
  {
    key: 'reports.onTime',
    section: 'reports',
    name: 'On time',
    definition: 'Reports due whose first version was submitted by the report’s due time.',
    unit: 'count',
    value: f => f.reports.onTime,
    outOf: f => f.reports.due,
  },
  {
    key: 'reports.late',
    section: 'reports',
    name: 'Late',
    definition: 'Reports due whose first version was submitted after the report’s due time.',
    unit: 'count',
    value: f => f.reports.late,
    outOf: f => f.reports.due,
  },
  {
    key: 'reports.missing',
    section: 'reports',
    name: 'Missing',
    definition: 'Reports due of which no version was submitted.',
    unit: 'count',
    value: f => f.reports.missing,
    outOf: f => f.reports.due,
  },
  {
    key: 'reports.medianHoursBefore',
    section: 'reports',
    name: 'Median hours before the hearing',
    definition:
      'The middle value of the hours from each report’s first submission to the start of its hearing (below 0: after the start).',
    unit: 'hours',
    value: f => f.reports.medianHoursBefore,
  },
  {
    key: 'reviews.held',
    section: 'hearings',
    name: 'Hearings held',
    definition: 'Reviews heard in court (not on paper) and recorded as held, by the date of the hearing.',
    unit: 'count',
    value: f => f.reviews.held,
  },
  {
    key: 'reviews.adjourned',
    section: 'hearings',
    name: 'Adjourned',
    definition: 'Reviews in the period adjourned to another sitting.',
    unit: 'count',
    value: f => f.reviews.adjourned,
  },
  {
    key: 'reviews.vacated',
    section: 'hearings',
    name: 'Vacated',
    definition: 'Reviews in the period taken out of their sitting and not heard.',
    unit: 'count',
    value: f => f.reviews.vacated,
  },
  {
    key: 'reviews.didNotAttend',
    section: 'hearings',
    name: 'Did not attend',
    definition: 'Review hearings in the period that the person did not attend.',
    unit: 'count',
    value: f => f.reviews.didNotAttend,
  },
  {
    key: 'reviews.warrants',
    section: 'hearings',
    name: 'Warrants issued',
    definition: 'Of the hearings the person did not attend, those at which the court issued a warrant.',
    unit: 'count',
    value: f => f.reviews.warrants,
    outOf: f => f.reviews.didNotAttend,
  },
  {
    key: 'reviews.paper',
    section: 'hearings',
    name: 'Paper reviews',
    definition: 'Reviews in the period decided on paper, without a hearing.',
    unit: 'count',
    value: f => f.reviews.paper,
  },
  {
    key: 'attendance.hearings',
    section: 'hearings',
    name: 'Hearings the person was due at',
    definition: 'Review hearings that took place in the period: held, or the person did not attend.',
    unit: 'count',
    value: f => f.attendance.hearings,
  },
  {
    key: 'attendance.attended',
    section: 'hearings',
    name: 'Attended',
    definition: 'Of those, the hearings the person attended.',
    unit: 'count',
    value: f => f.attendance.attended,
    outOf: f => f.attendance.hearings,
  },
  {
    key: 'requirements.active',
    section: 'requirements',
    name: 'Active',
    definition: 'Requirements with a review in the period that are still running today.',
    unit: 'count',
    value: f => f.requirements.active,
  },
  {
    key: 'requirements.completed',
    section: 'requirements',
    name: 'Completed',
    definition: 'Requirements with a review in the period that ran their full length.',
    unit: 'count',
    value: f => f.requirements.completed,
  },
  {
    key: 'requirements.completedEarly',
    section: 'requirements',
    name: 'Completed early',
    definition: 'Requirements with a review in the period that the court revoked early for good progress.',
    unit: 'count',
    value: f => f.requirements.completedEarly,
  },
  {
    key: 'requirements.revoked',
    section: 'requirements',
    name: 'Revoked',
    definition: 'Requirements with a review in the period revoked for any reason but good progress.',
    unit: 'count',
    value: f => f.requirements.revoked,
  },
  {
    key: 'requirements.inBreachProceedings',
    section: 'requirements',
    name: 'In breach proceedings',
    definition: 'Requirements with a review in the period that have a breach before the court today.',
    unit: 'count',
    value: f => f.requirements.inBreachProceedings,
  },
  {
    key: 'daysOrderToFirstReview.median',
    section: 'requirements',
    name: 'Days from order to first review (median)',
    definition:
      'For requirements first reviewed in the period, the middle value of the days from the order to the first review held or missed.',
    unit: 'days',
    value: f => f.daysOrderToFirstReview.median,
  },
  {
    key: 'daysOrderToFirstReview.p90',
    section: 'requirements',
    name: 'Days from order to first review (90th percentile)',
    definition:
      'For the same requirements, the fewest days within which 9 in 10 had their first review (nearest rank).',
    unit: 'days',
    value: f => f.daysOrderToFirstReview.p90,
  },
  {
    key: 'testing.tests',
    section: 'testing',
    name: 'Drug tests',
    definition: 'Drug tests taken in the period by people with an order at the court, leaving out withdrawn tests.',
    unit: 'count',
    value: f => f.testing.tests,
  },
  {
    key: 'testing.negative',
    section: 'testing',
    name: 'Negative',
    definition: 'Of those, tests where every substance tested was negative.',
    unit: 'count',
    value: f => f.testing.negative,
    outOf: f => f.testing.tests,
  },
]

/** Reports per officer team (API `reports.byTeam`): the team is the organisation of the officer who wrote the report. */
export const TEAM_FIGURES = {
  received: {
    key: 'reports.byTeam.received',
    name: 'Reports received',
    definition: 'Reports due that were submitted, by the organisation (team) of the probation officer who wrote them.',
  },
  medianHoursBefore: {
    key: 'reports.byTeam.medianHoursBefore',
    name: 'Median hours before the hearing',
    definition: 'For that team’s reports, the middle value of the hours from first submission to the hearing’s start.',
  },
} as const

/** "Tests a month": the period's tests over its months (a whole-period figure). */
export const TESTS_A_MONTH = {
  key: 'testing.perMonth',
  name: 'Tests a month',
  definition: 'The period’s drug tests divided by the number of months the period touches, to one decimal place.',
} as const

/** A rate as a whole percentage, or null when there is nothing to take it of. */
export const percent = (value: number | null, outOf: number) =>
  value === null || outOf === 0 ? null : Math.round((value / outOf) * 100)
