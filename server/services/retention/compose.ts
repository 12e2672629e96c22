import type { ServiceRepositories } from '../compose/notify'
import type { Clock } from '../../utils/clock'
import type { Logger } from '../../logger'
import { createPdfRenderer, type PdfRenderer } from '../hearing/pdfRenderer'
import { createRetentionService } from './retentionService'
import { createRetentionJob } from './retentionJob'
import { createSubjectAccessService } from './subjectAccessService'

/** Retention and subject access (issue 23 point 4; DPA 2018 ss.39, 45, 47). */
export function composeRetention(
  repos: ServiceRepositories,
  deps: { clock: Clock; logger?: Logger; pdf?: PdfRenderer },
) {
  const { uow, audit, retention, subjectAccess, cases } = repos
  const { clock, logger } = deps
  const retentionService = createRetentionService({ clock, uow, audit, retention, cases })
  return {
    retention: retentionService,
    retentionJob: createRetentionJob({ clock, uow, audit, retention, logger }),
    subjectAccess: createSubjectAccessService({
      clock,
      audit,
      subjectAccess,
      cases,
      retentionYears: retentionService.settings,
      pdf: deps.pdf ?? createPdfRenderer(),
    }),
  }
}
