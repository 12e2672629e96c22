import type { Knex } from 'knex'
import * as reference from './20260101000100_reference'
import * as auth from './20260101000200_auth'
import * as cases from './20260101000300_cases'
import * as listing from './20260101000400_listing'
import * as progress from './20260101000500_progress'
import * as hearing from './20260101000600_hearing'
import * as email from './20260101000700_email'
import * as bankHolidays from './20260101000800_bank_holidays'
import * as notify from './20260101000900_notify'
import * as formSubmission from './20260101001000_form_submission'
import * as reviewIndexes from './20260101001100_review_indexes'
import * as law from './20261206000100_law'
import * as signIn from './20261207000100_sign_in'
import * as auditReads from './20261207000200_audit_reads'
import * as drugTestHistory from './20261207000300_drug_test_history'
import * as userCourts from './20261207000400_user_courts'
import * as enforcement from './20261207000500_enforcement'
import * as breach from './20261207000600_breach'
import * as amendment from './20261207000700_amendment'
import * as equality from './20261208000100_equality'
import * as statement from './20261208000200_statement'
import * as accessNeeds from './20261208000300_access_needs'
import * as retention from './20261208000400_retention'
import * as cacheVersion from './20261208000500_cache_version'
import * as insightIndexes from './20261208000600_insight_indexes'
import * as caseDataVersion from './20261209000100_case_data_version'

// Listed here (not globbed from disk) so the same list runs from TypeScript in tests and from dist/.
export const migrations: ReadonlyArray<[string, Knex.Migration]> = [
  ['20260101000100_reference', reference],
  ['20260101000200_auth', auth],
  ['20260101000300_cases', cases],
  ['20260101000400_listing', listing],
  ['20260101000500_progress', progress],
  ['20260101000600_hearing', hearing],
  ['20260101000700_email', email],
  ['20260101000800_bank_holidays', bankHolidays],
  ['20260101000900_notify', notify],
  ['20260101001000_form_submission', formSubmission],
  ['20260101001100_review_indexes', reviewIndexes],
  ['20261206000100_law', law],
  ['20261207000100_sign_in', signIn],
  ['20261207000200_audit_reads', auditReads],
  ['20261207000300_drug_test_history', drugTestHistory],
  ['20261207000400_user_courts', userCourts],
  ['20261207000500_enforcement', enforcement],
  ['20261207000600_breach', breach],
  ['20261207000700_amendment', amendment],
  ['20261208000100_equality', equality],
  ['20261208000200_statement', statement],
  ['20261208000300_access_needs', accessNeeds],
  ['20261208000400_retention', retention],
  ['20261208000500_cache_version', cacheVersion],
  ['20261208000600_insight_indexes', insightIndexes],
  ['20261209000100_case_data_version', caseDataVersion],
]
