import type { Clock } from '../../utils/clock'
import type { TxLike } from '../../data/unitOfWork'
import type { DrugTest, DrugTestRepository } from '../../data/drugTestRepository'
import { AppError, RuleError } from '../../errors'
import { todayIn } from '../../utils/dates'
import { firstDuplicate, messages, testProblems, type TestFacts } from './drugTestRules'

/**
 * The same test is already recorded: 409, naming the first one (`duplicateOf`) so the page can link
 * to it and the API can point at it.
 */
export class DuplicateTestError extends AppError {
  constructor(readonly first: DrugTest) {
    super(409, messages.duplicate(first.takenOn), [{ field: 'takenOn', message: messages.duplicate(first.takenOn) }])
  }
}

/** The drug test rules (drugTestRules.ts) checked against the person's orders, today and their stored tests. */
export function createDrugTestChecks(deps: { clock: Clock; drugTests: DrugTestRepository }) {
  const { clock, drugTests } = deps
  return {
    /**
     * Throws a RuleError (422) naming every rule the test breaks, else a DuplicateTestError when the same
     * test is already recorded (`except`: the test being corrected).
     */
    async checkTest(test: TestFacts & { personId: string }, except?: string, tx?: TxLike): Promise<void> {
      const span = (await drugTests.orderSpans([test.personId], tx)).get(test.personId)
      const problems = testProblems(test, {
        today: todayIn(clock),
        madeOn: span?.madeOn ?? null,
        endsOn: span?.endsOn ?? null,
      })
      if (problems.length) throw new RuleError(problems[0].message, problems)
      const first = firstDuplicate(test, await drugTests.liveOn(test.personId, test.takenOn, tx), except)
      if (first) throw new DuplicateTestError(first)
    },
  }
}

export type DrugTestChecks = ReturnType<typeof createDrugTestChecks>
