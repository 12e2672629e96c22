import type { ReviewRow } from '../../data/reviewRepository'
import type { Report, ReportVersion } from '../../data/reportRepository'
import type { ReportStatus } from '../scheduling/listingService'
import { sameContent } from './reportContent'

/**
 * What a report says now, with its history and the flags a reader needs. Only its author sees an
 * unsubmitted draft; everyone else reads what was last submitted.
 */
export function describeReport(
  review: ReviewRow,
  report: Report | null,
  versions: ReportVersion[],
  forAuthor: boolean,
  status: ReportStatus,
) {
  const latest = versions[versions.length - 1] ?? null
  const first = versions[0] ?? null
  return {
    review,
    report,
    versions,
    status,
    current: forAuthor ? report : latest ? { ...report!, ...latest.content } : null,
    late: first?.late ?? false,
    amended: versions.length > 1,
    changedSinceSubmission: Boolean(report && latest && !sameContent(report, latest.content)),
  }
}
