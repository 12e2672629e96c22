import type { Knex } from 'knex'
import type { DeclaredRoute } from '../../server/middleware/routeTable'
import type { ObjectKind } from './securityObjects'

// Who saw this person (DPA 2018 s.62; ASVS 5.0 16.2.1 and 16.3.2): the classification of every GET
// route that auditReads.test.ts and auditRefusals.test.ts check against the route table. Every GET
// route is either a read of case data, with the audit rows it must write, or listed with the reason
// it reads none.

export type Read = {
  action: string
  /** The object (in the route's path) whose person the row names; none for a list or a search. */
  person?: ObjectKind
}

/** Every GET route that reads case data, and the rows one call writes (one a request, per read). */
export const READS: Record<string, Read[]> = {
  'GET /api/v1/sittings/:id': [{ action: 'view_court_list' }],
  'GET /api/v1/people/:id': [{ action: 'view_person', person: 'person' }],
  'GET /api/v1/warrants': [{ action: 'view_warrants' }],
  'GET /api/v1/courts/:id/insights': [{ action: 'view_insights' }],
  // Court insight pages (issue 22): counts only, one row a read; the dashboard also counts equality monitoring.
  'GET /insights': [{ action: 'view_insights' }],
  'GET /insights/courts/:id': [{ action: 'view_insights' }, { action: 'view_equality' }],
  'GET /api/v1/warrants/:id': [{ action: 'view_warrant', person: 'warrant' }],
  'GET /api/v1/requirements/:id/reviews': [{ action: 'view_reviews', person: 'requirement' }],
  'GET /api/v1/needs-listing': [{ action: 'view_needs_listing' }],
  'GET /api/v1/reviews/:id/report': [{ action: 'view_report', person: 'review' }],
  'GET /api/v1/reviews/:id/provider-update': [{ action: 'view_provider_update', person: 'review' }],
  'GET /api/v1/reviews/:id/statement': [{ action: 'view_statement', person: 'review' }],
  'GET /api/v1/people/:id/drug-tests': [{ action: 'view_drug_tests', person: 'person' }],
  'GET /api/v1/people/:id/drug-tests/:testId': [{ action: 'view_drug_test', person: 'person' }],
  'GET /api/v1/paper-reviews': [{ action: 'view_paper_reviews' }],
  'GET /api/v1/sittings/:id/pack': [{ action: 'view_pack' }],
  'GET /api/v1/sittings/:id/pack.pdf': [{ action: 'print_pack' }],
  'GET /api/v1/reviews/:id/pack': [{ action: 'view_pack', person: 'review' }],
  'GET /api/v1/reviews/:id/pack.pdf': [{ action: 'print_pack', person: 'review' }],
  'GET /admin/audit': [{ action: 'view_audit' }],
  'GET /admin/audit.csv': [{ action: 'export_audit' }],
  'GET /people': [{ action: 'search_people' }],
  // The person page lists the person's open warrants with their breaches.
  'GET /people/:id': [{ action: 'view_person', person: 'person' }, { action: 'view_warrants' }],
  'GET /reviews/:id/non-attendance': [{ action: 'view_review', person: 'review' }],
  'GET /warrants': [{ action: 'view_warrants' }],
  'GET /warrants/:id/executed': [{ action: 'view_warrant', person: 'warrant' }],
  'GET /warrants/:id/withdraw': [{ action: 'view_warrant', person: 'warrant' }],
  'GET /requirements/:id/breaches/new': [{ action: 'view_order', person: 'requirement' }],
  'GET /requirements/:id/amend': [{ action: 'view_order', person: 'requirement' }],
  'GET /requirements/:id/amend/check': [{ action: 'view_order', person: 'requirement' }],
  'GET /breaches/:id/outcome': [{ action: 'view_breach', person: 'breach' }],
  'GET /requirements/:id/applications/new': [{ action: 'view_order', person: 'requirement' }],
  'GET /applications/:id/decision': [{ action: 'view_application', person: 'application' }],
  'GET /people/:id/edit': [{ action: 'view_person', person: 'person' }],
  'GET /people/:id/access-needs': [{ action: 'view_access_needs', person: 'person' }],
  'GET /reviews/:id/attendance-mode': [{ action: 'view_review', person: 'review' }],
  'GET /people/:id/audit': [{ action: 'view_person_audit', person: 'person' }],
  'GET /people/:id/orders/new': [{ action: 'view_person', person: 'person' }],
  'GET /people/:id/orders/check': [{ action: 'view_person', person: 'person' }],
  'GET /orders/:id/psr': [
    { action: 'view_order', person: 'order' },
    { action: 'view_person', person: 'order' },
  ],
  'GET /documents/:id': [{ action: 'view_document', person: 'document' }],
  'GET /sittings/:id': [{ action: 'view_court_list' }],
  'GET /sittings/:id/print': [{ action: 'view_court_list' }],
  'GET /reviews/:id/move': [{ action: 'view_review', person: 'review' }],
  'GET /reviews/:id/adjourn': [{ action: 'view_review', person: 'review' }],
  'GET /reviews/:id/vacate': [{ action: 'view_review', person: 'review' }],
  'GET /needs-listing': [{ action: 'view_needs_listing' }],
  'GET /caseload': [{ action: 'view_caseload' }],
  'GET /reviews/:id/report': [{ action: 'view_report', person: 'review' }],
  'GET /reviews/:id/report/view': [{ action: 'view_report', person: 'review' }],
  'GET /reviews/:id/report/check': [{ action: 'view_report', person: 'review' }],
  'GET /clients': [{ action: 'view_clients' }],
  'GET /reviews/:id/provider-update': [{ action: 'view_provider_update', person: 'review' }],
  'GET /people/:id/drug-tests': [{ action: 'view_drug_tests', person: 'person' }],
  'GET /people/:id/drug-tests.csv': [{ action: 'drug-test.export', person: 'person' }],
  'GET /people/:id/drug-tests/new': [{ action: 'view_person', person: 'person' }],
  'GET /people/:id/drug-tests/:testId': [{ action: 'view_drug_test', person: 'person' }],
  'GET /people/:id/drug-tests/:testId/correct': [{ action: 'view_drug_test', person: 'person' }],
  'GET /people/:id/drug-tests/:testId/withdraw': [{ action: 'view_drug_test', person: 'person' }],
  'GET /people/:id/notes': [{ action: 'view_notes', person: 'person' }],
  'GET /reports/missing': [{ action: 'view_missing_reports' }],
  'GET /reviews/:id/outcome': [{ action: 'view_review', person: 'review' }],
  'GET /reviews/:id/statement': [{ action: 'view_statement', person: 'review' }],
  'GET /reviews/:id/outcome/edit': [{ action: 'view_review', person: 'heldReview' }],
  'GET /reviews/:id/outcome/check': [{ action: 'view_review', person: 'review' }],
  'GET /sittings/:id/pack': [{ action: 'view_pack' }],
  'GET /sittings/:id/pack.pdf': [{ action: 'print_pack' }],
  'GET /reviews/:id/pack': [{ action: 'view_pack', person: 'review' }],
  'GET /reviews/:id/pack.pdf': [{ action: 'print_pack', person: 'review' }],
  // Issuing a pack that warns of missing reports asks first, naming whose reports are missing.
  'GET /sittings/:id/pack/issue': [{ action: 'view_missing_reports' }],
  'GET /my-sittings': [{ action: 'view_paper_reviews' }],
  'GET /paper-reviews': [{ action: 'view_paper_reviews' }],
  'GET /paper-reviews/:id': [{ action: 'view_paper_review', person: 'paperReview' }],
  'GET /reviews/:id/bench-notes': [{ action: 'view_bench_notes', person: 'review' }],
  // Public: the feed's address is its credential; the row is the owner's, from the address that fetched it.
  'GET /calendar-feed/:token.ics': [{ action: 'read_calendar_feed' }],
  // Retention and subject access (DPA 2018 ss.39, 45, 47): admins only.
  'GET /admin/retention': [{ action: 'view_retention_due' }],
  'GET /admin/retention/people/:id': [{ action: 'view_legal_hold', person: 'person' }],
  'GET /people/:id/subject-access.zip': [{ action: 'export_subject_access', person: 'person' }],
  'GET /api/v1/people/:id/export': [{ action: 'export_subject_access', person: 'person' }],
}
/** GET routes that read no case data, each with why. */
export const NO_CASE_DATA: Record<string, string> = {
  'GET /health': 'whether the service and its database answer',
  'GET /api/openapi.json': 'the API’s description',
  'GET /api/v1/courts': 'reference data: courts',
  'GET /api/v1/users': 'reference data: users (staff, not people on orders)',
  'GET /api/v1/organisations': 'reference data: organisations',
  'GET /api/v1/bank-holidays': 'reference data: bank holidays',
  'GET /api/v1/courts/:courtId/sittings': 'sittings with counts of places and continuity rates: no person named',
  'GET /sign-in': 'the sign-in form',
  'GET /sign-in/code': 'the sign-in form’s second step',
  'GET /accessibility-statement': 'the footer’s accessibility statement',
  'GET /privacy-notice': 'the footer’s privacy notice',
  'GET /cookies': 'the footer’s cookies page',
  'GET /account/two-step': 'the user’s own two-step verification',
  'GET /account/two-step/set-up': 'the user’s own two-step verification',
  'GET /account/password': 'the user’s own password form',
  'GET /': 'sends each role to its home page',
  'GET /account': 'the user’s own account',
  'GET /admin/users': 'staff accounts',
  'GET /admin/users/new': 'a blank form',
  'GET /admin/users/:id': 'a staff account',
  'GET /admin/users/:id/edit': 'a staff account',
  'GET /admin/organisations': 'reference data',
  'GET /admin/organisations/new': 'a blank form',
  'GET /admin/organisations/:id/edit': 'reference data',
  'GET /admin/courts': 'reference data',
  'GET /admin/courts/new': 'a blank form',
  'GET /admin/courts/:id/edit': 'reference data',
  'GET /admin/bank-holidays': 'reference data',
  'GET /admin/retention/settings': 'how many years each kind of record is kept: no person named',
  'GET /admin/mail': 'emails name no person (dates, courts and links only)',
  'GET /admin/mail/failed': 'emails name no person (dates, courts and links only)',
  'GET /admin/mail/:id': 'emails name no person (dates, courts and links only)',
  'GET /people/new': 'a blank form',
  'GET /calendar': 'sittings with counts of places and bench names: no person named',
  'GET /calendar/week': 'sittings with counts of places and bench names: no person named',
  'GET /sittings/new': 'a blank form',
  'GET /sittings/new-series': 'a blank form',
  'GET /sittings/:id/edit': 'the sitting’s room, places and bench: no person named',
  'GET /sittings/:id/cancel': 'the sitting’s room and count of places: no person named',
  'GET /drug-tests/template.csv': 'a blank template',
  'GET /drug-tests/upload': 'a blank form',
  'GET /drug-tests/codes': 'the codes a drug test file may use',
}

/** What a list or search needs in its query string to read anything. */
export const QUERY: Record<string, string> = {
  'GET /people': '?q=Hearing+Person+A',
}

export const isGet = (r: DeclaredRoute) => r.method === 'GET'
export const LOCAL = /^(::ffff:)?127\.0\.0\.1$|^::1$/

export const lastId = async (db: Knex) => Number((await db('audit_event').max({ n: 'id' }).first())?.n ?? 0)

// A page may read two things side by side (the insight figures and the equality tables): its rows are compared
// as a set, in the order of their actions, not in the order they happened to commit.
export const byAction = (a: { action: string }, b: { action: string }) => a.action.localeCompare(b.action)

export const rowsAfter = (db: Knex, id: number) => db('audit_event').where('id', '>', id).orderBy('id')
