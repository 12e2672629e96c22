import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { Tx, UnitOfWork } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository } from '../../data/caseRepository'
import { freshTest, type DrugTestRepository } from '../../data/drugTestRepository'
import { ConflictError } from '../../errors'
import { newId, sha256 } from '../../utils/ids'
import { todayIn } from '../../utils/dates'
import type { UploadPreview } from './drugTestCsv'
import { candidatesOf, crnsOf, readUpload, sortUploadRows, type UploadPerson } from './uploadCheck'
import { testWriterScope } from './drugTestService'
import { firstDuplicate } from './drugTestRules'

/** Bulk upload of drug tests: a preview that stores nothing, then a confirm that stores all or nothing. */
export function createDrugTestUpload(deps: {
  uow: UnitOfWork
  clock: Clock
  audit: AuditTrail
  cases: CaseRepository
  drugTests: DrugTestRepository
}) {
  const { uow, clock, audit, cases, drugTests } = deps
  const now = () => clock.now().toISOString()

  /** Tests already stored (not withdrawn) for these people, in the date range the rows cover. */
  async function storedFor(rows: { personId: string; takenOn: string }[], tx?: Tx) {
    if (rows.length === 0) return []
    const ids = [...new Set(rows.map(r => r.personId))]
    const dates = rows.map(r => r.takenOn).sort()
    return drugTests.forPeopleBetween(ids, dates[0], dates[dates.length - 1], tx)
  }

  /** The people (by CRN) the user may record tests for, with the span of their orders. */
  async function peopleFor(user: CurrentUser, crns: string[], tx?: Tx): Promise<Map<string, UploadPerson>> {
    const found = await drugTests.peopleByCrn(crns, await testWriterScope(cases, user), tx)
    const spans = await drugTests.orderSpans(
      [...found.values()].map(p => p.id),
      tx,
    )
    const out = new Map<string, UploadPerson>()
    for (const [crn, p] of found) {
      const span = spans.get(p.id)
      if (span) out.set(crn, { id: p.id, name: p.name, madeOn: span.madeOn, endsOn: span.endsOn })
    }
    return out
  }

  return {
    /**
     * Checks every row of an uploaded CSV; stores nothing. A file that is not the template's shape
     * is refused whole (ValidationError on `file`); otherwise each row is accepted or rejected with a reason.
     */
    async previewUpload(user: CurrentUser, csvText: string): Promise<UploadPreview> {
      const checked = readUpload(csvText)
      const people = await peopleFor(user, crnsOf(checked))
      const stored = await storedFor(candidatesOf(checked, people))
      const { accepted, rejected } = sortUploadRows(checked, people, stored, todayIn(clock))
      const token = sha256(`${user.id}:${now()}:${newId()}`).slice(0, 32)
      return { token, accepted, rejected }
    },

    /**
     * Stores the accepted rows of a preview in one transaction with one upload id: all or nothing.
     * Every row is checked again (scope and duplicates), since the data may have changed since preview.
     */
    async confirmUpload(user: CurrentUser, preview: Pick<UploadPreview, 'token' | 'accepted'>) {
      if (preview.accepted.length === 0) throw new ConflictError('There are no accepted tests to store')
      const uploadId = newId()
      const at = now()
      await uow.run(async tx => {
        const people = await peopleFor(user, [...new Set(preview.accepted.map(r => r.crn))], tx)
        if (preview.accepted.some(r => people.get(r.crn)?.id !== r.personId))
          throw new ConflictError(
            'Some people in the file are no longer yours to record tests for. Nothing was stored; upload the file again',
          )
        await drugTests.lockPeople(
          preview.accepted.map(r => r.personId),
          tx,
        )
        const stored = await storedFor(preview.accepted, tx)
        const again = preview.accepted.find(r => firstDuplicate(r, stored))
        if (again)
          throw new ConflictError(
            `Line ${again.line} is already recorded (perhaps by someone else since the preview). Nothing was stored; upload the file again`,
          )
        const tests = preview.accepted.map(r =>
          freshTest({
            id: newId(),
            personId: r.personId,
            takenOn: r.takenOn,
            method: r.method,
            results: r.results,
            otherSubstance: r.otherSubstance,
            organisationId: user.organisationId ?? null,
            enteredBy: user.id,
            uploadId,
            createdAt: at,
          }),
        )
        await drugTests.insert(tests, tx)
        await audit.record(
          {
            userId: user.id,
            action: 'drug-test.upload',
            subjectType: 'upload',
            subjectId: uploadId,
            detail: { count: tests.length },
          },
          at,
          tx,
        )
      })
      return { uploadId, count: preview.accepted.length }
    },
  }
}
