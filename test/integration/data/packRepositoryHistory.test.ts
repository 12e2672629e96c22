import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { queriesDuring } from '../../support/queries'
import { createPackRepository } from '../../../server/data/packRepository'
import { newId } from '../../../server/utils/ids'
import { AT, hearingSeed } from './hearingSeed'

// The pack repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set): past outcomes
// with their bench, drug tests, pre-sentence reports and the names of users.

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const { court, user, requirement, review } = hearingSeed(() => db)

describe('the pack repository', () => {
  const packs = () => createPackRepository(db)

  it('when reviews have outcomes, then gives each once with who sat (none recorded: an empty bench), in one query', async () => {
    const q = await requirement(await court())
    const [sat, unrecorded, none] = [await review(q.id, 1), await review(q.id, 2), await review(q.id, 3)]
    const [a, b] = [await user('Magistrate A'), await user('Magistrate B')]
    const clerk = await user('Clerk', 'clerk')
    const outcome = (reviewId: string, attended: boolean, comments: string | null) => ({
      id: newId(),
      review_id: reviewId,
      attended,
      progress: 'poor',
      decision: 'breach_referral',
      bench_comments: comments,
      recorded_by: clerk,
      recorded_at: AT,
      updated_at: AT,
    })
    const withBench = outcome(sat, true, 'Keep going')
    await db('outcome').insert([withBench, outcome(unrecorded, false, null)])
    await db('outcome_bench').insert([
      { outcome_id: withBench.id, user_id: a },
      { outcome_id: withBench.id, user_id: b },
    ])

    let rows: Awaited<ReturnType<ReturnType<typeof packs>['outcomes']>> = []
    const sql = await queriesDuring(db, async () => {
      rows = await packs().outcomes([sat, unrecorded, none])
    })

    expect(sql).toHaveLength(1)
    expect(rows).toHaveLength(2)
    expect(rows.find(o => o.reviewId === sat)).toEqual({
      reviewId: sat,
      attended: true,
      progress: 'poor',
      decision: 'breach_referral',
      benchComments: 'Keep going',
      benchUserIds: expect.arrayContaining([a, b]),
    })
    expect(rows.find(o => o.reviewId === sat)!.benchUserIds).toHaveLength(2)
    expect(rows.find(o => o.reviewId === unrecorded)).toEqual(
      expect.objectContaining({ attended: false, benchComments: null, benchUserIds: [] }),
    )
  })

  it('when people have drug tests, then gives them in the order taken with their results, corrected ones marked and withdrawn ones left out', async () => {
    const c = await court()
    const [p, other] = [await requirement(c), await requirement(c)]
    const enteredBy = await user('Tester', 'provider')
    const test = (
      personId: string,
      takenOn: string,
      results: Record<string, string>,
      otherSubstance: string | null = null,
    ) => ({
      id: newId(),
      person_id: personId,
      taken_on: takenOn,
      method: 'oral_fluid',
      results: JSON.stringify(results),
      other_substance: otherSubstance,
      entered_by: enteredBy,
      created_at: AT,
      version: 1,
      corrected_at: null as string | null,
      withdrawn_at: null as string | null,
      withdrawn_by: null as string | null,
      withdrawn_reason: null as string | null,
    })
    await db('drug_test').insert([
      { ...test(p.personId, '2026-02-10', { cocaine: 'positive' }), corrected_at: AT, version: 2 },
      test(p.personId, '2026-01-20', { opiates: 'negative', other: 'positive' }, 'Spice'),
      {
        ...test(p.personId, '2026-01-25', { opiates: 'positive' }),
        withdrawn_at: AT,
        withdrawn_by: enteredBy,
        withdrawn_reason: 'Wrong person',
      },
      test(other.personId, '2026-01-01', { cannabis: 'negative' }),
    ])

    const rows = await packs().drugTests([p.personId])

    expect(rows).toEqual([
      {
        personId: p.personId,
        takenOn: '2026-01-20',
        method: 'oral_fluid',
        results: { opiates: 'negative', other: 'positive' },
        otherSubstance: 'Spice',
        corrected: false,
      },
      {
        personId: p.personId,
        takenOn: '2026-02-10',
        method: 'oral_fluid',
        results: { cocaine: 'positive' },
        otherSubstance: null,
        corrected: true,
      },
    ])
  })

  it('when orders have documents, then names only those with a pre-sentence report, once each', async () => {
    const c = await court()
    const [withPsr, withOther, without] = [await requirement(c), await requirement(c), await requirement(c)]
    const by = await user('Clerk', 'clerk')
    const doc = (orderId: string, kind: string) => ({
      id: newId(),
      order_id: orderId,
      kind,
      filename: 'psr.pdf',
      media_type: 'application/pdf',
      size: 4,
      content: Buffer.from('%PDF'),
      uploaded_by: by,
      uploaded_at: AT,
    })
    await db('document').insert([
      doc(withPsr.orderId, 'psr'),
      doc(withPsr.orderId, 'psr'),
      doc(withOther.orderId, 'other'),
    ])

    expect(await packs().ordersWithPsr([withPsr.orderId, withOther.orderId, without.orderId])).toEqual([
      withPsr.orderId,
    ])
  })

  it('when asked for names, then gives each user asked for', async () => {
    const [a, b] = [await user('Ann Bench'), await user('Bob Bench')]
    await user('Not Asked')

    const rows = await packs().userNames([a, b])

    expect(rows.sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { id: a, name: 'Ann Bench' },
      { id: b, name: 'Bob Bench' },
    ])
  })
})
