import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository } from '../../data/caseRepository'
import { requirementVisible } from '../../data/caseRepository'
import { OPEN_STATUSES, type ReviewRepository, type ReviewRow } from '../../data/reviewRepository'
import type { SittingRepository } from '../../data/sittingRepository'
import type { StatementRepository, StatementRow, StatementResponseRow } from '../../data/statementRepository'
import type { ReviewCaseLoader } from '../progress/reviewCase'
import { AppError, ConflictError, NotFoundError } from '../../errors'
import { newId } from '../../utils/ids'
import { toLocalIso } from '../../utils/dates'
import { parse } from '../validation'
import { textLength } from '../progress/reportContent'
import { CLOSED_MESSAGE, STATEMENT_MAX, mayRecord, sentencerMayRead, statementWindow } from './statementRules'

export const statementInput = z.object({
  text: z
    .string({ error: 'Enter the person’s own words' })
    .trim()
    .min(1, { error: 'Enter the person’s own words' })
    .refine(s => textLength(s) <= STATEMENT_MAX, {
      error: `The person’s own words must be ${STATEMENT_MAX.toLocaleString('en-GB')} characters or fewer`,
    }),
})

/** Refused because the review is held (or will not be heard): 409, naming the next review to use. */
export class StatementClosedError extends AppError {
  constructor(
    message: string,
    readonly nextReviewId: string | null,
  ) {
    super(409, message, [{ field: 'text', message }], 'Conflict')
  }
}

const CONFLICT = 'Someone else saved the person’s words at the same time. Read them again, then save yours.'

/** A revision as the API gives it. */
export const apiStatement = (s: StatementRow) => ({
  revision: s.revision,
  text: s.text,
  takenBy: { id: s.takenBy, name: s.takenByName, role: s.takenByRole },
  takenAt: toLocalIso(s.takenAt),
})

export const apiResponse = (r: StatementResponseRow) => ({
  text: r.text,
  recordedBy: { id: r.recordedBy, name: r.recordedByName },
  recordedAt: toLocalIso(r.recordedAt),
})

/**
 * The person's own words before a review (issue 23 point 1): taken down by the responsible officer or
 * the treatment provider, replaced before the review only by adding a revision, never after it is held.
 * Read by them, by clerks and by the review's bench. Every read and every change is audited.
 */
