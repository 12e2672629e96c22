import type { Knex } from 'knex'
import type { ProgressDeps } from './deps'
import type { CurrentUser } from '../../roles'
import type { ReviewRow } from '../../data/reviewRepository'
import { OPEN_STATUSES, toReview } from '../../data/reviewRepository'
import { requirementVisible, scopeRequirements, type RequirementRow } from '../../data/caseRepository'
import { caseScopeFor } from '../scope'
import { ConflictError, NotFoundError } from '../../errors'
import { isUniqueViolation } from '../../db/createDb'
import { newId } from '../../utils/ids'
import type { ReportStatus } from '../scheduling/listingService'
import {
  contentColumns,
  n,
  parseReport,
  s,
  sameContent,
  toReport,
  type Raw,
  type Report,
  type ReportContent,
  type ReportVersion,
} from './reportContent'

export function createReportService(deps: ProgressDeps) {
  const { db, clock, audit, cases, reviews, listing } = deps
  const now = () => clock.now().toISOString()

  /** The review with its requirement and person, if the user may see it; else 404. */
  async function reviewInScope(user: CurrentUser, reviewId: string, trx: Knex = db) {
    if (user.role !== 'probation' && user.role !== 'clerk' && user.role !== 'admin')
      throw new NotFoundError('Report not found')
    const review = await reviews.find(reviewId, trx)
    const requirement = review ? await cases.requirement(review.requirementId, trx) : null
    if (!review || !requirement || !requirementVisible(requirement, await caseScopeFor(user, db)))
      throw new NotFoundError('Report not found')
    const order = await cases.order(requirement.orderId, trx)
    const person = order ? await cases.person(order.personId, { kind: 'all' }, trx) : null
    if (!order || !person) throw new NotFoundError('Report not found')
    return { review, requirement, order, person }
  }

  async function versionsOf(reportId: string, trx: Knex = db): Promise<ReportVersion[]> {
    const rows = await trx('progress_report_version as v')
      .leftJoin('app_user as u', 'u.id', 'v.submitted_by')
      .where('v.report_id', reportId)
      .orderBy('v.version_number')
      .select('v.*', 'u.name as submitted_by_name')
    return rows.map(r => ({
      versionNumber: Number(r.version_number),
      submittedAt: String(r.submitted_at),
      submittedBy: String(r.submitted_by),
      submittedByName: s(r.submitted_by_name),
      late: Boolean(r.late),
      content: JSON.parse(String(r.content)) as ReportContent,
    }))
  }

  async function reportRow(reviewId: string, trx: Knex = db): Promise<Report | null> {
    const r = await trx('progress_report').where({ review_id: reviewId }).first()
    return r ? toReport(r) : null
  }

  /** What the report says now, with its history and the flags a reader needs. */
  function describe(review: ReviewRow, report: Report | null, versions: ReportVersion[], forAuthor: boolean) {
    const latest = versions[versions.length - 1] ?? null
    const first = versions[0] ?? null
    const status: ReportStatus = listing.reportStatus(
      review,
      report ? { status: report.status, submittedAt: report.submittedAt } : undefined,
    )
    return {
      review,
      report,
      versions,
      status,
      // Only the officer sees an unsubmitted draft; everyone else reads what was submitted.
      current: forAuthor ? report : latest ? { ...report!, ...latest.content } : null,
      late: first?.late ?? false,
      amended: versions.length > 1,
      changedSinceSubmission: Boolean(report && latest && !sameContent(report, latest.content)),
    }
  }

  return {
    /** A report for reading: the responsible officer (or their manager), a clerk or an admin. */
    async forReview(user: CurrentUser, reviewId: string) {
      const c = await reviewInScope(user, reviewId)
      const report = await reportRow(reviewId)
      const versions = report ? await versionsOf(report.id) : []
      await audit.record({ userId: user.id, action: 'view_report', subjectType: 'review', subjectId: reviewId }, now())
      const forAuthor = user.role === 'probation'
      return { ...c, ...describe(c.review, report, versions, forAuthor), canEdit: mayWrite(user, c.requirement) }
    },

    /** Save a draft or submit; a submission after the first makes a new version and the report "amended". */
    async save(user: CurrentUser, reviewId: string, raw: unknown, options: { submit?: boolean } = {}) {
      // Scope before input: someone else's review is a 404 whatever they send, never a 400 that tells it exists.
      const c = await reviewInScope(user, reviewId)
      if (!mayWrite(user, c.requirement)) throw new NotFoundError('Report not found')
      const body = raw && typeof raw === 'object' ? raw : {}
      const input = parseReport(options.submit === undefined ? body : { ...body, submit: options.submit })
      const providerViews = await providerUpdates(reviewId)
      const content: ReportContent = {
        attendance: input.attendance ?? null,
        // Filled in from the provider's update where the officer leaves them blank.
        appointmentsOffered: input.appointmentsOffered ?? firstNumber(providerViews.map(p => p.appointmentsOffered)),
        appointmentsKept: input.appointmentsKept ?? firstNumber(providerViews.map(p => p.appointmentsKept)),
        engagement: input.engagement ?? null,
        treatment: input.treatment ?? null,
        testing: input.testing ?? null,
        newOffending: input.newOffending ?? null,
        recommendation: input.recommendation ?? null,
        proposedAmendment: input.recommendation === 'amend' ? (input.proposedAmendment ?? null) : null,
      }
      const at = now()
      try {
        await db.transaction(async trx => {
          const existing = await reportRow(reviewId, trx)
          const id = existing?.id ?? newId()
          const submittedVersion = (existing?.submittedVersion ?? 0) + (input.submit ? 1 : 0)
          const columns = {
            ...contentColumns(content),
            due_at: c.review.reportDueAt,
            status: input.submit || existing?.status === 'submitted' ? 'submitted' : 'draft',
            submitted_at: existing?.submittedAt ?? (input.submit ? at : null),
            submitted_version: submittedVersion,
            updated_at: at,
          }
          if (existing) {
            const changed = await trx('progress_report')
              .where({ id, submitted_version: existing.submittedVersion })
              .update({ ...columns, version: trx.raw('version + 1') })
            if (!changed) throw new ConflictError('This report was changed at the same time. Reload it and try again.')
          } else {
            await trx('progress_report').insert({
              id,
              review_id: reviewId,
              author_id: user.id,
              created_at: at,
              ...columns,
            })
          }
          if (input.submit)
            await trx('progress_report_version').insert({
              id: newId(),
              report_id: id,
              version_number: submittedVersion,
              submitted_at: at,
              submitted_by: user.id,
              late: Boolean(c.review.reportDueAt && at > c.review.reportDueAt),
              content: JSON.stringify(content),
            })
          await audit.record(
            {
              userId: user.id,
              action: input.submit ? 'submit_report' : 'update_report',
              subjectType: 'review',
              subjectId: reviewId,
              detail: input.submit ? { version: submittedVersion } : undefined,
            },
            at,
            trx,
          )
        })
      } catch (err) {
        if (isUniqueViolation(err))
          throw new ConflictError('This report was changed at the same time. Reload it and try again.')
        throw err
      }
      const report = (await reportRow(reviewId))!
      return { ...c, ...describe(c.review, report, await versionsOf(report.id), true) }
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
      const tests = await db('drug_test as t')
        .leftJoin('organisation as g', 'g.id', 't.organisation_id')
        .where('t.person_id', c.person.id)
        .where('t.taken_on', '>=', from)
        .where('t.taken_on', '<=', to)
        .orderBy([{ column: 't.taken_on' }, { column: 't.created_at' }])
        .select('t.id', 't.taken_on', 't.method', 't.results', 't.other_substance', 'g.name as organisation_name')
      return {
        ...c,
        previous: previous ?? null,
        from,
        to,
        drugTests: tests.map(t => ({
          id: String(t.id),
          takenOn: String(t.taken_on),
          method: String(t.method),
          results: parseResults(t.results),
          otherSubstance: s(t.other_substance),
          organisationName: s(t.organisation_name),
        })),
        providerUpdates: await providerUpdates(reviewId),
      }
    },

    /** The officer's caseload: each active requirement with its next open review, overdue first, then by due date. */
    async caseload(user: CurrentUser) {
      if (user.role !== 'probation') return []
      const scope = await caseScopeFor(user, db)
      const requirements: Raw[] = await scopeRequirements(
        db('requirement as q')
          .join('sentence_order as o', 'o.id', 'q.order_id')
          .join('person as p', 'p.id', 'o.person_id')
          .where('q.status', 'active')
          .select('q.id', 'q.kind', 'p.id as person_id', 'p.name as person_name', 'p.crn', 'o.case_reference'),
        scope,
      )
      const ids = requirements.map(r => String(r.id))
      // Every review of these requirements, by the requirement's index; the open ones are picked here.
      // Asked for open reviews by status, SQLite prefers the status index and reads every open review
      // in the country (over 100 ms at national size, against a few milliseconds this way).
      const open = ids.length
        ? (await db('review').whereIn('requirement_id', ids))
            .map(toReview)
            .filter(r => (OPEN_STATUSES as readonly string[]).includes(r.status))
            .sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || a.sequence - b.sequence)
        : []
      const next = new Map<string, ReviewRow>()
      for (const r of open) if (!next.has(r.requirementId)) next.set(r.requirementId, r)
      const nextIds = [...next.values()].map(r => r.id)
      const reports = new Map(
        (nextIds.length
          ? await db('progress_report').whereIn('review_id', nextIds).select('review_id', 'status', 'submitted_at')
          : []
        ).map(r => [String(r.review_id), { status: String(r.status), submittedAt: s(r.submitted_at) }]),
      )
      const rows = requirements.map(q => {
        const review = next.get(String(q.id)) ?? null
        const report = review ? reports.get(review.id) : undefined
        const status = review ? listing.reportStatus(review, report) : null
        return {
          requirementId: String(q.id),
          requirementKind: String(q.kind),
          personId: String(q.person_id),
          personName: String(q.person_name),
          crn: String(q.crn),
          caseReference: String(q.case_reference),
          review,
          reportStatus: status,
          // Overdue: the due time has passed and nothing has been submitted.
          overdue: status === 'late' && report?.status !== 'submitted',
        }
      })
      const due = (r: (typeof rows)[number]) => r.review?.reportDueAt ?? r.review?.reviewDate ?? '9999'
      return rows.sort(
        (a, b) =>
          Number(b.overdue) - Number(a.overdue) ||
          due(a).localeCompare(due(b)) ||
          a.personName.localeCompare(b.personName),
      )
    },
  }

  function mayWrite(user: CurrentUser, requirement: RequirementRow) {
    return user.role === 'probation' && requirement.responsibleOfficerId === user.id
  }

  async function providerUpdates(reviewId: string) {
    const rows = await db('provider_update as pu')
      .leftJoin('organisation as g', 'g.id', 'pu.organisation_id')
      .leftJoin('app_user as u', 'u.id', 'pu.author_id')
      .where('pu.review_id', reviewId)
      .orderBy('pu.updated_at')
      .select('pu.*', 'g.name as organisation_name', 'u.name as author_name')
    return rows.map(r => ({
      id: String(r.id),
      organisationName: s(r.organisation_name),
      authorName: s(r.author_name),
      treatmentView: s(r.treatment_view),
      engagement: s(r.engagement),
      appointmentsOffered: n(r.appointments_offered),
      appointmentsKept: n(r.appointments_kept),
      updatedAt: String(r.updated_at),
    }))
  }
}

const firstNumber = (values: (number | null)[]) => values.find(v => v !== null) ?? null

function parseResults(raw: unknown): Record<string, string> {
  try {
    const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw
    return value && typeof value === 'object' ? (value as Record<string, string>) : {}
  } catch {
    return {}
  }
}

export type ReportService = ReturnType<typeof createReportService>
export type ReportView = Awaited<ReturnType<ReportService['forReview']>>
export type ReportContext = Awaited<ReturnType<ReportService['context']>>
