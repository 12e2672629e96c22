/**
 * The words for each audit action, as the audit pages and their CSV show them. An action without
 * words here (a new one) is shown as its code with spaces, so nothing recorded is ever hidden.
 */
export const AUDIT_ACTIONS: Record<string, string> = {
  // Reading case data
  view_person: 'Viewed a person’s record',
  search_people: 'Searched for people',
  list_people: 'Browsed the list of people',
  view_order: 'Viewed an order',
  view_document: 'Opened a document',
  view_review: 'Viewed a review',
  view_reviews: 'Viewed a requirement’s reviews',
  view_court_list: 'Viewed a court list',
  view_needs_listing: 'Viewed the reviews that need listing',
  view_caseload: 'Viewed their caseload',
  view_clients: 'Viewed their clients',
  view_report: 'Viewed a progress report',
  view_provider_update: 'Viewed a treatment provider’s update',
  view_drug_tests: 'Viewed drug test results',
  view_drug_test: 'Viewed a drug test and its history',
  'drug-test.export': 'Downloaded drug test results',
  view_notes: 'Viewed progress notes',
  view_missing_reports: 'Viewed the missing reports',
  view_insights: 'Viewed a court’s insight figures',
  view_equality: 'Viewed a court’s equality monitoring counts',
  view_pack: 'Viewed a hearing pack',
  print_pack: 'Printed a hearing pack',
  view_paper_reviews: 'Viewed the paper reviews waiting',
  view_paper_review: 'Viewed a paper review',
  view_bench_notes: 'Viewed bench notes',
  view_statement: 'Read the person’s own words for a review',
  read_calendar_feed: 'Calendar feed read',
  view_audit: 'Viewed the audit log',
  export_audit: 'Downloaded the audit log',
  view_person_audit: 'Viewed who has seen a person’s record',
  view_access_needs: 'Viewed a person’s access needs',
  access_refused: 'Was refused access',
  // Changing case data
  create_person: 'Added a person',
  update_person: 'Changed a person’s details',
  set_access_needs: 'Changed a person’s access needs',
  change_attendance_mode: 'Changed how the person attends a hearing',
  set_interpreter_booked: 'Recorded whether an interpreter is booked for a hearing',
  create_order: 'Recorded an order',
  attach_psr: 'Attached a pre-sentence report',
  move_review: 'Moved a review',
  vacate_review: 'Vacated a review',
  adjourn_review: 'Adjourned a review',
  record_non_attendance: 'Recorded that the person did not attend a hearing',
  execute_warrant: 'Recorded a warrant as executed',
  withdraw_warrant: 'Withdrew a warrant',
  view_warrants: 'Viewed the warrants list',
  view_warrant: 'Viewed a warrant',
  view_breach: 'Viewed a breach and its outcome',
  lay_breach: 'Laid a breach before the court',
  record_breach_outcome: 'Recorded the outcome of a breach',
  amend_requirement: 'Amended a requirement',
  view_application: 'Viewed an application to the court',
  make_application: 'Applied to the court to amend or revoke early',
  decide_application: 'Recorded the court’s decision on an application',
  undo_booking_change: 'Undid a change to a review',
  record_outcome: 'Recorded an outcome',
  correct_outcome: 'Changed an outcome',
  decide_paper_review: 'Decided a paper review',
  notify_officer: 'Told the responsible officer',
  update_report: 'Saved a draft progress report',
  submit_report: 'Submitted a progress report',
  chase_report: 'Chased a progress report',
  'provider-update.save': 'Saved a treatment provider’s update',
  'drug-test.add': 'Added a drug test',
  'drug-test.upload': 'Uploaded drug tests',
  'drug-test.correct': 'Corrected a drug test',
  'drug-test.withdraw': 'Withdrew a drug test',
  add_note: 'Added a progress note',
  add_bench_note: 'Added a bench note',
  record_statement: 'Took down the person’s own words for a review',
  issue_pack: 'Issued a hearing pack',
  create_sitting: 'Added a sitting',
  create_sitting_series: 'Added a series of sittings',
  update_sitting: 'Changed a sitting',
  cancel_sitting: 'Cancelled a sitting',
  // Accounts and reference data
  sign_in: 'Signed in',
  sign_in_failed: 'Failed to sign in',
  sign_in_blocked: 'Sign-in blocked',
  sign_in_code_failed: 'Entered a wrong sign-in code',
  sign_out: 'Signed out',
  account_throttled: 'Sign-ins paused for the account',
  change_password: 'Changed their password',
  reset_password: 'Reset a password',
  issue_api_token: 'Was issued an API token',
  revoke_api_tokens: 'Revoked API tokens',
  mfa_enabled: 'Turned on two-factor authentication',
  mfa_disabled: 'Turned off two-factor authentication',
  reset_mfa: 'Reset two-factor authentication',
  mfa_recovery_code_used: 'Used a recovery code',
  mfa_recovery_codes_replaced: 'Made new recovery codes',
  create_user: 'Added a user',
  update_user: 'Changed a user',
  disable_user: 'Disabled a user',
  enable_user: 'Enabled a user',
  create_court: 'Added a court',
  update_court: 'Changed a court',
  create_organisation: 'Added an organisation',
  update_organisation: 'Changed an organisation',
  replace_bank_holidays: 'Replaced the bank holidays',
  resend_email: 'Sent an email again',
  create_calendar_feed: 'Made a calendar feed',
  replace_calendar_feed: 'Replaced their calendar feed',
  revoke_calendar_feed: 'Turned off their calendar feed',
  set_digest: 'Changed the daily email setting',
  // Retention and subject access (issue 23; DPA 2018 ss.39, 45, 47)
  view_retention_due: 'Viewed the records due for deletion',
  view_legal_hold: 'Viewed a person’s legal hold',
  update_retention_settings: 'Changed how long records are kept',
  place_legal_hold: 'Placed a legal hold on a person’s records',
  lift_legal_hold: 'Lifted a legal hold on a person’s records',
  retention_applied: 'Deleted or anonymised records past their date',
  retention_run: 'Ran the daily retention job',
  export_subject_access: 'Downloaded everything held about a person (subject access)',
}

