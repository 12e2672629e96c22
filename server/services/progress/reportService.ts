import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository, RequirementRow } from '../../data/caseRepository'
import { requirementVisible } from '../../data/caseRepository'
import type { ReviewRepository } from '../../data/reviewRepository'
import type { ReportRepository } from '../../data/reportRepository'
import type { ProviderUpdateRepository } from '../../data/providerUpdateRepository'
import type { DrugTestRepository } from '../../data/drugTestRepository'
import type { CaseloadRepository } from '../../data/caseloadRepository'
import type { ListingService } from '../scheduling/listingService'
import { ConflictError, NotFoundError } from '../../errors'
import { newId } from '../../utils/ids'
import { contentToStore, parseReport } from './reportContent'
import { describeReport } from './reportView'
import { caseloadRows, nextOpenReviews } from './caseload'
import type { ReviewCaseLoader } from './reviewCase'

const CONFLICT = 'This report was changed at the same time. Reload it and try again.'

/** Progress reports: the officer writes and submits; the officer, their manager and the court read. */
export function createReportService(deps: {
  uow: UnitOfWork
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  reviews: ReviewRepository
  reports: ReportRepository
  providerUpdates: ProviderUpdateRepository
  drugTests: DrugTestRepository
  caseload: CaseloadRepository
  reviewCase: ReviewCaseLoader
  listing: Pick<ListingService, 'reportStatus'>
}) {
  const { uow, clock, audit, cases, reviews, reports, providerUpdates, drugTests, caseload, reviewCase, listing } = deps
  const now = () => clock.now().toISOString()

  /** The review with its requirement and person, if the user may see it; else 404. */
  async function reviewInScope(user: CurrentUser, reviewId: string) {
    if (user.role !== 'probation' && user.role !== 'clerk' && user.role !== 'admin')
      throw new NotFoundError('Report not found')
    const c = await reviewCase(reviewId, async q => requirementVisible(q, await cases.scopeFor(user)))
    if (!c) throw new NotFoundError('Report not found')
    return c
  }

  /** A read of a review's report, or what its form shows beside it: one row a request. */
  const viewedReport = (user: CurrentUser, c: Awaited<ReturnType<typeof reviewInScope>>) =>
    audit.viewed(user, { action: 'view_report', personId: c.person.id, subjectType: 'review', subjectId: c.review.id })

  /** The review's report, its submitted versions and what a reader makes of them. */
  async function reportOf(c: Awaited<ReturnType<typeof reviewInScope>>, forAuthor: boolean) {
    const report = await reports.forReview(c.review.id)
    const versions = report ? await reports.versions(report.id) : []
    const status = listing.reportStatus(
      c.review,
      report ? { status: report.status, submittedAt: report.submittedAt } : undefined,
    )
    return describeReport(c.review, report, versions, forAuthor, status)
  }

  return {
    /** A report for reading: the responsible officer (or their manager), a clerk or an admin. */
    async forReview(user: CurrentUser, reviewId: string) {
      const c = await reviewInScope(user, reviewId)
      const view = await reportOf(c, user.role === 'probation')
      await viewedReport(user, c)
      return { ...c, ...view, canEdit: mayWrite(user, c.requirement) }
    },

    /**
     * What a submission would store, checked by the same rules and stored nowhere: the officer's
     * "check your answers" before submitting (GOV.UK pattern). The page it feeds is a read of the report.
     */
    async checkSubmission(user: CurrentUser, reviewId: string, raw: unknown) {
      const c = await reviewInScope(user, reviewId)
      if (!mayWrite(user, c.requirement)) throw new NotFoundError('Report not found')
      const body = raw && typeof raw === 'object' ? raw : {}
      const input = parseReport({ ...body, submit: true })
      const content = contentToStore(input, await providerUpdates.forReview(reviewId))
      const existing = await reports.forReview(reviewId)
      await viewedReport(user, c)
      return { ...c, content, submittedVersion: existing?.submittedVersion ?? 0 }
    },

    /** Save a draft or submit; a submission after the first makes a new version and the report "amended". */
    async save(user: CurrentUser, reviewId: string, raw: unknown, options: { submit?: boolean } = {}) {
      // Scope before input: someone else's review is a 404 whatever they send, never a 400 that tells it exists.
      const c = await reviewInScope(user, reviewId)
      if (!mayWrite(user, c.requirement)) throw new NotFoundError('Report not found')
      const body = raw && typeof raw === 'object' ? raw : {}
      const input = parseReport(options.submit === undefined ? body : { ...body, submit: options.submit })
      // Filled in from the provider's update where the officer leaves them blank.
      const content = contentToStore(input, await providerUpdates.forReview(reviewId))
      const at = now()
      try {
        await uow.run(async tx => {
          const existing = await reports.forReview(reviewId, tx)
          const id = existing?.id ?? newId()
          const submittedVersion = (existing?.submittedVersion ?? 0) + (input.submit ? 1 : 0)
          const fields = {
            ...content,
            dueAt: c.review.reportDueAt,
            status: input.submit || existing?.status === 'submitted' ? ('submitted' as const) : ('draft' as const),
            submittedAt: existing?.submittedAt ?? (input.submit ? at : null),
            submittedVersion,
            updatedAt: at,
          }
          if (!existing) await reports.insert({ id, reviewId, authorId: user.id, ...fields }, at, tx)
          else if (!(await reports.update(id, existing.submittedVersion, fields, tx))) throw new ConflictError(CONFLICT)
          if (input.submit)
            await reports.insertVersion(
              {
                id: newId(),
                reportId: id,
                versionNumber: submittedVersion,
                submittedAt: at,
                submittedBy: user.id,
                late: Boolean(c.review.reportDueAt && at > c.review.reportDueAt),
                content,
              },
              tx,
            )
          await audit.record(
            {
              userId: user.id,
              action: input.submit ? 'submit_report' : 'update_report',
              subjectType: 'review',
              subjectId: reviewId,
              detail: input.submit ? { version: submittedVersion } : undefined,
            },
            at,
            tx,
          )
        })
      } catch (err) {
        if (uow.isUniqueViolation(err)) throw new ConflictError(CONFLICT)
        throw err
      }
      return { ...c, ...(await reportOf(c, true)) }
    },

    /** What the form shows beside the report: the provider's views and the drug tests since the last review. */
    async context(user: CurrentUser, reviewId: string) {
      const c = await reviewInScope(user, reviewId)
      const siblings = await reviews.forRequirement(c.review.requirementId)
      const previous = siblings
        .filter(r => r.sequence < c.review.sequence && r.status !== 'vacated' && r.status !== 'adjourned')
        .pop()
      const from = previous?.reviewDate ?? c.requirement.startsOn
      const to = c.review.reviewDate
      await viewedReport(user, c)
      return {
        ...c,
        previous: previous ?? null,
        from,
        to,
        drugTests: await drugTests.takenBetween(c.person.id, from, to),
        providerUpdates: await providerUpdates.forReview(reviewId),
      }
    },

    /** The officer's caseload: each active requirement with its next open review, overdue first, then by due date. */
    async caseload(user: CurrentUser) {
      if (user.role !== 'probation') return []
      const requirements = await caseload.officerCaseload(await cases.scopeFor(user))
      // Every review of these requirements, by the requirement's index; the open ones are picked here.
      // Asked for open reviews by status, SQLite prefers the status index and reads every open review
      // in the country (over 100 ms at national size, against a few milliseconds this way).
      const next = nextOpenReviews(await reviews.forRequirements(requirements.map(r => r.id)))
      const states = await reports.statesFor([...next.values()].map(r => r.id))
      const rows = caseloadRows(requirements, next, states, listing.reportStatus)
      await audit.listed(user, { action: 'view_caseload', people: rows.map(r => r.personId) })
      return rows
    },
  }

  function mayWrite(user: CurrentUser, requirement: RequirementRow) {
    return user.role === 'probation' && requirement.responsibleOfficerId === user.id
  }
}

export type ReportService = ReturnType<typeof createReportService>
export type ReportView = Awaited<ReturnType<ReportService['forReview']>>
export type ReportContext = Awaited<ReturnType<ReportService['context']>>
