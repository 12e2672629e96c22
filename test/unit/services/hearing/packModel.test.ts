import { createPackModel } from '../../../../server/services/hearing/packModel'
import { FixedClock } from '../../../../server/utils/clock'
import type { CourtRow } from '../../../../server/data/referenceRepository'
import { requirement, review, rows, sitting } from './packFixtures'

/** Repositories answering from the fixture's rows, noting each read and what it was asked for. */
function fakes(data = rows()) {
  const reads: [string, unknown][] = []
  const read =
    <A, R>(name: string, answer: (arg: A) => R) =>
    async (arg: A) => {
      reads.push([name, arg])
      return answer(arg)
    }
  const court: CourtRow = {
    id: 'c1',
    name: 'Sitting Court',
    code: 'SC',
    kind: 'magistrates',
    reportDueWorkingDays: 2,
    defaultSittingWeekday: null,
  }
  return {
    reads,
    deps: {
      clock: new FixedClock('2026-05-01T09:00:00Z'),
      packs: {
        requirements: read('requirements', () => data.requirements),
        reportVersions: read('reportVersions', () => data.reports),
        providerUpdates: read('providerUpdates', () => data.updates),
        outcomes: read('outcomes', () => data.outcomes),
        drugTests: read('drugTests', () => data.tests),
        ordersWithPsr: read('ordersWithPsr', () => data.ordersWithPsr),
        userNames: read('userNames', () => data.users),
        enforcement: read('enforcement', () => data.enforcement),
        nonAttendance: read('nonAttendance', () => data.nonAttendance),
        organisationNames: read('organisationNames', () => data.organisations),
        courtNames: read('courtNames', () => data.courts),
      },
      reviews: { forRequirements: read('forRequirements', () => data.siblings) },
      sittings: { findMany: read('findMany', () => data.earlierSittings) },
      reference: { court: read('court', () => court) },
      statements: {
        currentFor: read('statements', () => data.statements),
        responsesFor: read('statementResponses', () => data.statementResponses),
      },
    },
  }
}

describe('createPackModel', () => {
  it('when a sitting’s pack is built, then each table is read once, for every case at once', async () => {
    const { reads, deps } = fakes()
    const build = createPackModel(deps)

    const model = await build({ sitting: sitting(), reviews: [review()] })

    expect(reads.map(([name]) => name).sort()).toEqual(
      [
        'requirements',
        'forRequirements',
        'reportVersions',
        'providerUpdates',
        'court',
        'outcomes',
        'findMany',
        'drugTests',
        'ordersWithPsr',
        'userNames',
        'enforcement',
        'nonAttendance',
        'organisationNames',
        'courtNames',
        'statements',
        'statementResponses',
      ].sort(),
    )
    const asked = new Map(reads)
    expect(asked.get('requirements')).toEqual(['q1'])
    expect(asked.get('reportVersions')).toEqual(['r2'])
    expect(asked.get('court')).toBe('c1')
    // Only the earlier review's outcome and sitting; the unlisted later review is not read for.
    expect(asked.get('outcomes')).toEqual(['r1'])
    expect(asked.get('findMany')).toEqual(['s1'])
    expect(asked.get('drugTests')).toEqual(['p1'])
    expect(asked.get('ordersWithPsr')).toEqual(['o1'])
    expect(asked.get('enforcement')).toEqual(['q1'])
    // Missed hearings are looked for among the requirement's other reviews, not the one being heard.
    expect(asked.get('nonAttendance')).toEqual(['r1', 'r3'])
    // The person's own words: every review of the requirement at once; the responses at earlier ones.
    expect(asked.get('statements')).toEqual(['r1', 'r2', 'r3'])
    expect(asked.get('statementResponses')).toEqual(['r1'])
    // The sitting's bench, the earlier sitting's and who sat, each once.
    expect((asked.get('userNames') as string[]).sort()).toEqual(['m1', 'm2', 'm3'])
    expect(model.courtName).toBe('Sitting Court')
    expect(model.cases[0].timeline[0].bench).toBe('Mags One')
  })

  it('when two cases share people and orders, then each is asked for once', async () => {
    const second = review({ id: 'r8', requirementId: 'q2', sequence: 1 })
    const data = rows({ requirements: [requirement(), requirement({ id: 'q2' })] })
    const { reads, deps } = fakes({ ...data, siblings: [...data.siblings, second] })

    await createPackModel(deps)({ sitting: sitting(), reviews: [review(), second] })

    const asked = new Map(reads)
    expect(asked.get('requirements')).toEqual(['q1', 'q2'])
    expect(asked.get('drugTests')).toEqual(['p1'])
    expect(asked.get('ordersWithPsr')).toEqual(['o1'])
  })

  it('when the pack is not for a sitting, then no court is read and the case’s court is named', async () => {
    const { reads, deps } = fakes()

    const model = await createPackModel(deps)({ sitting: null, reviews: [review()] })

    expect(reads.map(([name]) => name)).not.toContain('court')
    expect(model.courtName).toBe('Leeds Magistrates’ Court')
  })
})
