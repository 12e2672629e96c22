import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository, CaseScope, PersonRow } from '../../data/caseRepository'
import {
  canonicalResults,
  freshTest,
  SUBSTANCES,
  type DrugTest,
  type DrugTestRepository,
  type DrugTestRevision,
} from '../../data/drugTestRepository'
import { NotFoundError } from '../../errors'
import { newId } from '../../utils/ids'
import { todayIn } from '../../utils/dates'
import { parse } from '../validation'
import { drugTestInput } from './providerInput'
import { csvHeader, csvLine, csvTemplate } from './drugTestCsv'
import type { DrugTestChecks } from './drugTestChecks'

/** Only those who test people (providers) or hold the case (probation) add tests: the people they may add for. */
export async function testWriterScope(cases: CaseRepository, user: CurrentUser): Promise<CaseScope> {
  if (user.role !== 'provider' && user.role !== 'probation') return { kind: 'none' }
  return cases.scopeFor(user)
}

/** A person's drug tests: read by everyone who holds the case, added one at a time, exported as CSV. */
export function createDrugTestService(deps: {
  uow: UnitOfWork
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  drugTests: DrugTestRepository
  checks: DrugTestChecks
}) {
  const { uow, clock, audit, cases, drugTests, checks } = deps
  const now = () => clock.now().toISOString()

  /** A person the user may read tests for (clerk and admin every person; officers and providers their own). */
  async function readablePerson(user: CurrentUser, personId: string): Promise<PersonRow> {
    const person = await cases.person(personId, await cases.scopeFor(user))
    if (!person) throw new NotFoundError('Person not found')
    return person
  }

  async function tests(
    user: CurrentUser,
    personId: string,
    liveOnly = false,
  ): Promise<{ person: PersonRow; tests: DrugTest[] }> {
    const person = await readablePerson(user, personId)
    return { person, tests: await drugTests.forPerson(person.id, undefined, liveOnly) }
  }

  return {
    /** The CSV template: the column names and example rows dated in the last week. */
    template: () => csvTemplate(todayIn(clock)),

    /** One test with its history (who recorded it, each correction and withdrawal), for everyone who holds the case. */
    async testHistory(
      user: CurrentUser,
      personId: string,
      testId: string,
    ): Promise<{ person: PersonRow; test: DrugTest; revisions: DrugTestRevision[]; recordedBy: string | null }> {
      const person = await readablePerson(user, personId)
      const test = await drugTests.byId(person.id, testId)
      if (!test) throw new NotFoundError('Drug test not found')
      const [revisions, names] = await Promise.all([
        drugTests.revisions(test.id),
        drugTests.userNames([test.enteredBy]),
      ])
      await audit.viewed(user, {
        action: 'view_drug_test',
        personId: person.id,
        subjectType: 'person',
        subjectId: person.id,
        detail: { testId: test.id },
      })
      return { person, test, revisions, recordedBy: names.get(test.enteredBy) ?? null }
    },

    /** A person's drug tests, for the page and the API: the read is audited. */
    async tests(
      user: CurrentUser,
      personId: string,
      liveOnly = false,
    ): Promise<{ person: PersonRow; tests: DrugTest[] }> {
      const read = await tests(user, personId, liveOnly)
      await audit.viewed(user, {
        action: 'view_drug_tests',
        personId: read.person.id,
        subjectType: 'person',
        subjectId: read.person.id,
      })
      return read
    },

    /** Whether the user may add tests for this person (the "Add a test" link; the add itself checks again). */
    async canAddTests(user: CurrentUser, personId: string): Promise<boolean> {
      return (await cases.person(personId, await testWriterScope(cases, user))) !== null
    },

    async person(user: CurrentUser, personId: string, forWriting = false): Promise<PersonRow> {
      const person = forWriting
        ? await cases.person(personId, await testWriterScope(cases, user))
        : await readablePerson(user, personId)
      if (!person) throw new NotFoundError('Person not found')
      await audit.viewed(user, {
        action: 'view_person',
        personId: person.id,
        subjectType: 'person',
        subjectId: person.id,
      })
      return person
    },

    async addTest(user: CurrentUser, personId: string, input: unknown): Promise<DrugTest> {
      const person = await cases.person(personId, await testWriterScope(cases, user))
      if (!person) throw new NotFoundError('Person not found')
      const t = parse(drugTestInput, input)
      const at = now()
      const test = freshTest({
        id: newId(),
        personId: person.id,
        takenOn: t.takenOn,
        method: t.method,
        results: canonicalResults(t.results),
        otherSubstance: t.otherSubstance || null,
        organisationId: user.organisationId ?? null,
        enteredBy: user.id,
        uploadId: null,
        createdAt: at,
      })
      await uow.run(async tx => {
        await drugTests.lockPeople([test.personId], tx)
        await checks.checkTest(test, undefined, tx)
        await drugTests.insert([test], tx)
        await audit.record(
          {
            userId: user.id,
            action: 'drug-test.add',
            subjectType: 'person',
            subjectId: person.id,
            detail: { testId: test.id },
          },
          at,
          tx,
        )
      })
      return test
    },

    /** A person's tests in the template's columns, with formula-looking cells made inert. */
    async exportCsv(user: CurrentUser, personId: string): Promise<{ person: PersonRow; csv: string }> {
      const { person, tests: rows } = await tests(user, personId, true)
      const lines = rows.map(t =>
        csvLine([person.crn, t.takenOn, t.method, ...SUBSTANCES.map(s => t.results[s] ?? ''), t.otherSubstance]),
      )
      await audit.viewed(user, {
        action: 'drug-test.export',
        personId: person.id,
        subjectType: 'person',
        subjectId: person.id,
        detail: { count: rows.length },
      })
      return { person, csv: csvHeader() + lines.join('') }
    },
  }
}
