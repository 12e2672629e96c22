import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { queriesDuring } from '../../support/queries'
import { createDrugTestRepository, type DrugTest } from '../../../server/data/drugTestRepository'
import { newId } from '../../../server/utils/ids'
import { AT, progressSeed } from './progressSeed'

// The drug test repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set).

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const { court, organisation, user, person, requirement } = progressSeed(() => db)

describe('the drug test repository', () => {
  const tests = () => createDrugTestRepository(db)
  const test = (personId: string, takenOn: string, enteredBy: string, over: Partial<DrugTest> = {}): DrugTest => ({
    id: newId(),
    personId,
    takenOn,
    method: 'urine',
    results: { opiates: 'negative' },
    otherSubstance: null,
    organisationId: null,
    enteredBy,
    uploadId: null,
    createdAt: AT,
    version: 1,
    correctedAt: null,
    withdrawn: null,
    ...over,
  })

  it('when 250 tests are stored, then it takes two statements and they read back latest first, results in one order', async () => {
    const p = await person()
    const worker = await user('Tess', 'provider')
    const many = Array.from({ length: 250 }, (_, i) =>
      test(p.id, `2026-0${1 + (i % 3)}-10`, worker, {
        createdAt: `2026-03-02T09:${`${i % 60}`.padStart(2, '0')}:00.000Z`,
      }),
    )
    many[0] = {
      ...many[0],
      takenOn: '2026-04-01',
      results: { other: 'positive', cocaine: 'positive' },
      otherSubstance: 'Spice',
    }

    const sql = await queriesDuring(db, () => tests().insert(many))
    const read = await tests().forPerson(p.id)

    expect(sql.filter(s => /insert/i.test(s))).toHaveLength(2)
    expect(read).toHaveLength(250)
    expect(read[0]).toEqual({ ...many[0], results: { cocaine: 'positive', other: 'positive' } })
    expect(Object.keys(read[0].results)).toEqual(['cocaine', 'other'])
    const order = read.map(t => `${t.takenOn} ${t.createdAt}`)
    expect(order).toEqual([...order].sort().reverse())
  })

  it('when asked for tests between two dates, then both ends are included, earliest first, with the organisation’s name', async () => {
    const p = await person()
    const org = await organisation('provider')
    const worker = await user('Tess', 'provider', org)
    await tests().insert([
      test(p.id, '2026-02-28', worker),
      test(p.id, '2026-03-10', worker, { organisationId: org, results: { cannabis: 'positive' } }),
      test(p.id, '2026-03-01', worker),
      test(p.id, '2026-03-11', worker),
    ])

    const evidence = await tests().takenBetween(p.id, '2026-03-01', '2026-03-10')

    expect(evidence.map(t => t.takenOn)).toEqual(['2026-03-01', '2026-03-10'])
    expect(evidence[1]).toMatchObject({ method: 'urine', results: { cannabis: 'positive' }, otherSubstance: null })
    expect(evidence[1].organisationName).toMatch(/^Org /)
    expect(evidence[0].organisationName).toBeNull()
  })

  it('when asked for several people’s tests between two dates, then gives each in range and no one else’s', async () => {
    const [a, b, c] = [await person(), await person(), await person()]
    const worker = await user('Tess', 'provider')
    await tests().insert([
      test(a.id, '2026-03-01', worker),
      test(b.id, '2026-03-05', worker),
      test(b.id, '2026-03-06', worker),
      test(c.id, '2026-03-03', worker),
    ])

    const found = await tests().forPeopleBetween([a.id, b.id], '2026-03-01', '2026-03-05')

    expect(found.map(t => `${t.personId === a.id ? 'a' : 'b'} ${t.takenOn}`).sort()).toEqual([
      'a 2026-03-01',
      'b 2026-03-05',
    ])
    expect(await tests().forPeopleBetween([], '2026-03-01', '2026-03-05')).toEqual([])
  })

  it('when people are looked up by CRN, then only those in scope are found, each with their last order’s end', async () => {
    const c = await court()
    const org = await organisation('provider')
    const officer = await user('Olive', 'probation')
    const mine = await person()
    const theirs = await person()
    await requirement(c, mine.id, { providerId: org, officerId: officer, endsOn: '2026-12-31' })
    await requirement(c, mine.id, { endsOn: '2027-06-30' })
    await requirement(c, theirs.id, { providerId: await organisation('provider') })
    const crns = [mine.crn, theirs.crn, 'Z999999']

    const asProvider = await tests().peopleByCrn(crns, { kind: 'provider', organisationId: org })
    const asOfficer = await tests().peopleByCrn(crns, { kind: 'officer', userIds: [officer] })
    const asNobody = await tests().peopleByCrn(crns, { kind: 'none' })

    expect(asProvider).toEqual(new Map([[mine.crn, { id: mine.id, name: mine.name, endsOn: '2026-12-31' }]]))
    expect([...asOfficer.keys()]).toEqual([mine.crn])
    expect(asNobody.size).toBe(0)
    expect((await tests().peopleByCrn(crns, { kind: 'all' })).get(mine.crn)?.endsOn).toBe('2027-06-30')
  })

  it('when asked when a person’s orders end, then gives the last day of the last, or null without one', async () => {
    const c = await court()
    const p = await person()
    await requirement(c, p.id, { endsOn: '2026-12-31' })
    await requirement(c, p.id, { endsOn: '2027-02-01' })

    expect(await tests().lastOrderEnd(p.id)).toBe('2027-02-01')
    expect(await tests().lastOrderEnd((await person()).id)).toBeNull()
  })
})
