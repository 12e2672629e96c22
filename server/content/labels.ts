/**
 * Every enumeration's words, in one place: what pages, packs, emails and the API's documentation
 * call each code. The codes themselves (the same in pages, API and database) live with their rules.
 */

/** "3 reviews", "1 review". */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

export const REQUIREMENT_KINDS: Record<string, string> = {
  DRR: 'Drug rehabilitation requirement (DRR)',
  ATR: 'Alcohol treatment requirement (ATR)',
  MHTR: 'Mental health treatment requirement (MHTR)',
}

/** The requirement's kind where a column is narrow (the court list). */
export const REQUIREMENT_KINDS_SHORT: Record<string, string> = {
  DRR: 'Drug rehabilitation (DRR)',
  ATR: 'Alcohol treatment (ATR)',
  MHTR: 'Mental health treatment (MHTR)',
}

export const ORDER_KINDS: Record<string, string> = {
  community: 'Community order',
  suspended: 'Suspended sentence order',
}

export const COURT_KINDS: Record<string, string> = {
  magistrates: 'Magistrates’ court',
  crown: 'Crown Court',
}

export const PROGRESS: Record<string, string> = { good: 'Good', satisfactory: 'Satisfactory', poor: 'Poor' }

/** What the court decided, as the clerk chooses it on the outcome form. */
export const DECISIONS: Record<string, string> = {
  continue_hearing: 'Continue, next review at a hearing',
  continue_paper: 'Continue, next reviews without a hearing (person present, progress satisfactory)',
  amend: 'Amend the requirement (person present and willing to comply with it as amended)',
  require_attendance: 'Require the person to attend a hearing (reviews without a hearing only)',
  breach_referral: 'Breach proceedings: the breach is before this court, the order continues',
  completed: 'Completed',
  revoked: 'Revoked',
}

/** What the court decided, as the bench reads it back in a pack's timeline. */
export const DECISIONS_SHORT: Record<string, string> = {
  continue_hearing: 'Continue, next review at a hearing',
  continue_paper: 'Continue, next review on paper',
  amend: 'Amend the order',
  require_attendance: 'Require attendance',
  breach_referral: 'Breach proceedings',
  completed: 'Completed',
  revoked: 'Revoked',
}

/** A decision on the papers, as the single justice or judge made it. */
export const PAPER_DECISIONS: Record<string, string> = {
  continue_paper: 'Satisfactory, stays on paper',
  require_attendance: 'Not satisfactory, must attend a hearing',
}

export const REQUIREMENT_STATUS: Record<string, { text: string; colour: string }> = {
  active: { text: 'Active', colour: 'blue' },
  completed: { text: 'Completed', colour: 'green' },
  revoked: { text: 'Revoked', colour: 'grey' },
}

export const REVIEW_STATUS: Record<string, { text: string; colour: string }> = {
  scheduled: { text: 'Scheduled', colour: 'blue' },
  unlisted: { text: 'Needs listing', colour: 'orange' },
  held: { text: 'Held', colour: 'green' },
  adjourned: { text: 'Adjourned', colour: 'yellow' },
  vacated: { text: 'Vacated', colour: 'grey' },
  did_not_attend: { text: 'Did not attend', colour: 'red' },
}

export const REPORT_STATUS: Record<string, { text: string; colour: string }> = {
  not_started: { text: 'Not started', colour: 'grey' },
  draft: { text: 'Draft', colour: 'yellow' },
  submitted: { text: 'Submitted', colour: 'green' },
  late: { text: 'Late', colour: 'red' },
}

/** Drug test words: what was tested for, how, and the result. */
export const SUBSTANCES: Record<string, string> = {
  opiates: 'Opiates',
  cocaine: 'Cocaine',
  cannabis: 'Cannabis',
  benzodiazepines: 'Benzodiazepines',
  amphetamines: 'Amphetamines',
  methadone: 'Methadone',
  buprenorphine: 'Buprenorphine',
  alcohol: 'Alcohol',
  other: 'Other',
}
export const TEST_METHODS: Record<string, string> = {
  oral_fluid: 'Oral fluid',
  urine: 'Urine',
  hair: 'Hair',
  breath: 'Breath',
}
export const TEST_RESULTS: Record<string, string> = {
  negative: 'Negative',
  positive: 'Positive',
  positive_prescribed: 'Positive (prescribed)',
  refused: 'Refused',
  missed: 'Missed',
  tampered: 'Tampered',
}
export const substanceName = (s: string): string => SUBSTANCES[s] ?? s

/** A progress report's recommendation, as the officer chooses it and the reader sees it. */
export const RECOMMENDATIONS: Record<string, string> = {
  continue: 'Continue the order as it is',
  paper_review: 'Hold the next review on paper',
  amend: 'Amend the order',
  breach_action: 'Take breach action',
}