/** The words for an action; a code with no words yet is shown as itself, spaced. */
export const auditActionText = (action: string): string => AUDIT_ACTIONS[action] ?? spaced(action)

const spaced = (code: string) => {
  const words = code.replace(/[_.-]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The kinds of record an audit row can be about, in words ("A review no longer recorded"). */
export const AUDIT_SUBJECTS: Record<string, string> = {
  person: 'person',
  document: 'document',
  email: 'email',
  review: 'review',
  sitting: 'sitting',
  order: 'order',
  requirement: 'requirement',
  court: 'court',
  user: 'user',
  organisation: 'organisation',
  upload: 'file of drug tests',
  warrant: 'warrant',
  drug_test: 'drug test',
}

/** A kind of record in words; one with no words yet is shown as itself, spaced. */
export const auditSubjectText = (type: string): string => AUDIT_SUBJECTS[type] ?? spaced(type).toLowerCase()

const REFUSED_REQUESTS: Record<string, string> = {
  GET: 'Asked to see',
  HEAD: 'Asked to see',
  POST: 'Sent a form or request to',
  PUT: 'Asked to change',
  PATCH: 'Asked to change',
  DELETE: 'Asked to delete',
}

const REFUSED_BECAUSE: Record<string, string> = {
  '401': 'not signed in',
  '403': 'not allowed for their role',
  '404': 'not found, or not theirs to see',
}

/** A refused request in words: what was asked for, at which address, and why it was refused. */
export function refusalText(method: unknown, path: unknown, status: unknown): string {
  const asked = REFUSED_REQUESTS[String(method ?? '').toUpperCase()] ?? 'Asked for'
  const code = String(status ?? '')
  const because = REFUSED_BECAUSE[code] ?? 'refused'
  return `${asked} ${String(path ?? 'an address')}: ${because}${code ? ` (${code})` : ''}`
}