export function createStatementService(deps: {
  uow: UnitOfWork
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  reviews: ReviewRepository
  sittings: Pick<SittingRepository, 'find'>
  statements: StatementRepository
  reviewCase: ReviewCaseLoader
}) {
  const { uow, clock, audit, cases, reviews, sittings, statements, reviewCase } = deps

  /** The review's case if the user may read its statement; else a 404 (not found, or not theirs). */
  async function readable(user: CurrentUser, reviewId: string) {
    const c = await reviewCase(reviewId, async q => {
      if (user.role === 'sentencer') return true
      if (!['clerk', 'probation', 'provider'].includes(user.role)) return false
      return requirementVisible(q, await cases.scopeFor(user))
    })
    if (c && user.role === 'sentencer') {
      const sitting = c.review.sittingId ? await sittings.find(c.review.sittingId) : null
      const review = { mode: c.review.mode, benchUserIds: sitting?.benchUserIds ?? null, courtId: c.order.courtId }
      if (!sentencerMayRead(user, review)) throw new NotFoundError('Review not found')
    }
    if (!c) throw new NotFoundError('Review not found')
    return c
  }

  /** The review's case if the user may take the person's words down for it; else a 404. */
  async function writable(user: CurrentUser, reviewId: string) {
    const c = await reviewCase(reviewId, async q => mayRecord(user, q))
    if (!c) throw new NotFoundError('Review not found')
    return c
  }

  /** The first review after this one still waiting to be heard: where a later statement goes. */
  async function nextReview(review: ReviewRow): Promise<ReviewRow | null> {
    const siblings = await reviews.forRequirement(review.requirementId)
    return siblings.find(r => r.sequence > review.sequence && OPEN_STATUSES.includes(r.status)) ?? null
  }

  const viewed = (user: CurrentUser, c: { person: { id: string }; review: { id: string } }) =>
    audit.viewed(user, {
      action: 'view_statement',
      personId: c.person.id,
      subjectType: 'review',
      subjectId: c.review.id,
    })

  return {
    /**
     * What the record page shows the officer or provider: the review, every revision so far, whether
     * words may still be added and, when not, the next review to put them on.
     */
    async forWriter(user: CurrentUser, reviewId: string) {
      const c = await writable(user, reviewId)
      const revisions = await statements.revisions(reviewId)
      const state = await statements.reviewState(reviewId)
      const window = statementWindow(state ?? { status: 'vacated', requirementActive: false, hasOutcome: false })
      const next = window.open ? null : await nextReview(c.review)
      await viewed(user, c)
      return {
        ...c,
        revisions,
        current: revisions[revisions.length - 1] ?? null,
        closed: window.open ? null : { message: CLOSED_MESSAGE[window.reason], nextReview: next },
      }
    },

    /**
     * A review's statement for a reader (404 when none is recorded): the current revision, the bench's
     * response once the outcome is recorded and, for those who may write it, the earlier revisions.
     */
    async read(user: CurrentUser, reviewId: string) {
      const c = await readable(user, reviewId)
      const revisions = await statements.revisions(reviewId)
      const current = revisions[revisions.length - 1]
      await viewed(user, c)
      if (!current) throw new NotFoundError('No statement has been recorded for this review')
      const [response] = await statements.responsesFor([reviewId])
      return {
        ...c,
        current,
        earlier: mayRecord(user, c.requirement) ? revisions.slice(0, -1) : null,
        response: response ?? null,
      }
    },

    /**
     * Adds the person's words as the review's newest revision: the earlier ones are kept. Refused with
     * 409 once the review is held or will not be heard (checked with the review row locked, so an
     * outcome recorded at the same moment is either before this, and refuses it, or after it).
     */
    async record(user: CurrentUser, reviewId: string, input: unknown): Promise<StatementRow> {
      // Scope before input: someone else's review is a 404 whatever they send.
      const c = await writable(user, reviewId)
      const { text } = parse(statementInput, input)
      const at = clock.now().toISOString()
      try {
        return await uow.run(async tx => {
          const state = await statements.reviewState(reviewId, tx)
          if (!state) throw new NotFoundError('Review not found')
          const window = statementWindow(state)
          // The next review is looked up after the transaction (SQLite has one connection: no reads outside it).
          if (!window.open) throw new StatementClosedError(CLOSED_MESSAGE[window.reason], null)
          const saved = await statements.addRevision(
            { id: newId(), reviewId, text, takenBy: user.id, takenByRole: user.role },
            at,
            tx,
          )
          await audit.record(
            {
              userId: user.id,
              action: 'record_statement',
              personId: c.person.id,
              subjectType: 'review',
              subjectId: reviewId,
              detail: { revision: saved.revision },
            },
            at,
            tx,
          )
          return saved
        })
      } catch (err) {
        if (uow.isUniqueViolation(err)) throw new ConflictError(CONFLICT)
        if (err instanceof StatementClosedError)
          throw new StatementClosedError(err.message, (await nextReview(c.review))?.id ?? null)
        throw err
      }
    },

    /** The current statement of a review for the clerk recording its outcome (audited as a read); null when none. */
    async forOutcome(user: CurrentUser, reviewId: string): Promise<StatementRow | null> {
      const c = await readable(user, reviewId)
      const [current] = await statements.currentFor([reviewId])
      if (current) await viewed(user, c)
      return current ?? null
    },
  }
}

export type StatementService = ReturnType<typeof createStatementService>
