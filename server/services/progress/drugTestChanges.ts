import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository, PersonRow } from '../../data/caseRepository'
import {
  canonicalResults,
  type DrugTest,
  type DrugTestRepository,
  type DrugTestRevision,
} from '../../data/drugTestRepository'
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../errors'
import { newId } from '../../utils/ids'
import { fieldErrors } from '../validation'
import { drugTestInput } from './providerInput'
import { testWriterScope } from './drugTestService'
import { sameTestKey } from './drugTestRules'
import type { DrugTestChecks } from './drugTestChecks'

const reason = (doing: string) =>
  z
    .string({ error: `Enter the reason for ${doing}` })
    .trim()
    .min(1, { error: `Enter the reason for ${doing}` })
    .max(1000, { error: 'Reason must be 1000 characters or fewer' })
const version = z
  .number({ error: 'Version must be a whole number' })
  .int({ error: 'Version must be a whole number' })
  .optional()

/** A correction: the test's new values, why, and (optionally) the version the user read. */
export const correctionInput = z.intersection(drugTestInput, z.object({ reason: reason('the correction'), version }))
/** A withdrawal: why, and (optionally) the version the user read. */
export const withdrawalInput = z.object({ reason: reason('withdrawing the test'), version })

/** Both schemas' problems at once, so one answer names every bad field. */
function parseAll<A extends z.ZodType, B extends z.ZodType>(a: A, b: B, input: unknown): [z.output<A>, z.output<B>] {
  const ra = a.safeParse(input)
  const rb = b.safeParse(input)
  const errors: FieldError[] = [
    ...(ra.success ? [] : fieldErrors(ra.error)),
    ...(rb.success ? [] : fieldErrors(rb.error)),
  ]
  if (!ra.success || !rb.success) throw new ValidationError(errors)
  return [ra.data, rb.data]
}

const stale = () =>
  new ConflictError('This test was changed by someone else since you opened it. Check it again before you change it')

/**
 * Correcting and withdrawing a test (a tester's own, or their organisation's), with a reason; what it
 * said before is kept as a revision, and each change is audited. Another's test reads as not found.
 */
export function createDrugTestChanges(deps: {
  uow: UnitOfWork
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  drugTests: DrugTestRepository
  checks: DrugTestChecks
}) {
  const { uow, clock, audit, cases, drugTests, checks } = deps

  /** Whether the user recorded the test, or works for the organisation that did. */
  const isTester = (user: CurrentUser, t: DrugTest) =>
    t.enteredBy === user.id || (!!t.organisationId && t.organisationId === user.organisationId)

  /** The test, when the user may record tests for the person and is its tester; else 404. */
  async function changeable(user: CurrentUser, personId: string, testId: string) {
    const person = await cases.person(personId, await testWriterScope(cases, user))
    const test = person ? await drugTests.byId(person.id, testId) : null
    if (!person || !test || !isTester(user, test)) throw new NotFoundError('Drug test not found')
    return { person, test }
  }

  async function store(
    user: CurrentUser,
    person: PersonRow,
    before: DrugTest,
    next: DrugTest,
    why: string,
    read?: number,
  ) {
    const kind = next.withdrawn ? 'withdrawn' : 'corrected'
    const revision: Omit<DrugTestRevision, 'changedByName'> = {
      id: newId(),
      testId: before.id,
      revision: before.version,
      kind,
      takenOn: before.takenOn,
      method: before.method,
      results: before.results,
      otherSubstance: before.otherSubstance,
      reason: why,
      changedBy: user.id,
      changedAt: clock.now().toISOString(),
    }
    if (read !== undefined && read !== before.version) throw stale()
    await uow.run(async tx => {
      await drugTests.lockPeople([before.personId], tx)
      if (!next.withdrawn) await checks.checkTest(next, before.id, tx)
      if (!(await drugTests.change(next, before.version, revision, tx))) throw stale()
      await audit.record(
        {
          userId: user.id,
          action: kind === 'withdrawn' ? 'drug-test.withdraw' : 'drug-test.correct',
          subjectType: 'person',
          subjectId: person.id,
          detail: { testId: before.id, revision: revision.revision },
        },
        revision.changedAt,
        tx,
      )
    })
    return { ...next, version: before.version + 1 }
  }

  return {
    /** The test, for the correct and withdraw forms (404 unless the user is its tester); the read is audited. */
    async changeableTest(user: CurrentUser, personId: string, testId: string) {
      const found = await changeable(user, personId, testId)
      await audit.viewed(user, {
        action: 'view_drug_test',
        personId: found.person.id,
        subjectType: 'person',
        subjectId: found.person.id,
        detail: { testId },
      })
      return found
    },

    /** Whether the user may correct or withdraw this test (the list's links; each change checks again). */
    isTester,

    /** New values for a test, with a reason; the rules are checked again, the test itself aside. */
    async correctTest(user: CurrentUser, personId: string, testId: string, input: unknown): Promise<DrugTest> {
      const { person, test } = await changeable(user, personId, testId)
      const [t, why] = parseAll(drugTestInput, z.object({ reason: reason('the correction'), version }), input)
      if (test.withdrawn) throw new ConflictError('This test has been withdrawn, so it cannot be corrected')
      const next: DrugTest = {
        ...test,
        takenOn: t.takenOn,
        method: t.method,
        results: canonicalResults(t.results),
        otherSubstance: t.otherSubstance || null,
        correctedAt: clock.now().toISOString(),
      }
      if (sameTestKey(next) === sameTestKey(test) && (next.otherSubstance ?? '') === (test.otherSubstance ?? ''))
        throw new ValidationError([{ field: 'form', message: 'Change at least one answer, or cancel the correction' }])
      return store(user, person, test, next, why.reason, why.version)
    },

    /** Withdraws a test, with a reason: it stays in the history but leaves the pack, the report and the charts. */
    async withdrawTest(user: CurrentUser, personId: string, testId: string, input: unknown): Promise<DrugTest> {
      const { person, test } = await changeable(user, personId, testId)
      const r = withdrawalInput.safeParse(input)
      if (!r.success) throw new ValidationError(fieldErrors(r.error))
      if (test.withdrawn) throw new ConflictError('This test has already been withdrawn')
      const next: DrugTest = {
        ...test,
        withdrawn: { at: clock.now().toISOString(), by: user.id, reason: r.data.reason },
      }
      return store(user, person, test, next, r.data.reason, r.data.version)
    },
  }
}
