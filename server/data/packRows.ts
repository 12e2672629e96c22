import type { CourtKind } from './referenceRepository'
import type { OrderKind, RequirementKind } from './caseRepository'

// The rows a hearing pack is read as (packRepository.ts reads them).

/** A requirement with its order, person, court, officer and provider: a pack's case header. */
export interface PackRequirementRow {
  id: string
  kind: RequirementKind
  months: number
  startsOn: string
  endsOn: string
  reviewMode: 'hearing' | 'paper'
  breachProceedings: boolean
  orderId: string
  orderKind: OrderKind
  madeOn: string
  orderEndsOn: string
  caseReference: string
  psrText: string | null
  courtName: string
  courtKind: CourtKind
  personId: string
  personName: string
  dateOfBirth: string
  crn: string
  pnc: string | null
  officerName: string | null
  providerName: string | null
}

/** One submitted version of a review's progress report, its content as written (a JSON object). */
export interface PackReportVersionRow {
  reviewId: string
  versionNumber: number
  submittedAt: string
  late: boolean
  content: Record<string, unknown>
}

export interface PackProviderUpdateRow {
  reviewId: string
  organisationName: string | null
  treatmentView: string | null
  engagement: string | null
  appointmentsOffered: number | null
  appointmentsKept: number | null
  updatedAt: string
}

/** A review's outcome and who sat (empty when the outcome did not record it). */
export interface PackOutcomeRow {
  reviewId: string
  attended: boolean
  progress: string
  decision: string
  benchComments: string | null
  benchUserIds: string[]
}

export interface PackDrugTestRow {
  personId: string
  takenOn: string
  method: string
  /** Result per substance tested: { opiates: 'negative', ... }. */
  results: Record<string, string>
  otherSubstance: string | null
  /** Corrected since it was first recorded: the pack marks it "(corrected)". */
  corrected?: boolean
}

/** What an issued pack records of each case: enough to name the cases changed since. */
export interface IssuedPackSummary {
  cases: { reviewId: string; name: string; hash: string }[]
}

/** A sitting's pack as issued to the bench: a frozen version of its HTML. */
export interface IssuedPackRow {
  id: string
  sittingId: string
  version: number
  issuedAt: string
  issuedBy: string
  contentHash: string
  html: string
  summary: IssuedPackSummary
}
