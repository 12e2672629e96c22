import type { Knex } from 'knex'
import { createAuditRepository } from './auditRepository'
import { createCaseRepository } from './caseRepository'
import { createContinuityRepository } from './continuityRepository'
import { createOutcomeRepository } from './outcomeRepository'
import { createPaperReviewRepository } from './paperReviewRepository'
import { createReferenceRepository } from './referenceRepository'
import { createReportRepository } from './reportRepository'
import { createReviewRepository } from './reviewRepository'
import { createSittingRepository } from './sittingRepository'
import { createUnitOfWork } from './unitOfWork'
import { createUserRepository } from './userRepository'
import { createNotifyRepositories } from './notifyRepositories'
import { createPackRepository } from './packRepository'
import { createBenchNoteRepository } from './benchNoteRepository'
import { createProviderUpdateRepository } from './providerUpdateRepository'
import { createDrugTestRepository } from './drugTestRepository'
import { createNoteRepository } from './noteRepository'
import { createCaseloadRepository } from './caseloadRepository'
import { createTokenRepository } from './tokenRepository'
import { createSessionRepository } from './sessionRepository'
import { createFormSubmissionRepository } from './formSubmissionRepository'
import { createSignInAttemptRepository } from './signInAttemptRepository'
import { createMfaRepository } from './mfaRepository'
import { createEnforcementRepository } from './enforcementRepository'
import { createBreachRepository } from './breachRepository'
import { createAmendmentRepository } from './amendmentRepository'
import { createInsightRepository } from './insightRepository'
import { createRetentionRepository } from './retentionRepository'
import { createSubjectAccessRepository } from './subjectAccessRepository'
import { createStatementRepository } from './statementRepository'
import { createAccessNeedsRepository } from './accessNeedsRepository'
import { createEqualityRepository } from './equalityRepository'
import { createCacheVersionRepository } from './cacheVersionRepository'

/** Every repository over one database, and the unit of work their transactions come from. */
export function createRepositories(db: Knex) {
  const reports = createReportRepository(db)
  return {
    reports,
    uow: createUnitOfWork(db),
    audit: createAuditRepository(db),
    reference: createReferenceRepository(db),
    users: createUserRepository(db),
    cases: createCaseRepository(db),
    sittings: createSittingRepository(db),
    reviews: createReviewRepository(db),
    outcomes: createOutcomeRepository(db),
    papers: createPaperReviewRepository(db, reports),
    continuity: createContinuityRepository(db),
    tokens: createTokenRepository(db),
    attempts: createSignInAttemptRepository(db),
    sessions: createSessionRepository(db),
    mfa: createMfaRepository(db),
    submissions: createFormSubmissionRepository(db),
    providerUpdates: createProviderUpdateRepository(db),
    drugTests: createDrugTestRepository(db),
    notes: createNoteRepository(db),
    caseload: createCaseloadRepository(db),
    packs: createPackRepository(db),
    benchNotes: createBenchNoteRepository(db),
    enforcement: createEnforcementRepository(db),
    breaches: createBreachRepository(db),
    amendments: createAmendmentRepository(db),
    insights: createInsightRepository(db),
    retention: createRetentionRepository(db),
    subjectAccess: createSubjectAccessRepository(db),
    statements: createStatementRepository(db),
    accessNeeds: createAccessNeedsRepository(db),
    equality: createEqualityRepository(db),
    versions: createCacheVersionRepository(db),
    ...createNotifyRepositories(db),
  }
}

export type Repositories = ReturnType<typeof createRepositories>
