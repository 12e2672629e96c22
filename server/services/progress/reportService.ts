import type { ProgressDeps } from './deps'

export function createReportService(_deps: ProgressDeps) {
  return {}
}

export type ReportService = ReturnType<typeof createReportService>
