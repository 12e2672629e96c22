import type { ReviewRow } from '../../data/reviewRepository'
import type { SittingRow } from '../../data/sittingRepository'
import type {
  PackDrugTestRow,
  PackOutcomeRow,
  PackProviderUpdateRow,
  PackReportVersionRow,
  PackRequirementRow,
} from '../../data/packRepository'
import type { PackEnforcementRows } from '../../data/packEnforcementReads'
import type { NonAttendanceRow } from '../../data/enforcementRepository'
import type { StatementResponseRow, StatementRow } from '../../data/statementRepository'
import type { PackStatement } from '../person/statementPack'

// What a hearing pack shows (its model), and the rows it is assembled from.

export interface PackCase {
  reviewId: string
  /** Whose case it is: for the audit row of a pack's read, never printed. */
  personId: string
  time: string
  person: { name: string; dateOfBirth: string; crn: string; pnc: string | null }
  order: {
    kind: string
    caseReference: string
    madeOn: string
    endsOn: string
    requirement: string
    months: number
    startsOn: string
    endsOnRequirement: string
    reviewMode: string
    officerName: string | null
    providerName: string | null
  }
  n: number
  m: number
  /** The person's own words for this review, printed first in the case (issue 23); null when none. */
  statement: PackStatement | null
  timeline: {
    date: string
    bench: string
    status: string
    progress: string | null
    decision: string | null
    attended: string | null
    benchComments: string | null
    /** The bench's response to the person's own words at that review. */
    statementResponse?: string | null
  }[]
  report: {
    submittedAt: string
    late: boolean
    amended: boolean
    versionNumber: number
    sections: { label: string; text: string }[]
    recommendation: string | null
    proposedAmendment: string | null
  } | null
  providerViews: {
    organisation: string | null
    treatmentView: string | null
    engagement: string | null
    updatedAt: string
  }[]
  testsSince: {
    date: string
    /** In words: "Urine", "Oral fluid". */
    method: string
    /** The test was corrected after it was first recorded (the pack says so beside it). */
    corrected?: boolean
    results: { substance: string; result: string; positive: boolean }[]
  }[]
  /** "since the last review on 7 April 2026", or for a first review "since the order was made on …". */
  sinceLabel: string
  /** No earlier review: the tests and chart run from the order being made. */
  firstReview: boolean
  /** The chart (SVG), empty when the order has no tests. */
  chart: string
  /** Every test on the order in a sentence: the chart's whole-order strip in words. */
  orderTests: string
  attendance: { source: string; offered: number | null; kept: number | null }[]
  warnings: string[]
  psr: { text: string | null; onRecord: boolean }
  /** Warrants, breaches, missed hearings, amendments and applications; null when there are none. */
  enforcement: PackEnforcement | null
}

/** One amendment: when, each field's old and new value in words, why, and whether the person consented. */
export interface PackAmendment {
  date: string
  changes: { field: string; from: string; to: string }[]
  reason: string
  consent: string
}

/** The pack's "Enforcement and changes" section of a case, every list oldest first. */
export interface PackEnforcement {
  openWarrants: { issuedOn: string; bail: string; missedOn: string }[]
  breaches: { open: boolean; status: string; failure: string; occurredOn: string; outcome: string | null }[]
  nonAttendance: { date: string; action: string; comments: string | null }[]
  /** "Since the last review on 7 April 2026", or for a first review "Since the order was made". */
  sinceLabel: string
  amendmentsSince: PackAmendment[]
  amendmentsEarlier: PackAmendment[]
  applications: {
    kind: string
    status: string
    open: boolean
    madeOn: string
    reason: string
    decision: string | null
  }[]
}

export interface PackModel {
  sitting: SittingRow | null
  courtName: string
  heading: string
  bench: string[]
  list: { time: string; name: string; crn: string; reviewOf: string }[]
  cases: PackCase[]
}

/** Everything read for a pack: the reviews it is for, and each table's rows for all of them. */
export interface PackRows {
  /** The sitting the pack is for; null when it is not for a sitting (a paper review's record, an unlisted review). */
  sitting: SittingRow | null
  /** The sitting's court name; null when there is no sitting (the cases' court is used). */
  courtName: string | null
  booked: ReviewRow[]
  requirements: PackRequirementRow[]
  /** Every review of the booked reviews' requirements (the booked ones included), in sequence. */
  siblings: ReviewRow[]
  reports: PackReportVersionRow[]
  updates: PackProviderUpdateRow[]
  /** Outcomes of the earlier reviews. */
  outcomes: PackOutcomeRow[]
  /** The sittings the earlier reviews were listed in. */
  earlierSittings: SittingRow[]
  tests: PackDrugTestRow[]
  ordersWithPsr: string[]
  /** Names of the sitting's bench and of every bench at an earlier review. */
  users: { id: string; name: string }[]
  /** Warrants, breaches, amendments and applications of every requirement in the pack. */
  enforcement: PackEnforcementRows
  /** What the court did at each earlier hearing the person missed. */
  nonAttendance: NonAttendanceRow[]
  /** Names of the providers and courts the amendments name. */
  organisations: { id: string; name: string }[]
  courts: { id: string; name: string }[]
  /** The current statement of every review of the pack's requirements (issue 23). */
  statements: StatementRow[]
  /** The bench's responses to the statements at the earlier reviews. */
  statementResponses: StatementResponseRow[]
}