/** A recommendation where the pack lists it briefly. */
export const RECOMMENDATIONS_SHORT: Record<string, string> = {
  continue: 'Continue the order',
  paper_review: 'Move to paper reviews',
  amend: 'Amend the order',
  breach_action: 'Breach action',
}

/** An earlier review's status in a pack's timeline. */
export const PACK_REVIEW_STATUS: Record<string, string> = {
  held: 'Held',
  did_not_attend: 'Did not attend',
  scheduled: 'Listed',
}

export const NOTE_CATEGORIES: Record<string, string> = {
  appointment: 'Appointment',
  contact: 'Contact',
  treatment: 'Treatment',
  testing: 'Drug testing',
  safeguarding: 'Safeguarding',
  other: 'Other',
}

/** An email's state in the outbox, as the administrator reads it. */
export const OUTBOX_STATUS: Record<string, string> = {
  pending: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
}

/** What the court did when the person did not attend a review hearing. */
export const NON_ATTENDANCE_ACTIONS: Record<string, string> = {
  adjourn: 'Adjourned',
  summons: 'Summons issued',
  warrant: 'Warrant issued',
}

/** The court's decision on a breach (Sentencing Act 2020 Sch 10 para 10(5); Sch 16 para 13(1)), as a phrase. */
export const BREACH_POWERS: Record<string, string> = {
  fine: 'a fine',
  amend_more_onerous: 'more onerous requirements',
  revoke_resentence: 'the order revoked and the person re-sentenced',
  activate_in_full: 'the suspended sentence activated in full',
  activate_lesser_term: 'the suspended sentence activated with a lesser term',
  amend_sso: 'the order amended (more onerous requirements or a longer period)',
  no_order: 'no order, activation being unjust',
  not_proved: 'not proved',
}

/** Where a breach stands: before the court until its outcome is recorded. */
export const BREACH_STATUS: Record<string, { text: string; colour: string }> = {
  open: { text: 'Before the court', colour: 'orange' },
  decided: { text: 'Decided', colour: 'grey' },
}

/** Applications to the review court outside a review (Sch 10 paras 14, 18; Sch 16 para 22). */
export const APPLICATION_KINDS: Record<string, string> = {
  amend: 'To amend the requirement',
  early_revocation: 'To revoke early for good progress',
}

export const APPLICATION_STATUS: Record<string, { text: string; colour: string }> = {
  open: { text: 'Before the court', colour: 'orange' },
  granted: { text: 'Granted', colour: 'green' },
  refused: { text: 'Refused', colour: 'grey' },
}

/** What a structured amendment of a requirement can change, as the pack names each field. */
export const AMENDMENT_FIELDS: Record<string, string> = {
  months: 'Length',
  reviewIntervalMonths: 'Review interval',
  providerOrganisationId: 'Treatment provider',
  residential: 'Residential treatment',
  responsibleCourtId: 'Responsible court',
}

/**
 * Equality monitoring (issue 22): the categories of the Ministry of Justice's statistics. Sex as in its
 * criminal justice statistics; ethnicity in the five broad self-identified ONS groups of "Statistics on
 * Ethnicity and the Criminal Justice System, 2022" (MoJ, Criminal Justice Act 1991 s.95). Null: not recorded.
 */
export const SEX: Record<string, string> = {
  male: 'Male',
  female: 'Female',
  prefer_not_to_say: 'Prefer not to say',
}

export const ETHNICITY: Record<string, string> = {
  asian: 'Asian or Asian British',
  black: 'Black, Black British, Caribbean or African',
  mixed: 'Mixed or multiple ethnic groups',
  white: 'White',
  other: 'Other ethnic group',
  prefer_not_to_say: 'Prefer not to say',
}

/** Reasonable adjustments a person may need at court (issue 23), as the form and the tags name them. */
export const ADJUSTMENTS: Record<string, string> = {
  step_free: 'Step-free access',
  hearing_loop: 'Hearing loop',
  breaks: 'Regular breaks',
  easy_read: 'Easy-read documents',
  other: 'Other adjustment',
}

/** How the person attends a hearing (issue 23), as the court list, emails and invites say it. */
export const ATTENDANCE_MODES: Record<string, string> = {
  in_person: 'In person',
  video: 'By video link',
}

/** The person's own words before a review (issue 23): the prompts the form and the pack give. */
export const STATEMENT_WORDS = {
  heading: 'In their own words',
  hint: 'What has gone well, what has been hard, and what they want the court to know. Write down what they say, in their words, not a summary.',
  marked: 'These are the person’s own words, taken down before the review.',
  response: 'The bench’s response to their words',
}

/** The kinds of record a retention period is set for (issue 23; DPA 2018 s.39), as the admin pages name them. */
export const RETENTION_KIND_NAMES: Record<string, string> = {
  drug_tests: 'Drug test results',
  notes: 'Progress notes',
  reports: 'Reports, provider updates and statements',
  packs: 'Hearing packs',
  case_record: 'Case record (the person, orders, reviews, outcomes, enforcement)',
  audit: 'Audit log',
}
